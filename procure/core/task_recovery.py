"""Tasks whose worker died mid-way (killed, out of memory, the machine rebooted) stay "running" forever in the
database queue. `recover_stalled_tasks` (run every few minutes, and by `make serve` before the worker starts)
ends them visibly: each is marked failed with a Korean reason, and a task that is safe to run again — marked
with `@rerunnable` by its app, because running it twice does no harm — is enqueued once more.

Imports are not handled here: an import job has its own heartbeat and lease (core/import_jobs.py) and says
"처리 실패" with a retry button when its worker is lost."""

import datetime
import importlib

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

STALLED_AFTER = datetime.timedelta(minutes=15)
RERUNNABLE: set[str] = set()
LOST = "작업자가 중간에 멈춰 끝나지 않았습니다 (작업자 종료 또는 재시작)."


def rerunnable(task):
    """Mark a task as safe to run again after its worker died (idempotent)."""
    RERUNNABLE.add(task.module_path)
    return task


def _discover() -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("procure."):
            try:
                importlib.import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.tasks":
                    raise


def stalled_tasks_recover(*, now: datetime.datetime | None = None, stalled_after=STALLED_AFTER) -> dict:
    """Fail every task running for longer than `stalled_after`; enqueue the rerunnable ones again."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    _discover()
    now = now or timezone.now()
    failed, rerun = 0, 0
    stalled = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - stalled_after)
    for result in stalled.exclude(task_path__contains="import_job"):
        with transaction.atomic():
            locked = DBTaskResult.objects.select_for_update().filter(pk=result.pk, status=TaskResultStatus.RUNNING)
            if not locked.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="procure.core.task_recovery.WorkerLost",
                traceback=LOST,
            ):
                continue
        failed += 1
        if result.task_path in RERUNNABLE:
            arguments = result.args_kwargs or {}
            import_string(result.task_path).enqueue(*arguments.get("args", []), **arguments.get("kwargs", {}))
            rerun += 1
    return {"failed": failed, "rerun": rerun}


class WorkerLost(Exception):
    """The reason recorded on a task whose worker died."""
