"""Progress of a background import, told to the web process outside the import's transaction.

An import writes inside one transaction, so progress saved on the ImportJob row would only be seen when
the import ends; it goes to the shared "progress" cache instead (settings.CACHES)."""

from django.core.cache import caches

_HOURS = 3600


def _key(job_id: int) -> str:
    return f"import-job-progress:{job_id}"


def progress_write(job_id: int, done: int, total: int) -> None:
    caches["progress"].set(_key(job_id), (done, max(total, done)), 6 * _HOURS)


def progress_read(job_id: int) -> tuple[int, int] | None:
    return caches["progress"].get(_key(job_id))


def progress_clear(job_id: int) -> None:
    caches["progress"].delete(_key(job_id))


def with_live_progress(job):
    """The job with the progress its worker last told, while it runs."""
    live = progress_read(job.pk) if job.is_running else None
    if live:
        job.progress_done, job.progress_total = live
    return job
