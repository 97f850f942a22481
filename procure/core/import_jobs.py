"""The life of an import job in the web UI, so that every job ends in a state people can see and act on.

    uploaded → checking → checked → applying → applied        (applied is final: the job is history)
                        ↘ refused (the file has errors: fix it, or match its columns and check again)
    checking / applying ↘ failed (the worker raised or died: a Korean reason, and 다시 시도)

The worker beats a heartbeat while it runs a phase (core/progress.py); a phase whose heartbeat has been
silent longer than IMPORT_LEASE_SECONDS is declared failed when someone looks at the job. Each phase run is
identified by its `started_at`: a run that lost its lease cannot overwrite the job afterwards.
"""

import logging
import tempfile
import time

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from procure.core import slots
from procure.core.imports import IMPORTERS, ImportResult, run_import
from procure.core.models import RECHECKABLE_STATUSES, ImportJob, ImportJobStatus
from procure.core.progress import heartbeat, heartbeat_read, progress_clear, progress_write
from procure.core.services import notify
from procure.core.tabular import TableError

logger = logging.getLogger(__name__)

CHECK, APPLY = "check", "apply"
NOTHING_WRITTEN = "반영된 것은 없습니다."
DIED = f"가져오기 작업을 처리하던 작업자가 멈춰 작업이 끝나지 않았습니다. {NOTHING_WRITTEN} ‘다시 시도’를 눌러 주세요."
UNEXPECTED = (
    "처리 중 예기치 못한 오류가 났습니다 ({kind}). "
    + NOTHING_WRITTEN
    + " ‘다시 시도’를 누르거나, 계속되면 지원센터에 문의해 주세요."
)
PREVIEW_CHANGES = 300


def _progress_writer(job_id: int):
    progress_clear(job_id)

    def progress(done: int, total: int) -> None:
        progress_write(job_id, done, total)

    return progress


def _claim(job_id: int, *, status: str, phase: str) -> tuple[ImportJob, object] | None:
    """Mark the phase as started by this run; None if the job is not waiting for this phase any more."""
    started_at = timezone.now()
    waiting = ImportJobStatus.UPLOADED if phase == CHECK else ImportJobStatus.APPLYING
    claimed = ImportJob.objects.filter(pk=job_id, status=waiting, started_at__isnull=True).update(
        status=status, started_at=started_at, failure="", failed_phase=""
    )
    if not claimed:
        return None
    return ImportJob.objects.select_related("uploaded_by").get(pk=job_id), started_at


def _run_phase(job_id: int, phase: str) -> None:
    status = ImportJobStatus.CHECKING if phase == CHECK else ImportJobStatus.APPLYING
    claimed = _claim(job_id, status=status, phase=phase)
    if claimed is None:
        logger.info("import job %s: %s not waiting, skipped", job_id, phase)
        return
    job, started_at = claimed
    mine = ImportJob.objects.filter(pk=job_id, started_at=started_at, status=status)
    with heartbeat(job_id), tempfile.TemporaryFile("w+", encoding="utf-8-sig", newline="") as sink:
        sink.write("행,열,내용\n")
        try:
            with job.file.open("rb") as handle:
                result = run_import(
                    IMPORTERS[job.kind](**(job.options or {})),
                    handle,
                    actor=job.uploaded_by,
                    dry_run=phase == CHECK,
                    filename=job.filename,
                    progress=_progress_writer(job_id),
                    mapping=job.mapping,
                    errors_sink=sink,
                )
        except Exception as error:  # noqa: BLE001 — the job must end visibly whatever went wrong
            logger.exception("import job %s: %s failed", job_id, phase)
            reason = str(error) if isinstance(error, TableError) else UNEXPECTED.format(kind=type(error).__name__)
            mine.update(status=ImportJobStatus.FAILED, failure=reason, failed_phase=phase, started_at=None)
            _tell(job, title=f"가져오기 실패: {job.filename}", body=reason)
            return
        errors_file = None
        if result.errors:
            sink.seek(0)
            errors_file = File(sink, name="errors.csv")
        _finish(job, mine, phase=phase, result=result, errors_file=errors_file)


def _finish(job: ImportJob, mine, *, phase: str, result: ImportResult, errors_file) -> None:
    summary = {**result.as_json(), "error_total": result.error_total, "error_rows": result.error_rows}
    fields = {"progress_done": result.rows, "progress_total": result.rows}
    if result.errors:
        # Checked or applied, a file with errors is refused whole; its full error list is kept for download.
        fields |= {"status": ImportJobStatus.REFUSED, "preview": {**summary, "headers": result.headers}}
    elif phase == CHECK:
        changes = result.changes[:PREVIEW_CHANGES]
        fields |= {
            "status": ImportJobStatus.CHECKED,
            "preview": {**summary, "changes": changes, "headers": result.headers},
        }
    else:
        fields |= {"status": ImportJobStatus.APPLIED, "result": summary, "finished_at": timezone.now()}
    with transaction.atomic():
        if not mine.update(**fields):
            logger.warning("import job %s: lost its lease before finishing %s; result dropped", job.pk, phase)
            return
        if errors_file is not None:
            job.errors_file.save("errors.csv", errors_file, save=False)
            ImportJob.objects.filter(pk=job.pk).update(errors_file=job.errors_file.name)
        if phase == APPLY or result.errors:
            _tell(
                job,
                title=f"가져오기 {'실패' if result.errors else '완료'}: {job.filename}",
                body=result.summary_korean(),
            )


def _tell(job: ImportJob, *, title: str, body: str) -> None:
    notify(
        recipient=job.uploaded_by, title=title, body=body, link=slots.page_url("core.import_job", job.pk), email=False
    )


def import_job_check_run(job_id: int) -> None:
    """Validate the whole file and compute what it would change, writing nothing (the worker's task)."""
    _run_phase(job_id, CHECK)


def import_job_apply_run(job_id: int) -> None:
    """Apply a checked file, all or nothing (the worker's task)."""
    _run_phase(job_id, APPLY)


# --- what the web UI does with a job ----------------------------------------------------------------------


def import_job_detect_death(job: ImportJob) -> ImportJob:
    """A running phase whose worker stopped beating (killed, out of memory, machine restarted) is failed."""
    if job.status not in (ImportJobStatus.CHECKING, ImportJobStatus.APPLYING) or job.started_at is None:
        return job
    last_sign = max(heartbeat_read(job.pk) or 0.0, job.started_at.timestamp())
    if time.time() - last_sign <= settings.IMPORT_LEASE_SECONDS:
        return job
    phase = APPLY if job.status == ImportJobStatus.APPLYING else CHECK
    ImportJob.objects.filter(pk=job.pk, status=job.status, started_at=job.started_at).update(
        status=ImportJobStatus.FAILED, failure=DIED, failed_phase=phase, started_at=None
    )
    job.refresh_from_db()
    return job


def import_job_confirm(job: ImportJob) -> bool:
    """Apply a checked job; only one confirmation wins, even if the button is pressed twice."""
    confirmed = ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.CHECKED).update(
        status=ImportJobStatus.APPLYING, started_at=None
    )
    if confirmed:
        _enqueue(job.pk, APPLY)
    return bool(confirmed)


def import_job_retry(job: ImportJob) -> bool:
    """Run the phase that failed again."""
    phase = job.failed_phase or CHECK
    waiting = ImportJobStatus.APPLYING if phase == APPLY else ImportJobStatus.UPLOADED
    retried = ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.FAILED).update(
        status=waiting, started_at=None, failure="", progress_done=0, progress_total=0
    )
    if retried:
        _enqueue(job.pk, phase)
    return bool(retried)


def import_job_recheck(job: ImportJob, *, mapping: dict | None, options: dict | None = None) -> bool:
    """Check the file again with a new column mapping (or new options, such as what to do with unknown
    departments); never once the job has been applied or while it runs."""
    rechecked = ImportJob.objects.filter(pk=job.pk, status__in=RECHECKABLE_STATUSES).update(
        mapping=mapping,
        options=job.options if options is None else options,
        status=ImportJobStatus.UPLOADED,
        started_at=None,
        preview=None,
        failure="",
        failed_phase="",
        progress_done=0,
        progress_total=0,
    )
    if rechecked:
        _enqueue(job.pk, CHECK)
    return bool(rechecked)


def import_job_submit(job: ImportJob) -> None:
    _enqueue(job.pk, CHECK)


def _enqueue(job_id: int, phase: str) -> None:
    from procure.core.tasks import import_job_apply, import_job_check

    task = import_job_check if phase == CHECK else import_job_apply
    transaction.on_commit(lambda: task.enqueue(job_id))
