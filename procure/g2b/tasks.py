"""The daily collection as a background task (the page's "지금 모으기" button enqueues it; cron runs the command)."""

import datetime

from django.contrib.auth import get_user_model
from django_tasks import task

from procure.g2b import services


@task()
def collect_g2b_daily(actor_id: int | None = None) -> None:
    """Every institution with a 기관코드, from 1 January to yesterday: the days not collected yet, and the last week
    again for changes. A quota stop is recorded and the next run resumes."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    since, until = services.default_window()
    try:
        # At most 12 minutes a run: the worker's stall check fails tasks running for 15 (core/task_recovery.py);
        # what is left is collected by the next run (cron, or the button again).
        collector = services.Collector(
            client=services.client_from_settings(), actor=actor, trigger="task", max_seconds=12 * 60
        )
        collector.run(
            since=since,
            until=until,
            institutions=services.institutions_with_code(),
            refresh_from=until - datetime.timedelta(days=6),
        )
    except services.CollectError as error:
        services.record_refusal(trigger="task", actor=actor, message=str(error))
