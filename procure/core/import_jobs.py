"""The life of an import job in the web UI, so that every job ends in a state people can see and act on.

    uploaded → checking → checked → applying → applied        (applied is final: the job is history)
                        ↘ refused (the file has errors: fix it, or match its columns and check again)
    checking / applying ↘ failed (the worker raised or died: a Korean reason, and 다시 시도)

The worker beats a heartbeat while it runs a phase (core/progress.py); a phase whose heartbeat has been
silent longer than IMPORT_LEASE_SECONDS is declared failed when someone looks at the job. Each phase run is
identified by its `started_at`: a run that lost its lease cannot overwrite the job afterwards.

Disk and time are bounded: the check runs under a CPU-time budget (IMPORT_CHECK_CPU_SECONDS, "파일이 너무
복잡합니다"), the error list kept for download holds the first IMPORT_ERRORS_FILE_ROWS errors and a count of the
rest, and `purge_import_files` removes a finished job's files after IMPORT_RETENTION_DAYS.
"""

import csv
import io
import logging
import tempfile
import time

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from procure.core import slots
from procure.core.errors import ServiceError
from procure.core.imports import IMPORTERS, ImportResult, file_sha256, run_import
from procure.core.models import (
    RECHECKABLE_STATUSES,
    RUNNING_STATUSES,
    ColumnMappingPreset,
    ImportJob,
    ImportJobStatus,
)
from procure.core.progress import heartbeat, heartbeat_read, progress_clear, progress_write
from procure.core.services import audit, notify
from procure.core.signals import import_phase_wanted
from procure.core.tabular import TableError, parse_deadline

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
MEGABYTE = 1024 * 1024
# A message quotes the cell it is about; a cell may be 100 KB of text. Kept and listed messages are cut here.
MESSAGE_CHARS = 200


def _shorter(message: str) -> str:
    return message if len(message) <= MESSAGE_CHARS else message[: MESSAGE_CHARS - 1] + "…"


class CappedErrors:
    """The error list kept for download: the first `limit` errors (one CSV line each, as RowErrors writes them,
    their message cut to MESSAGE_CHARS), then one line counting the rest. A 50 MB file of bad rows stores a
    file of a few hundred kilobytes, not gigabytes."""

    def __init__(self, sink, limit: int):
        self.sink, self.limit = sink, limit
        self.kept = self.left_out = 0

    def write(self, line: str) -> None:
        if self.kept >= self.limit:
            self.left_out += 1
            return
        self.kept += 1
        if len(line) > MESSAGE_CHARS + 40:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in csv.reader(io.StringIO(line)):
                writer.writerow([_shorter(cell) for cell in row])
            line = buffer.getvalue()
        self.sink.write(line)

    def finish(self) -> None:
        if self.left_out:
            note = f"처음 {self.kept:,}건만 담았습니다. 나머지 {self.left_out:,}건은 생략했습니다."
            csv.writer(self.sink).writerow(["", "", note])


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
        capped = CappedErrors(sink, settings.IMPORT_ERRORS_FILE_ROWS)
        budget = settings.IMPORT_CHECK_CPU_SECONDS if phase == CHECK else None
        try:
            with job.file.open("rb") as handle, parse_deadline(budget):
                result = run_import(
                    IMPORTERS[job.kind](**(job.options or {})),
                    handle,
                    actor=job.uploaded_by,
                    dry_run=phase == CHECK,
                    filename=job.filename,
                    progress=_progress_writer(job_id),
                    mapping=job.mapping,
                    errors_sink=capped,
                )
        except Exception as error:  # noqa: BLE001 — the job must end visibly whatever went wrong
            logger.exception("import job %s: %s failed", job_id, phase)
            reason = str(error) if isinstance(error, TableError) else UNEXPECTED.format(kind=type(error).__name__)
            mine.update(status=ImportJobStatus.FAILED, failure=reason, failed_phase=phase, started_at=None)
            _tell(job, title=f"가져오기 실패: {job.filename}", body=reason)
            return
        errors_file = None
        if result.errors:
            capped.finish()
            sink.seek(0)
            errors_file = File(sink, name="errors.csv")
        _finish(job, mine, phase=phase, result=result, errors_file=errors_file)


def _finish(job: ImportJob, mine, *, phase: str, result: ImportResult, errors_file) -> None:
    summary = {**result.as_json(), "error_total": result.error_total, "error_rows": result.error_rows}
    summary["errors"] = [{**error, "message": _shorter(error["message"])} for error in summary["errors"]]
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
        replaced = job.errors_file.name
        if errors_file is not None:
            job.errors_file.save("errors.csv", errors_file, save=False)
            ImportJob.objects.filter(pk=job.pk).update(errors_file=job.errors_file.name)
        elif replaced:  # checked again without errors: the old list is not this file's any more
            ImportJob.objects.filter(pk=job.pk).update(errors_file="")
        if replaced:
            storage = job.errors_file.storage
            transaction.on_commit(lambda: storage.delete(replaced))
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
    confirmed = ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.CHECKED, files_removed_at=None).update(
        status=ImportJobStatus.APPLYING, started_at=None, queued_at=timezone.now(), progress_done=0, progress_total=0
    )
    if confirmed:
        _enqueue(job.pk, APPLY)
    return bool(confirmed)


def import_job_retry(job: ImportJob) -> bool:
    """Run the phase that failed again."""
    phase = job.failed_phase or CHECK
    waiting = ImportJobStatus.APPLYING if phase == APPLY else ImportJobStatus.UPLOADED
    retried = ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.FAILED, files_removed_at=None).update(
        status=waiting, started_at=None, failure="", progress_done=0, progress_total=0, queued_at=timezone.now()
    )
    if retried:
        _enqueue(job.pk, phase)
    return bool(retried)


def import_job_recheck(job: ImportJob, *, mapping: dict | None, options: dict | None = None) -> bool:
    """Check the file again with a new column mapping (or new options, such as what to do with unknown
    departments); never once the job has been applied or while it runs."""
    rechecked = ImportJob.objects.filter(pk=job.pk, status__in=RECHECKABLE_STATUSES, files_removed_at=None).update(
        queued_at=timezone.now(),
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


QUOTA_RETRY_SECONDS = 60


def import_quota_refusal(user, size: int) -> str | None:
    """Why `user` may not upload a file of `size` bytes now (their jobs still waiting for or held by the worker
    are at IMPORT_PENDING_JOBS_PER_USER, or would pass IMPORT_PENDING_BYTES_PER_USER with it); None when they may."""
    pending = ImportJob.objects.filter(uploaded_by=user, status__in=RUNNING_STATUSES).aggregate(
        jobs=Count("pk"), size=Sum("file_size")
    )
    jobs, used = pending["jobs"], pending["size"] or 0
    most_jobs, most_bytes = settings.IMPORT_PENDING_JOBS_PER_USER, settings.IMPORT_PENDING_BYTES_PER_USER
    wait = "올린 파일의 검사나 반영이 끝난 뒤 다시 올려 주세요."
    if jobs >= most_jobs:
        return f"처리를 기다리는 파일이 이미 {jobs:,}개입니다 (한 사람당 {most_jobs:,}개까지). {wait}"
    if used + size > most_bytes:
        return (
            f"처리를 기다리는 파일이 모두 {used / MEGABYTE:,.1f}MB라 이 파일({size / MEGABYTE:,.1f}MB)을 더할 수 "
            f"없습니다 (한 사람당 {most_bytes / MEGABYTE:,.1f}MB까지). {wait}"
        )
    return None


def import_job_submit(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(queued_at=timezone.now())
    _enqueue(job.pk, CHECK)


class ImportRefused(ServiceError):
    """An upload the quota refuses (import_quota_refusal's Korean reason)."""


@transaction.atomic
def import_job_upload(*, actor, kind: str, uploaded, mapping: dict | None) -> ImportJob:
    """An uploaded file becomes a job queued for its check — or ImportRefused, with nothing stored, when the
    uploader's waiting jobs are at their quota. Audited: who uploaded which file (name, size, SHA-256)."""
    refusal = import_quota_refusal(actor, uploaded.size)
    if refusal is not None:
        raise ImportRefused(refusal)
    job = ImportJob.objects.create(
        kind=kind,
        file=uploaded,
        file_size=uploaded.size,
        filename=uploaded.name[:255],
        sha256=file_sha256(uploaded),
        uploaded_by=actor,
        mapping=mapping,
    )
    audit(
        actor=actor,
        action="core.import_job.uploaded",
        obj=job,
        after={"kind": kind, "filename": job.filename, "size": job.file_size, "sha256": job.sha256},
    )
    import_job_submit(job)
    return job


@transaction.atomic
def column_mapping_preset_save(*, actor, kind: str, institution, name: str, mapping: dict) -> ColumnMappingPreset:
    """Keeps a column mapping under a name for the next file of this kind (per institution, or for everyone);
    saving under an existing name replaces its mapping. Audited with the mapping before and after."""
    preset = ColumnMappingPreset.objects.filter(kind=kind, institution=institution, name=name.strip()).first()
    before = {"mapping": preset.mapping} if preset else None
    preset, _ = ColumnMappingPreset.objects.update_or_create(
        kind=kind, institution=institution, name=name.strip(), defaults={"mapping": mapping, "created_by": actor}
    )
    if before != {"mapping": mapping}:
        audit(actor=actor, action="core.mapping_preset.saved", obj=preset, before=before, after={"mapping": mapping})
    return preset


def _enqueue(job_id: int, phase: str) -> None:
    import_phase_wanted.send(sender=ImportJob, job_id=job_id, phase=phase)  # core.tasks queues it after commit
