import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from procure.core.models import ImportJob, ImportJobStatus
from procure.enterprises.models import Certification, Enterprise
from tests.enterprises.test_import import as_csv, thirty_enterprises


def upload(client, data: bytes, name="list.csv", capture=None):
    with capture(execute=True):
        response = client.post(
            reverse("site:import_upload", args=["enterprises"]), {"file": SimpleUploadedFile(name, data)}
        )
    return response


def test_staff_upload_preview_then_confirm(client, center_staff, django_capture_on_commit_callbacks):
    client.force_login(center_staff)
    response = upload(client, as_csv(thirty_enterprises(), "cp949"), capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.url == reverse("site:import_job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportJobStatus.CHECKED
    assert job.preview["created"] == 36
    assert Enterprise.objects.count() == 0  # the check writes nothing

    page = client.get(reverse("site:import_job", args=[job.pk])).content.decode()
    assert "확인하고 반영하기" in page and "새로 등록" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJobStatus.APPLIED
    assert Certification.objects.count() == 36
    # A second press of the button does not import twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_job_confirm", args=[job.pk]))
    assert Certification.objects.count() == 36


def test_a_bad_file_shows_every_error_and_cannot_be_confirmed(client, center_staff, django_capture_on_commit_callbacks):
    rows = thirty_enterprises()
    rows[3][2] = "없는유형"
    rows[7][4] = "어제"
    client.force_login(center_staff)
    upload(client, as_csv(rows), capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.REFUSED
    page = client.get(reverse("site:import_job", args=[job.pk])).content.decode()
    assert "없는유형" in page and "날짜 ‘어제’를 읽을 수 없습니다" in page
    assert "확인하고 반영하기" not in page
    client.post(reverse("site:import_job_confirm", args=[job.pk]))
    assert Enterprise.objects.count() == 0


def test_a_picture_is_not_accepted_as_a_spreadsheet(client, center_staff, django_capture_on_commit_callbacks):
    client.force_login(center_staff)
    response = upload(client, b"\x89PNG\r\n\x1a\n\x00\x00", "list.csv", capture=django_capture_on_commit_callbacks)
    assert "허용되지 않는 파일 형식입니다" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_template_is_a_real_workbook_with_the_korean_headers(client, center_staff):
    import io

    import openpyxl

    client.force_login(center_staff)
    response = client.get(reverse("site:import_template", args=["enterprises"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["기업명", "사업자등록번호", "기업유형"]


@pytest.mark.django_db
def test_the_status_fragment_polls_only_while_running(client, center_staff):
    client.force_login(center_staff)
    job = ImportJob.objects.create(
        kind="enterprises",
        file=SimpleUploadedFile("a.csv", b"a"),
        filename="a.csv",
        sha256="0",
        uploaded_by=center_staff,
        status=ImportJobStatus.CHECKING,
        progress_done=500,
        progress_total=2000,
    )
    fragment = client.get(reverse("site:import_job_status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "500 / 2,000행" in fragment
    job.status = ImportJobStatus.CHECKED
    job.preview = {"rows": 1, "created": 1, "updated": 0, "unchanged": 0, "errors": [], "changes": []}
    job.save()
    assert "hx-trigger" not in client.get(reverse("site:import_job_status", args=[job.pk])).content.decode()


@pytest.mark.django_db
def test_the_status_shows_the_progress_the_worker_told_while_it_runs(client, center_staff):
    from procure.core.progress import progress_write

    client.force_login(center_staff)
    job = ImportJob.objects.create(
        kind="ledger",
        file=SimpleUploadedFile("l.csv", b"a"),
        filename="l.csv",
        sha256="0",
        uploaded_by=center_staff,
        status=ImportJobStatus.APPLYING,
        started_at=timezone.now(),  # the worker has taken it (a job no worker took says it is waiting for one)
    )
    progress_write(job.pk, 300_000, 1_200_000)  # from the worker, outside the import's transaction
    fragment = client.get(reverse("site:import_job_status", args=[job.pk])).content.decode()
    assert "300,000 / 1,200,000행" in fragment and 'value="300000"' in fragment
    job.status = ImportJobStatus.APPLIED
    job.result = {"rows": 1_200_000, "created": 1_200_000, "updated": 0, "unchanged": 0, "errors": []}
    job.save()
    assert "300,000 / 1,200,000행" not in client.get(reverse("site:import_job_status", args=[job.pk])).content.decode()
