"""Imported files are not kept forever: IMPORT_RETENTION_DAYS after a job has ended, its uploaded file and its
error list are removed (`python manage.py purge_import_files`, daily from cron: docs/operations.md).

A job has ended when it was applied (counted from `finished_at`), or when it was refused, failed, or checked and
never confirmed (counted from its upload). Jobs still waiting for or held by the worker are never touched. The
job itself stays, as history, with `files_removed_at` set; it can no longer be checked again or applied. Files
under the import folders that no job names (an error list replaced by a new check, an upload whose job was never
saved) are removed once they are older than the retention too.
"""

import datetime
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone

from procure.core.models import ImportJob, ImportJobStatus

logger = logging.getLogger(__name__)

ENDED = (ImportJobStatus.APPLIED, ImportJobStatus.REFUSED, ImportJobStatus.FAILED, ImportJobStatus.CHECKED)
FOLDERS = ("imports", "import-errors")


def _size(name: str) -> int:
    try:
        return default_storage.size(name)
    except OSError:
        return 0


def _remove(name: str) -> int:
    """Delete a stored file; its size, or 0 when it was already gone."""
    if not name:
        return 0
    size = _size(name)
    try:
        default_storage.delete(name)
    except OSError:
        logger.warning("import file %s could not be removed", name)
        return 0
    return size


def import_files_purge(*, days: int | None = None, now: datetime.datetime | None = None) -> dict:
    """Remove the files of jobs that ended more than `days` (IMPORT_RETENTION_DAYS) ago, and unnamed files as old.
    Returns {"jobs": …, "orphans": …, "bytes": …}."""
    days = settings.IMPORT_RETENTION_DAYS if days is None else days
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=days)
    expired = ImportJob.objects.filter(status__in=ENDED, files_removed_at=None).filter(
        Q(finished_at__lt=cutoff) | Q(finished_at=None, created_at__lt=cutoff)
    )
    counts = {"jobs": 0, "orphans": 0, "bytes": 0}
    for job in expired.only("pk", "file", "errors_file").iterator():
        freed = _remove(job.file.name) + _remove(job.errors_file.name)
        # Only a job still ended and not yet purged is marked (the status cannot move on without its file).
        if ImportJob.objects.filter(pk=job.pk, status__in=ENDED, files_removed_at=None).update(
            file="", errors_file="", files_removed_at=now
        ):
            counts["jobs"] += 1
            counts["bytes"] += freed
    counts_orphans = _purge_orphans(cutoff)
    counts["orphans"], counts["bytes"] = counts_orphans[0], counts["bytes"] + counts_orphans[1]
    return counts


def _purge_orphans(cutoff: datetime.datetime) -> tuple[int, int]:
    named = set(ImportJob.objects.exclude(file="").values_list("file", flat=True))
    named |= set(ImportJob.objects.exclude(errors_file="").values_list("errors_file", flat=True))
    removed = freed = 0
    for folder in FOLDERS:
        for name in _walk(folder):
            if name in named:
                continue
            try:
                modified = default_storage.get_modified_time(name)
            except OSError:
                continue
            if modified < cutoff:
                freed += _remove(name)
                removed += 1
    return removed, freed


def _walk(folder: str):
    try:
        directories, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for file in files:
        yield f"{folder}/{file}"
    for directory in directories:
        yield from _walk(f"{folder}/{directory}")
