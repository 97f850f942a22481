"""A task whose worker died mid-way is ended visibly; an idempotent one runs again (issue 16, item 4)."""

import datetime

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from procure.catalog.models import Category, Offering
from procure.core.task_recovery import stalled_tasks_recover
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def stalled(task_path: str, args: list, minutes: int = 60) -> DBTaskResult:
    started = timezone.now() - datetime.timedelta(minutes=minutes)
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=started,
        args_kwargs={"args": args, "kwargs": {}},
        task_path=task_path,
        backend_name="default",
        run_after=started,
        worker_ids=["killed-worker"],
    )


def test_a_killed_analysis_is_marked_failed_and_runs_again():
    offering = Offering.objects.create(
        enterprise=EnterpriseFactory(), name="답례용 떡 세트", kind="goods", category=Category.objects.get(code="FOOD")
    )
    lost = stalled("procure.catalog.tasks.analyse_offerings", [[offering.pk]])
    assert stalled_tasks_recover() == {"failed": 1, "rerun": 1}
    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.FAILED and "멈춰" in lost.traceback
    offering.refresh_from_db()
    assert "떡" in offering.name_terms.split()  # the task ran again (inline in tests) and did its work


def test_a_task_not_safe_to_repeat_is_only_marked_failed():
    lost = stalled("procure.events.tasks.send_registration_mail", [1])
    assert stalled_tasks_recover() == {"failed": 1, "rerun": 0}
    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.FAILED


def test_a_task_still_within_its_time_is_left_running():
    running = stalled("procure.catalog.tasks.analyse_offerings", [[1]], minutes=2)
    assert stalled_tasks_recover() == {"failed": 0, "rerun": 0}
    running.refresh_from_db()
    assert running.status == TaskResultStatus.RUNNING
