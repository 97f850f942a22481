"""A purchase entered by hand: checked like an imported line, counted at once, audited, and not counted
twice when the same contract later arrives in an imported ledger."""

import datetime

import pytest
from django.urls import reverse

from procure.core.imports import run_import
from procure.core.models import AuditEvent
from procure.enterprises.models import Certification, EnterpriseType
from procure.ledger.imports import LedgerImporter
from procure.ledger.models import PurchaseRecord, PurchaseSource, Rollup
from procure.ledger.services import rollups_rebuild
from tests.factories import DepartmentFactory, EnterpriseFactory, PurchaseRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def supplier():
    enterprise = EnterpriseFactory(name="관악마을밥상")
    Certification.objects.create(
        enterprise=enterprise, type=EnterpriseType.VILLAGE_ENTERPRISE, valid_from=datetime.date(2024, 1, 1)
    )
    return enterprise


def form_data(supplier, **changes):
    data = {
        "contract_date": "2025-03-14",
        "title": "주민 간담회 도시락",
        "kind": "goods",
        "method": "single_quote",
        "amount": "1,250,000",
        "supplier_name": supplier.name,
        "supplier_business_no": f"{supplier.business_no[:3]}-{supplier.business_no[3:5]}-{supplier.business_no[5:]}",
        "category": "",
    }
    return data | changes


def se_amount(institution_id, year=2025):
    return sum(
        r.amount
        for r in Rollup.objects.filter(institution_id=institution_id, year=year)
        if "village" in r.held_types.split(",")
    )


def test_a_buyer_enters_a_purchase_for_their_department_and_it_counts_at_once(client, buyer, supplier):
    client.force_login(buyer)
    response = client.post(reverse("ledger:purchase_create"), form_data(supplier))
    assert response.status_code == 302
    record = PurchaseRecord.objects.get()
    assert (record.institution, record.department, record.source) == (
        buyer.institution,
        buyer.department,
        PurchaseSource.MANUAL,
    )
    assert (record.amount, record.contract_date, record.held_types) == (
        1_250_000,
        datetime.date(2025, 3, 14),
        "village",
    )
    assert se_amount(buyer.institution_id) == 1_250_000
    event = AuditEvent.objects.get(action="ledger.purchase.created")
    assert event.actor == buyer and event.after["amount"] == 1_250_000
    page = client.get(reverse("ledger:purchase_list")).content.decode()
    assert "주민 간담회 도시락" in page and "1,250,000원" in page


def test_bad_input_is_refused_in_korean_and_nothing_is_written(client, buyer, supplier):
    client.force_login(buyer)
    response = client.post(
        reverse("ledger:purchase_create"),
        form_data(supplier, amount="-5,000", supplier_business_no="123-45-6789", contract_date="2025-02-30"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "계약금액은 0원보다 커야 합니다." in page
    assert "사업자등록번호는 숫자 10자리로 입력해 주세요" in page
    assert "없는 날짜입니다" in page
    assert not PurchaseRecord.objects.exists() and not AuditEvent.objects.filter(action__startswith="ledger").exists()


def test_the_same_contract_twice_is_refused(client, buyer, supplier):
    client.force_login(buyer)
    client.post(reverse("ledger:purchase_create"), form_data(supplier))
    response = client.post(reverse("ledger:purchase_create"), form_data(supplier, amount="9,000"))
    assert "이미 원장에 있습니다" in response.content.decode()
    assert PurchaseRecord.objects.count() == 1


def test_a_later_import_of_the_same_contract_does_not_count_it_twice(client, buyer, supplier):
    client.force_login(buyer)
    client.post(reverse("ledger:purchase_create"), form_data(supplier))
    ledger = (
        "기관명,부서명,계약일자,계약명,구분,계약방법,계약금액,업체명,사업자등록번호\n"
        f"{buyer.institution.name},{buyer.department.name},2025.03.14,주민 간담회 도시락,물품,수의1인견적,"
        f'"1,250,000",{supplier.name},{supplier.business_no}\n'
    ).encode("cp949")
    result = run_import(LedgerImporter(), ledger, filename="ledger.csv")
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 1, [])
    assert se_amount(buyer.institution_id) == 1_250_000


def test_staff_choose_the_institution_and_its_department(client, center_staff, buyer, other_buyer, supplier):
    client.force_login(center_staff)
    data = form_data(supplier, institution=buyer.institution_id, department=other_buyer.department_id)
    response = client.post(reverse("ledger:purchase_create"), data)
    assert "선택한 기관의 부서가 아닙니다." in response.content.decode()
    assert not PurchaseRecord.objects.exists()
    data["department"] = buyer.department_id
    assert client.post(reverse("ledger:purchase_create"), data).status_code == 302
    assert PurchaseRecord.objects.get().department == buyer.department


def test_withdrawing_asks_for_a_reason_then_reverses_and_keeps_the_original(client, buyer, supplier):
    client.force_login(buyer)
    client.post(reverse("ledger:purchase_create"), form_data(supplier))
    record = PurchaseRecord.objects.get()
    url = reverse("ledger:purchase_reverse", args=[record.pk])
    assert "되돌리는 사유" in client.get(url).content.decode()
    response = client.post(url, {"reason": "", "amount": ""})
    assert "되돌리는 사유를 적어 주세요." in response.content.decode()
    assert PurchaseRecord.objects.count() == 1 and se_amount(buyer.institution_id) == 1_250_000
    assert client.post(url, {"reason": "중복 입력", "amount": ""}).status_code == 302
    # Nothing deleted: the original and its reversal, netting to zero in the figures.
    original, reversal = PurchaseRecord.objects.order_by("pk")
    assert original.pk == record.pk and original.amount == 1_250_000
    assert reversal.reversal_of == original and reversal.amount == -1_250_000 and reversal.note == "중복 입력"
    assert reversal.entered_by == buyer
    assert se_amount(buyer.institution_id) == 0
    event = AuditEvent.objects.get(action="ledger.purchase.reversed")
    assert event.before["amount"] == 1_250_000 and event.after["amount"] == 0 and event.actor == buyer
    assert not AuditEvent.objects.filter(action="ledger.purchase.deleted").exists()
    # A second withdrawal of what is already withdrawn is refused with a Korean message.
    assert "이미 전액 되돌린 계약입니다." in client.post(url, {"reason": "또", "amount": ""}).content.decode()
    assert PurchaseRecord.objects.count() == 2


def test_a_buyer_cannot_touch_another_departments_entry_or_an_imported_line(client, buyer, supplier):
    theirs = PurchaseRecordFactory(
        department=DepartmentFactory(institution=buyer.institution), title="옆 부서 구매", source=PurchaseSource.MANUAL
    )
    imported = PurchaseRecordFactory(department=buyer.department, title="가져온 구매", source=PurchaseSource.IMPORT)
    rollups_rebuild()
    client.force_login(buyer)
    assert "옆 부서 구매" not in client.get(reverse("ledger:purchase_list")).content.decode()
    for record in (theirs, imported):
        assert client.post(reverse("ledger:purchase_reverse", args=[record.pk]), {"reason": "x"}).status_code == 404
    assert PurchaseRecord.objects.count() == 2


def test_an_enterprise_member_may_not_enter_purchases(client, enterprise_member, supplier):
    client.force_login(enterprise_member)
    assert client.post(reverse("ledger:purchase_create"), form_data(supplier)).status_code == 403
    assert not PurchaseRecord.objects.exists()
