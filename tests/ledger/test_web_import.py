"""A ledger exported by another system: its own headers, matched once by hand, then saved as a preset."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procure.core.models import AuditEvent, ColumnMappingPreset, ImportJob, ImportJobStatus
from procure.ledger.models import LedgerBatch, PurchaseRecord
from tests.ledger.test_counting import ledger_rows, to_csv

FOREIGN_HEADERS = {
    "기관명": "수요기관",
    "부서명": "요청부서",
    "계약일자": "계약체결일",
    "계약명": "계약건명",
    "구분": "업무구분",
    "계약방법": "계약방식",
    "계약금액": "총계약금액",
    "업체명": "계약상대자",
    "사업자등록번호": "상대자 사업자번호",
}


def foreign_file(count=12) -> bytes:
    rows = [{FOREIGN_HEADERS[k]: v for k, v in row.items()} for row in ledger_rows(count=count)]
    return to_csv(rows, "cp949")


def upload(client, capture, data, **extra):
    with capture(execute=True):
        client.post(
            reverse("site:import_upload", args=["ledger"]), {"file": SimpleUploadedFile("g2b.csv", data), **extra}
        )
    return ImportJob.objects.order_by("-pk").first()


def test_unknown_headers_are_matched_by_hand_then_reused(client, center_staff, django_capture_on_commit_callbacks):
    client.force_login(center_staff)
    job = upload(client, django_capture_on_commit_callbacks, foreign_file())
    assert job.status == ImportJobStatus.REFUSED
    page = client.get(reverse("site:import_job", args=[job.pk])).content.decode()
    assert "필수 열" in page and "열을 직접 맞춰" in page

    form = client.get(reverse("site:import_job_mapping", args=[job.pk])).content.decode()
    assert "총계약금액" in form
    choices = {
        f"col_{key}": header
        for key, header in {
            "institution": "수요기관",
            "department": "요청부서",
            "contract_date": "계약체결일",
            "title": "계약건명",
            "kind": "업무구분",
            "method": "계약방식",
            "amount": "총계약금액",
            "supplier": "계약상대자",
            "supplier_business_no": "상대자 사업자번호",
        }.items()
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_job_mapping", args=[job.pk]), {**choices, "save_as": "나라장터 계약 내역"})
    job.refresh_from_db()
    assert job.status == ImportJobStatus.CHECKED and job.preview["created"] == 12
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_job_confirm", args=[job.pk]))
    assert PurchaseRecord.objects.count() == 12

    preset = ColumnMappingPreset.objects.get(name="나라장터 계약 내역")
    saved = AuditEvent.objects.get(action="core.mapping_preset.saved")  # who kept which mapping
    assert saved.actor_id == center_staff.pk and saved.after["mapping"]["amount"] == "총계약금액"
    uploaded = AuditEvent.objects.filter(action="core.import_job.uploaded", actor=center_staff)
    assert uploaded.count() == 1 and uploaded.get().after["sha256"] == job.sha256
    again = upload(client, django_capture_on_commit_callbacks, foreign_file(), preset=preset.pk)
    assert again.status == ImportJobStatus.CHECKED
    assert again.preview["unchanged"] == 12 and again.preview["created"] == 0


def test_undo_from_the_batch_page_takes_the_lines_back(client, center_staff, django_capture_on_commit_callbacks):
    client.force_login(center_staff)
    job = upload(client, django_capture_on_commit_callbacks, to_csv(ledger_rows(count=8)))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_job_confirm", args=[job.pk]))
    batch = LedgerBatch.objects.get()
    confirm = client.get(reverse("ledger:batch_undo", args=[batch.pk])).content.decode()
    assert "되돌릴까요?" in confirm and PurchaseRecord.objects.count() == 8
    refused = client.post(reverse("ledger:batch_undo", args=[batch.pk]))  # no reason: nothing done
    assert "되돌리는 사유를 적어 주세요." in refused.content.decode() and PurchaseRecord.objects.count() == 8
    client.post(reverse("ledger:batch_undo", args=[batch.pk]), {"reason": "엑셀 열을 잘못 고름"})
    assert PurchaseRecord.objects.count() == 0  # the whole ledger was this first load: emptied
    batch.refresh_from_db()
    assert batch.undone_by == center_staff
    undone = AuditEvent.objects.get(action="ledger.batch.undone")
    assert undone.actor_id == center_staff.pk and undone.after["reason"] == "엑셀 열을 잘못 고름"
    listed = client.get(reverse("ledger:batch_list")).content.decode()
    assert "사유: 엑셀 열을 잘못 고름" in listed and f"{center_staff.display_name} 되돌림" in listed
