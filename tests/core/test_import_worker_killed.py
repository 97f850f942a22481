"""A worker killed with SIGKILL in the middle of an apply: nothing written, the job shown as failed once its
heartbeat has been silent past the lease, and a retry applies the file (issue 9, item 2).

The apply runs in a real child process on the test database; the parent watches it through the shared
progress cache (files, as on one machine without Redis) and kills it when it is part-way through."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from procure.core import import_jobs
from procure.core.models import ImportJob, ImportJobStatus
from procure.core.progress import heartbeat_read, progress_read
from procure.ledger.models import LedgerBatch, PurchaseRecord
from tests.ledger.test_counting import ledger_rows, to_csv

pytestmark = pytest.mark.usefixtures("declared_units")

BASE = Path(__file__).resolve().parents[2]
CHILD_NAME = "procure-killed-worker"
LINES = 150_000

CHILD = """
import sys
import django
django.setup()
from django.test.utils import override_settings
with override_settings(MEDIA_ROOT=sys.argv[2], CACHES={
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "sessions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "progress": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": sys.argv[3]},
}):
    from procure.core.import_jobs import import_job_apply_run
    import_job_apply_run(int(sys.argv[1]))
"""


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}@{host}/{db['NAME']}?application_name={CHILD_NAME}"


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_apply_leaves_nothing_and_the_job_can_be_retried(
    client, center_staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    progress_dir = tmp_path / "progress"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "k-default"},
        "sessions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "k-sessions"},
        "progress": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(progress_dir)},
    }
    settings.IMPORT_LEASE_SECONDS = 4
    job = ImportJob.objects.create(
        kind="ledger",
        file=SimpleUploadedFile("big.csv", to_csv(ledger_rows(count=LINES), "utf-8")),
        filename="big.csv",
        sha256="0",
        uploaded_by=center_staff,
    )
    import_jobs.import_job_check_run(job.pk)
    assert ImportJob.objects.get(pk=job.pk).status == ImportJobStatus.CHECKED
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.APPLYING, started_at=None)

    child = subprocess.Popen(  # noqa: S603 — our own interpreter and script
        [sys.executable, "-c", CHILD, str(job.pk), str(settings.MEDIA_ROOT), str(progress_dir)],
        cwd=BASE,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings", "DATABASE_URL": database_url()},
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            done = (progress_read(job.pk) or (0, 0))[0]
            if done >= LINES // 3 and heartbeat_read(job.pk) is not None:
                os.kill(child.pid, signal.SIGSTOP)  # hold it there while we look
                break
            assert child.poll() is None, "the apply ended before it could be killed"
            time.sleep(0.01)
        else:
            pytest.fail("the apply never got a third of the way")
        # Alive and beating: looking at the job does not declare it dead.
        assert child.poll() is None and heartbeat_read(job.pk) is not None
        client.force_login(center_staff)
        client.get(reverse("site:import_job", args=[job.pk]))
        assert ImportJob.objects.get(pk=job.pk).status == ImportJobStatus.APPLYING
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    if connection.vendor == "postgresql":  # the killed client's server process ends as soon as it notices
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s", [CHILD_NAME]
            )

    assert PurchaseRecord.objects.count() == 0 and LedgerBatch.objects.count() == 0  # nothing partial
    time.sleep(settings.IMPORT_LEASE_SECONDS + 1)
    page = client.get(reverse("site:import_job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED and "작업자가 멈춰" in page and "다시 시도" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJobStatus.APPLIED
    assert PurchaseRecord.objects.count() == LINES and LedgerBatch.objects.count() == 1
