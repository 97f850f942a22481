"""Imports cannot fill the disk or hold the worker (issue 26 §4 and the waiting job of §8): the error list kept for
download is capped, finished jobs' files are removed after the retention, each person's waiting uploads are
bounded, a check has a CPU budget, and a job no worker has taken says so."""

import csv
import datetime
import io
import os
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from procure.core import import_jobs
from procure.core.models import ImportJob, ImportJobStatus
from procure.core.tabular import TOO_COMPLEX, Table, iter_raw_rows
from procure.ledger.models import PurchaseRecord
from tests.ledger.test_counting import ledger_rows, to_csv

pytestmark = pytest.mark.usefixtures("declared_units")
sys.path.insert(0, os.path.dirname(__file__))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(client, capture, data, *, execute=True, name="ledger.csv"):
    with capture(execute=execute):
        response = client.post(reverse("site:import_upload", args=["ledger"]), {"file": SimpleUploadedFile(name, data)})
    return response, ImportJob.objects.order_by("-pk").first()


def bad_rows(count: int, cell: str) -> bytes:
    rows = ledger_rows(count=count)
    for row in rows:
        row["계약금액"] = cell
    return to_csv(rows, "utf-8")


def test_the_error_list_of_a_file_of_bad_rows_keeps_the_first_ones_and_counts_the_rest(
    client, center_staff, django_capture_on_commit_callbacks, settings
):
    settings.IMPORT_ERRORS_FILE_ROWS = 100
    client.force_login(center_staff)
    long_cell = "가" * 2000  # quoted by the message: a long cell must not make a long list
    _, job = upload(client, django_capture_on_commit_callbacks, bad_rows(1000, long_cell))
    assert job.status == ImportJobStatus.REFUSED
    assert job.preview["error_total"] == 1000
    assert all(len(error["message"]) <= 200 for error in job.preview["errors"])
    lines = list(csv.reader(io.StringIO(job.errors_file.read().decode("utf-8-sig"))))
    assert lines[0] == ["행", "열", "내용"]
    assert len(lines) == 1 + 100 + 1
    assert all(len(message) <= 200 for _, _, message in lines[1:])
    assert lines[-1][2] == "처음 100건만 담았습니다. 나머지 900건은 생략했습니다."
    assert job.errors_file.size < 100 * 700
    page = client.get(reverse("site:import_job", args=[job.pk])).content.decode()
    assert "오류 목록 내려받기 (CSV, 처음 100건)" in page
    download = client.get(reverse("site:import_job_errors", args=[job.pk]))
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]


def xfd_workbook(rows: int, column: str = "XFD") -> bytes:
    """A few KB: a header, then `rows` rows each holding one cell in the last column Excel has (XFD)."""
    from xlsx_bombs import workbook  # noqa: PLC0415

    return workbook(rows, column)


def cpu_to_read(data: bytes) -> tuple[float, list]:
    started = time.thread_time()
    rows = [values for _, values in Table(columns={"a": 0}, raw=iter_raw_rows(io.BytesIO(data))).rows()]
    return time.thread_time() - started, rows


def test_a_small_workbook_of_far_right_cells_costs_what_its_rows_cost():
    """The issue's 26 KB workbook (230,000 rows of one cell in column XFD) kept the worker busy 98 s: openpyxl
    padded each row to 16,384 cells. Now cells past XLSX_MAX_COLUMNS are not read: the rows cost what rows of
    one cell in column B cost (before: ~100 times as much)."""
    assert len(xfd_workbook(230_000)) < 30_000
    far_right, rows = cpu_to_read(xfd_workbook(30_000))
    near, _ = cpu_to_read(xfd_workbook(30_000, "B"))
    assert rows == [{"a": "기관명"}]
    assert far_right < 3 * near + 0.5


class CpuClock:
    """The thread's CPU clock as the file readers see it, with a minute added after the budget is set: a check
    spends its budget on any machine, however fast (a real 120,000-row workbook took 2 s here and under 1 s on CI)."""

    def __init__(self):
        self.calls = 0

    def thread_time(self) -> float:
        self.calls += 1
        return time.thread_time() + (0 if self.calls == 1 else 60)


def test_a_check_over_its_cpu_budget_is_refused_as_too_complex(
    client, center_staff, django_capture_on_commit_callbacks, settings, monkeypatch
):
    settings.IMPORT_CHECK_CPU_SECONDS = 1
    clock = CpuClock()
    monkeypatch.setattr("procure.core.tabular.time", clock)
    client.force_login(center_staff)
    _, job = upload(client, django_capture_on_commit_callbacks, xfd_workbook(1_000), name="l.xlsx")
    assert clock.calls >= 2  # the budget was set, then looked at while reading
    assert job.status == ImportJobStatus.REFUSED, job.failure
    assert [error["message"] for error in job.preview["errors"]] == [TOO_COMPLEX.format(seconds=1)], job.preview
    page = client.get(reverse("site:import_job", args=[job.pk])).content.decode()
    assert "파일이 너무 복잡합니다" in page
    assert not PurchaseRecord.objects.exists()


def test_pending_uploads_are_limited_per_person_in_count_and_bytes(
    client, center_staff, district_admin, django_capture_on_commit_callbacks, settings
):
    settings.IMPORT_PENDING_JOBS_PER_USER = 2
    client.force_login(center_staff)
    data = to_csv(ledger_rows(count=5))
    for _ in range(2):  # no worker runs: both wait
        response, _ = upload(client, django_capture_on_commit_callbacks, data, execute=False)
        assert response.status_code == 302
    response, _ = upload(client, django_capture_on_commit_callbacks, data, execute=False)
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "처리를 기다리는 파일이 이미 2개입니다 (한 사람당 2개까지)" in response.content.decode()
    assert ImportJob.objects.count() == 2

    # Someone else is not held up by this person's queue; their bytes are counted on their own.
    settings.IMPORT_PENDING_BYTES_PER_USER = len(data) + 10
    client.force_login(district_admin)
    assert upload(client, django_capture_on_commit_callbacks, data, execute=False)[0].status_code == 302
    response, _ = upload(client, django_capture_on_commit_callbacks, data, execute=False)
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "처리를 기다리는 파일이 모두 0.0MB라 이 파일(0.0MB)을 더할 수 없습니다" in response.content.decode()
    assert ImportJob.objects.filter(uploaded_by=district_admin).count() == 1

    # Once the worker has checked the waiting files, the person may upload again.
    client.force_login(center_staff)
    for job in ImportJob.objects.filter(uploaded_by=center_staff):
        import_jobs.import_job_check_run(job.pk)
    assert upload(client, django_capture_on_commit_callbacks, data, execute=False)[0].status_code == 302


def test_a_job_no_worker_has_taken_says_it_is_waiting_and_what_to_do(
    client, center_staff, django_capture_on_commit_callbacks
):
    client.force_login(center_staff)
    _, job = upload(client, django_capture_on_commit_callbacks, to_csv(ledger_rows(count=5)))
    assert job.status == ImportJobStatus.CHECKED and job.progress_percent == 100
    with django_capture_on_commit_callbacks(execute=False):  # confirmed, but no worker is running
        client.post(reverse("site:import_job_confirm", args=[job.pk]))
    page = client.get(reverse("site:import_job_status", args=[job.pk])).content.decode()
    assert "작업자를 기다리는 중" in page and "100%" not in page and "db_worker" not in page
    ImportJob.objects.filter(pk=job.pk).update(queued_at=timezone.now() - datetime.timedelta(minutes=7))
    page = client.get(reverse("site:import_job", args=[job.pk])).content.decode()
    assert "7분째 기다리고 있습니다" in page and "python manage.py db_worker" in page
    assert "검사를 마쳤고, 반영은 아직 시작하지 않았습니다" in page
    import_jobs.import_job_apply_run(job.pk)  # the worker starts: the job goes on by itself
    page = client.get(reverse("site:import_job", args=[job.pk])).content.decode()
    assert "작업자를 기다리는 중" not in page and "반영을 마쳤습니다" in page


def test_finished_jobs_files_are_removed_after_the_retention(
    client, center_staff, django_capture_on_commit_callbacks, settings, media
):
    settings.IMPORT_RETENTION_DAYS = 30
    client.force_login(center_staff)
    _, old_refused = upload(client, django_capture_on_commit_callbacks, bad_rows(3, "x"))
    _, recent = upload(client, django_capture_on_commit_callbacks, bad_rows(3, "x"))
    _, waiting = upload(client, django_capture_on_commit_callbacks, to_csv(ledger_rows(count=3)), execute=False)
    long_ago = timezone.now() - datetime.timedelta(days=40)
    ImportJob.objects.filter(pk__in=[old_refused.pk, waiting.pk]).update(created_at=long_ago)
    old_files = [old_refused.file.path, old_refused.errors_file.path]
    orphan = media / "import-errors" / "ledger" / "left-behind.csv"
    orphan.write_text("행,열,내용\n")
    os.utime(orphan, (long_ago.timestamp(), long_ago.timestamp()))

    out = io.StringIO()
    call_command("purge_import_files", stdout=out)
    assert "작업 1건의 파일과 주인 없는 파일 1개를 지웠습니다" in out.getvalue()
    assert not any(os.path.exists(path) for path in old_files) and not orphan.exists()
    old_refused.refresh_from_db()
    assert old_refused.files_removed_at is not None and not old_refused.file and not old_refused.errors_file
    for job in (recent, waiting):  # too recent, or still waiting for the worker
        job.refresh_from_db()
        assert job.files_removed_at is None and os.path.exists(job.file.path)

    page = client.get(reverse("site:import_job", args=[old_refused.pk])).content.decode()
    assert "보관 기간이 지나 올린 파일과 오류 목록을" in page
    assert client.get(reverse("site:import_job_errors", args=[old_refused.pk])).status_code == 404
    assert not import_jobs.import_job_recheck(old_refused, mapping=None)


def test_the_import_pages_are_for_program_staff_only(client, center_staff, make_user):
    from procure.accounts.models import Role

    job = ImportJob.objects.create(
        kind="ledger", file=SimpleUploadedFile("l.csv", b"a"), filename="l.csv", sha256="0", uploaded_by=center_staff
    )
    client.force_login(make_user(Role.BUYER, username="oscar_officer"))
    assert client.get(reverse("site:import_job", args=[job.pk])).status_code == 403
    assert client.post(reverse("site:import_upload", args=["ledger"])).status_code == 403
    client.force_login(center_staff)
    assert client.get(reverse("site:import_job", args=[job.pk])).status_code == 200
