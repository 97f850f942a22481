"""Issue 24: a paid contract does not vanish, and one contract counts once.

A buyer alone cannot cancel a claimed or paid contract; a correction (환수, 계약 해제) is asked with a reason,
approved by the district or the center, and becomes a reversal the figures, the department page, the xlsx export,
the API and OCDS show — the original line stays. The institution's own ledger copy of a paid platform contract
(spacing, the finance system's title) does not raise the total, whichever comes first."""

import datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from procure.accounts.models import Role
from procure.api.ocds import package
from procure.buying.models import Contract, ContractCorrection, ContractStatus
from procure.core.imports import run_import
from procure.core.models import AuditEvent
from procure.institutions.models import Department, Institution
from procure.ledger.imports import LedgerImporter
from procure.ledger.models import MatchStatus, PurchaseRecord, Rollup
from procure.ledger.services import rollups_rebuild
from tests.buying.test_workflow import TODAY, answer, ask, department_se, step
from tests.buying.test_workflow import supplier as supplier  # noqa: PLC0414 — the fixture, reused
from tests.ledger.test_counting import to_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("declared_units")]
AMOUNT = 52_800_000


@pytest.fixture
def gwanak_buyer(make_user):
    """A buyer of 관악구청 총무과 (reference units), as in the issue's reproduction."""
    department = Department.objects.get(institution__name="관악구청", name="총무과")
    return make_user(Role.BUYER, username="bob_gwanak", department=department, institution=department.institution)


def paid_contract(client, buyer, supplier) -> Contract:
    request = ask(client, buyer, supplier.enterprise)
    quote = answer(client, supplier, request)
    client.force_login(buyer)
    client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": TODAY.isoformat()},
    )
    contract = Contract.objects.get(request=request)
    step(client, supplier, contract, "complete")
    step(client, buyer, contract, "inspect_pass", "확인")
    step(client, supplier, contract, "claim")
    return step(client, buyer, contract, "pay")


def rollups_as_rebuilt() -> bool:
    """The roll-ups the signed deltas left equal a rebuild from the ledger."""
    columns = ("year", "month", "institution_id", "department_id", "amount", "count")
    kept = sorted(Rollup.objects.values_list(*columns), key=repr)  # repr: a row without a department has None
    rollups_rebuild()
    rebuilt = sorted(Rollup.objects.values_list(*columns), key=repr)
    return kept == rebuilt


def unsure_day() -> datetime.date:
    """A day 10 days from today in the same month's year: near, but not near enough to be sure."""
    earlier = TODAY - datetime.timedelta(days=10)
    return earlier if earlier.year == TODAY.year else TODAY + datetime.timedelta(days=10)


def finance_copy(buyer, supplier, *, day=None, institution="관악구 청", amount=AMOUNT) -> dict:
    """The same contract as the institution's finance system exports it."""
    return {
        "기관명": institution,
        "부서명": buyer.department.name,
        "계약일자": (day or TODAY).isoformat(),
        "계약명": "[01-2026-0003] 구청 행사 답례품 구매 계약",
        "구분": "물품",
        "계약방법": "수의1인견적",
        "계약금액": f"{amount:,}",
        "업체명": supplier.enterprise.name,
        "사업자등록번호": supplier.enterprise.business_no,
    }


def test_a_buyer_cannot_cancel_a_paid_contract_and_the_figures_stay(client, gwanak_buyer, supplier):
    before = department_se(gwanak_buyer)
    contract = paid_contract(client, gwanak_buyer, supplier)
    assert department_se(gwanak_buyer) == before + AMOUNT
    client.force_login(gwanak_buyer)
    page = client.get(reverse("buying:contract_detail", args=[contract.pk])).content.decode()
    assert "계약 취소" not in page and "정정 요청" in page
    response = client.post(
        reverse("buying:contract_step", args=[contract.pk, "cancel"]), {"cancel-note": "납품 취소"}, follow=True
    )
    assert "할 수 없습니다" in response.content.decode()
    contract.refresh_from_db()
    assert contract.status == ContractStatus.PAID
    assert PurchaseRecord.objects.filter(pk=contract.purchase_id).exists()
    assert department_se(gwanak_buyer) == before + AMOUNT


def test_a_rescission_approved_by_the_center_is_a_reversal_everyone_sees(
    client, gwanak_buyer, supplier, center_staff, tmp_path
):
    before = department_se(gwanak_buyer)
    contract = paid_contract(client, gwanak_buyer, supplier)
    client.force_login(gwanak_buyer)
    url = reverse("buying:correction_request", args=[contract.pk])
    client.post(url, {"correction-kind": "rescind", "correction-reason": "납품 전량 반품"})
    correction = ContractCorrection.objects.get()
    assert correction.amount == AMOUNT and correction.status == "requested"
    # Asked, not done: the figures stay until someone with the authority approves.
    assert department_se(gwanak_buyer) == before + AMOUNT
    assert center_staff.notifications.filter(title__contains="정정 승인 요청").exists()
    # The buyer cannot approve their own request.
    assert (
        client.post(reverse("buying:correction_decide", args=[correction.pk]), {"decision": "approve"}).status_code
        == 403
    )

    client.force_login(center_staff)
    assert contract.number in client.get(reverse("buying:corrections")).content.decode()
    client.post(reverse("buying:correction_decide", args=[correction.pk]), {"decision": "approve", "note": "확인"})
    contract.refresh_from_db()
    assert contract.status == ContractStatus.CANCELLED
    original = PurchaseRecord.objects.get(pk=contract.purchase_id)
    reversal = original.reversals.get()
    assert (original.amount, reversal.amount, reversal.entered_by) == (AMOUNT, -AMOUNT, center_staff)
    assert "납품 전량 반품" in reversal.note
    assert department_se(gwanak_buyer) == before
    assert rollups_as_rebuilt()
    event = AuditEvent.objects.get(action="buying.correction.approved")
    assert event.actor == center_staff and event.before["amount"] == AMOUNT and event.after["amount"] == 0

    # The department page lists both lines; the monitoring xlsx has the reversal; the API and OCDS show it.
    client.force_login(gwanak_buyer)
    page = client.get(
        reverse("performance:department", args=[gwanak_buyer.department_id]), {"year": TODAY.year}
    ).content.decode()
    assert "환수·해제" in page and "52,800,000원" in page and "-52,800,000원" in page
    client.force_login(center_staff)
    response = client.get(reverse("performance:monitoring_report", args=["xlsx"]), {"year": TODAY.year})
    path = tmp_path / "m.xlsx"
    path.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    sheet = load_workbook(path)["환수·해제"]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert AMOUNT in values and -AMOUNT in values
    items = client.get("/api/contracts", {"year": TODAY.year}).json()["items"]
    item = next(i for i in items if i["title"] == contract.title)
    assert (item["amount"], item["reversed_amount"], item["net_amount"]) == (AMOUNT, AMOUNT, 0)
    assert "납품 전량 반품" in item["reversals"][0]["reason"]
    releases = [r for r in package(TODAY.year)["releases"] if r["tender"]["title"] == contract.title]
    assert [r["tag"] for r in releases] == [["contract"], ["contractTermination"], ["contractAmendment"]]
    assert len({r["ocid"] for r in releases}) == 1  # one contracting process, a release per change
    latest = releases[-1]["contracts"][0]
    assert latest["status"] == "cancelled" and latest["value"]["amount"] == 0
    assert "납품 전량 반품" in latest["amendments"][0]["rationale"]


def test_a_partial_refund_takes_back_only_its_amount_and_a_rejection_changes_nothing(
    client, gwanak_buyer, supplier, district_admin
):
    before = department_se(gwanak_buyer)
    contract = paid_contract(client, gwanak_buyer, supplier)
    client.force_login(gwanak_buyer)
    url = reverse("buying:correction_request", args=[contract.pk])
    client.post(
        url, {"correction-kind": "refund", "correction-amount": "99,999,999,999,999,999", "correction-reason": "과다"}
    )
    assert not ContractCorrection.objects.exists()  # more than the contract: refused, nothing written
    client.post(
        url, {"correction-kind": "refund", "correction-amount": "2,800,000", "correction-reason": "단가 과다 청구"}
    )
    first = ContractCorrection.objects.get()
    client.force_login(district_admin)
    client.post(reverse("buying:correction_decide", args=[first.pk]), {"decision": "reject", "note": ""})
    first.refresh_from_db()
    assert first.status == "requested"  # a rejection needs its reason
    client.post(reverse("buying:correction_decide", args=[first.pk]), {"decision": "reject", "note": "근거 부족"})
    first.refresh_from_db()
    assert first.status == "rejected" and department_se(gwanak_buyer) == before + AMOUNT

    client.force_login(gwanak_buyer)
    client.post(
        url, {"correction-kind": "refund", "correction-amount": "2,800,000", "correction-reason": "단가 과다 청구"}
    )
    second = ContractCorrection.objects.latest("pk")
    client.force_login(district_admin)
    client.post(reverse("buying:correction_decide", args=[second.pk]), {"decision": "approve"})
    contract.refresh_from_db()
    assert contract.status == ContractStatus.PAID
    assert department_se(gwanak_buyer) == before + AMOUNT - 2_800_000
    reversal = PurchaseRecord.objects.get(reversal_of_id=contract.purchase_id)
    assert (reversal.amount, reversal.line_count) == (-2_800_000, 0)  # still one contract, for less
    assert rollups_as_rebuilt()


def test_the_finance_system_copy_of_a_paid_contract_does_not_count_again(client, gwanak_buyer, supplier):
    before = department_se(gwanak_buyer)
    contract = paid_contract(client, gwanak_buyer, supplier)
    assert department_se(gwanak_buyer) == before + AMOUNT
    checked = run_import(LedgerImporter(), to_csv([finance_copy(gwanak_buyer, supplier)]), dry_run=True)
    assert checked.details["platform_matched"] == 1  # the preview says so before anything is written
    result = run_import(LedgerImporter(), to_csv([finance_copy(gwanak_buyer, supplier)]))
    assert result.created == 1 and not result.errors
    copy = PurchaseRecord.objects.exclude(pk=contract.purchase_id).get()
    assert copy.institution == Institution.objects.get(name="관악구청")  # `관악구 청` resolved to the id
    assert (copy.match_status, copy.match_of_id) == (MatchStatus.MATCHED, contract.purchase_id)
    assert department_se(gwanak_buyer) == before + AMOUNT  # not 2 × 52,800,000
    assert rollups_as_rebuilt()
    # The same file again: the same line (keyed on ids), unchanged, still not counted.
    again = run_import(LedgerImporter(), to_csv([finance_copy(gwanak_buyer, supplier, institution="관악구청")]))
    assert (again.created, again.unchanged) == (0, 1)
    assert department_se(gwanak_buyer) == before + AMOUNT


def test_a_line_imported_before_payment_stops_counting_when_the_platform_contract_is_paid(
    client, gwanak_buyer, supplier
):
    before = department_se(gwanak_buyer)
    run_import(LedgerImporter(), to_csv([finance_copy(gwanak_buyer, supplier)]))
    assert department_se(gwanak_buyer) == before + AMOUNT
    contract = paid_contract(client, gwanak_buyer, supplier)
    copy = PurchaseRecord.objects.exclude(pk=contract.purchase_id).get()
    assert (copy.match_status, copy.match_of_id) == (MatchStatus.MATCHED, contract.purchase_id)
    assert department_se(gwanak_buyer) == before + AMOUNT
    assert rollups_as_rebuilt()


def test_an_unsure_copy_is_held_until_an_officer_decides(client, gwanak_buyer, supplier):
    before = department_se(gwanak_buyer)
    contract = paid_contract(client, gwanak_buyer, supplier)
    far = unsure_day()
    result = run_import(LedgerImporter(), to_csv([finance_copy(gwanak_buyer, supplier, day=far)]))
    assert result.details["platform_pending"] == 1
    copy = PurchaseRecord.objects.exclude(pk=contract.purchase_id).get()
    assert copy.match_status == MatchStatus.PENDING
    assert department_se(gwanak_buyer) == before + AMOUNT  # held out until decided
    client.force_login(gwanak_buyer)
    page = client.get(reverse("ledger:reconciliation")).content.decode()
    assert "확인 필요" in page and copy.title in page
    client.post(reverse("ledger:reconciliation_decide", args=[copy.pk]), {"decision": "separate"})
    copy.refresh_from_db()
    assert copy.match_status == MatchStatus.SEPARATED
    assert department_se(gwanak_buyer) == before + 2 * AMOUNT  # two contracts after all
    assert AuditEvent.objects.filter(action="ledger.purchase.match_decided", actor=gwanak_buyer).exists()
    client.post(reverse("ledger:reconciliation_decide", args=[copy.pk]), {"decision": "same"})
    assert department_se(gwanak_buyer) == before + AMOUNT
    assert rollups_as_rebuilt()


def test_another_institutions_buyer_cannot_decide_or_see_a_copy(client, gwanak_buyer, supplier, other_buyer):
    contract = paid_contract(client, gwanak_buyer, supplier)
    far = unsure_day()
    run_import(LedgerImporter(), to_csv([finance_copy(gwanak_buyer, supplier, day=far)]))
    copy = PurchaseRecord.objects.exclude(pk=contract.purchase_id).get()
    client.force_login(other_buyer)
    assert copy.title not in client.get(reverse("ledger:reconciliation")).content.decode()
    assert (
        client.post(reverse("ledger:reconciliation_decide", args=[copy.pk]), {"decision": "separate"}).status_code
        == 404
    )
    copy.refresh_from_db()
    assert copy.match_status == MatchStatus.PENDING
