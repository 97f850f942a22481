"""Every import job ends in a state people can see and act on (issue 9, items 2–4 and 10)."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from procure.core import import_jobs
from procure.core.models import ImportJob, ImportJobStatus
from procure.ledger.models import LedgerBatch, PurchaseRecord
from tests.ledger.test_counting import ledger_rows, to_csv

pytestmark = pytest.mark.usefixtures("declared_units")


def upload(client, capture, data, name="ledger.csv", kind="ledger"):
    with capture(execute=True):
        client.post(reverse("site:import_upload", args=[kind]), {"file": SimpleUploadedFile(name, data)})
    return ImportJob.objects.order_by("-pk").first()


def confirm(client, capture, job):
    with capture(execute=True):
        client.post(reverse("site:import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    return job


def test_a_bad_byte_past_the_first_megabyte_refuses_the_file_in_korean(
    client, center_staff, django_capture_on_commit_callbacks
):
    rows = ledger_rows(count=40)
    data = to_csv(rows, "utf-8")
    while len(data) < 1_200_000:
        data += data[data.index(b"\r\n") + 2 :]
    data += b'"\xff\xfe broken",x\r\n'
    client.force_login(center_staff)
    job = upload(client, django_capture_on_commit_callbacks, data)
    assert job.status == ImportJobStatus.REFUSED
    page = client.get(reverse("site:import_job", args=[job.pk])).content.decode()
    assert "문자 인코딩을 알 수 없습니다" in page
    assert not PurchaseRecord.objects.exists() and not LedgerBatch.objects.exists()


def test_a_worker_that_died_mid_apply_is_detected_and_the_job_can_be_retried(
    client, center_staff, django_capture_on_commit_callbacks, settings
):
    client.force_login(center_staff)
    job = upload(client, django_capture_on_commit_callbacks, to_csv(ledger_rows(count=30)))
    assert job.status == ImportJobStatus.CHECKED
    # The worker took the apply, then was killed (kill -9): no heartbeat for longer than the lease.
    settings.IMPORT_LEASE_SECONDS = 60
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.APPLYING, started_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    page = client.get(reverse("site:import_job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED and job.failed_phase == "apply"
    assert "작업자가 멈춰" in page and "다시 시도" in page
    assert not PurchaseRecord.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJobStatus.APPLIED
    assert PurchaseRecord.objects.count() == 30 and LedgerBatch.objects.count() == 1


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone(center_staff, settings):
    from procure.core.progress import heartbeat_write

    job = ImportJob.objects.create(
        kind="ledger",
        file=SimpleUploadedFile("l.csv", b"a"),
        filename="l.csv",
        sha256="0",
        uploaded_by=center_staff,
        status=ImportJobStatus.APPLYING,
        started_at=timezone.now() - datetime.timedelta(minutes=30),
    )
    heartbeat_write(job.pk)
    assert import_jobs.import_job_detect_death(job).status == ImportJobStatus.APPLYING


def test_an_unexpected_error_ends_the_job_with_a_reason_and_a_retry(
    client, center_staff, django_capture_on_commit_callbacks, monkeypatch
):
    from procure.ledger.imports import LedgerImporter

    client.force_login(center_staff)
    job = upload(client, django_capture_on_commit_callbacks, to_csv(ledger_rows(count=10)))
    original = LedgerImporter.process

    def broken(self, *args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(LedgerImporter, "process", broken)
    job = confirm(client, django_capture_on_commit_callbacks, job)
    assert job.status == ImportJobStatus.FAILED and "예기치 못한 오류" in job.failure
    assert not PurchaseRecord.objects.exists()

    monkeypatch.setattr(LedgerImporter, "process", original)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJobStatus.APPLIED and PurchaseRecord.objects.count() == 10


def test_a_finished_job_cannot_be_reopened_or_applied_again(client, center_staff, django_capture_on_commit_callbacks):
    client.force_login(center_staff)
    job = confirm(
        client,
        django_capture_on_commit_callbacks,
        upload(client, django_capture_on_commit_callbacks, to_csv(ledger_rows(count=10))),
    )
    assert job.status == ImportJobStatus.APPLIED
    recorded = job.result
    response = client.get(reverse("site:import_job_mapping", args=[job.pk]))
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_job_mapping", args=[job.pk]), {"col_amount": "계약금액"})
        client.post(reverse("site:import_job_confirm", args=[job.pk]))
        client.post(reverse("site:import_job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJobStatus.APPLIED and job.result == recorded
    assert LedgerBatch.objects.count() == 1


def test_errors_are_kept_to_the_first_thousand_and_all_can_be_downloaded(
    client, center_staff, django_capture_on_commit_callbacks
):
    rows = ledger_rows(count=1500)
    for row in rows:
        row["계약금액"] = "많이"
        row["사업자등록번호"] = "12"
    client.force_login(center_staff)
    job = upload(client, django_capture_on_commit_callbacks, to_csv(rows))
    assert job.status == ImportJobStatus.REFUSED
    assert len(job.preview["errors"]) == 1000
    assert job.preview["error_total"] == 3000 and job.preview["error_rows"] == 1500
    page = client.get(reverse("site:import_job", args=[job.pk])).content.decode()
    assert "3,000건" in page and "오류 목록 내려받기 (CSV)" in page
    download = client.get(reverse("site:import_job_errors", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    lines = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert lines[0] == ["행", "열", "내용"] and len(lines) == 3001
    assert {line[1] for line in lines[1:]} == {"계약금액", "사업자등록번호"}


def test_the_error_list_is_for_import_staff_only(client, buyer, center_staff, django_capture_on_commit_callbacks):
    client.force_login(center_staff)
    rows = ledger_rows(count=3)
    rows[0]["계약금액"] = "많이"
    job = upload(client, django_capture_on_commit_callbacks, to_csv(rows))
    client.force_login(buyer)
    assert client.get(reverse("site:import_job_errors", args=[job.pk])).status_code == 403


@pytest.mark.parametrize("kind", ["enterprises", "catalog"])
def test_other_importers_also_refuse_a_bad_byte_deep_in_the_file(
    client, center_staff, django_capture_on_commit_callbacks, kind
):
    from procure.core.imports import IMPORTERS

    columns = [column.korean for column in IMPORTERS[kind].columns]
    line = ",".join("가나다" for _ in columns) + "\r\n"
    data = (",".join(columns) + "\r\n").encode() + line.encode() * (1_200_000 // len(line.encode())) + b"\xff\xfe\r\n"
    client.force_login(center_staff)
    job = upload(client, django_capture_on_commit_callbacks, data, kind=kind)
    assert job.status == ImportJobStatus.REFUSED
    assert any("문자 인코딩을 알 수 없습니다" in error["message"] for error in job.preview["errors"])
