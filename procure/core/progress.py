"""Progress of a background import, told to the web process outside the import's transaction.

An import writes inside one transaction, so progress saved on the ImportJob row would only be seen when
the import ends; it goes to the shared "progress" cache instead (settings.CACHES). Job numbers start again in
every database, so the keys carry the database's identity (core.dbidentity): another database on the machine, or
a restored backup, never reads this one's progress or takes its heartbeat for a live worker."""

import contextlib
import threading
import time

from django.core.cache import caches

from procure.core.dbidentity import identity_key

_HOURS = 3600


def _key(job_id: int) -> str:
    return identity_key("import-job-progress", job_id)


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


# --- the worker's heartbeat: how the web process tells a running job from one whose worker died ---------

HEARTBEAT_SECONDS = 5


def _beat_key(job_id: int) -> str:
    return identity_key("import-job-heartbeat", job_id)


def heartbeat_write(job_id: int) -> None:
    _beat(_beat_key(job_id))


def _beat(key: str) -> None:
    caches["progress"].set(key, time.time(), 6 * _HOURS)


def heartbeat_read(job_id: int) -> float | None:
    return caches["progress"].get(_beat_key(job_id))


@contextlib.contextmanager
def heartbeat(job_id: int, every: float = HEARTBEAT_SECONDS):
    """Beat every few seconds while the block runs (on a thread: the import itself may be inside one long
    database call). A worker killed mid-way stops beating; see services.import_job_detect_death."""
    stop = threading.Event()
    key = _beat_key(job_id)  # read here: the beating thread touches no database

    def beat():
        while not stop.wait(every):
            _beat(key)

    _beat(key)  # the first beat before any work, whatever the thread's scheduling
    beater = threading.Thread(target=beat, name=f"import-heartbeat-{job_id}", daemon=True)
    beater.start()
    try:
        yield
    finally:
        stop.set()
        beater.join()
        caches["progress"].delete(key)
