"""Issue 27 §2–3: a contract is recorded only under a route that happened and that the rules allow, and a change
is checked again — a 1인 견적 contract raised from 1,980,000 to 66,000,000원 was paid and counted."""

import pytest
from django.urls import reverse

from procure.buying.changes import contract_change
from procure.buying.models import Contract, ContractStatus
from procure.buying.services import WorkflowError, contract_award
from tests.buying.test_workflow import TODAY, answer, ask, step
from tests.buying.test_workflow import supplier as supplier  # noqa: PLC0414 — the fixture
from tests.factories import EnterpriseMemberFactory

pytestmark = pytest.mark.django_db


def small_contract(client, buyer, member) -> Contract:
    request = ask(client, buyer, member.enterprise, estimate="1,800,000")
    quote = answer(client, member, request, supply="1,800,000", vat="180,000")
    client.force_login(buyer)
    client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": TODAY.isoformat()},
    )
    return Contract.objects.get(request=request)


@pytest.mark.parametrize("route", ["competitive", "shopping_mall"])
def test_a_quote_request_never_becomes_a_tender_or_a_shopping_mall_purchase(client, buyer, route):
    member = EnterpriseMemberFactory()
    request = ask(client, buyer, member.enterprise, estimate="1,800,000")
    quote = answer(client, member, request, supply="1,800,000", vat="180,000")
    with pytest.raises(WorkflowError, match="견적에 의한 수의계약"):
        contract_award(actor=buyer, quote=quote, route=route, contract_date=TODAY)
    client.force_login(buyer)
    page = client.get(reverse("buying:request_detail", args=[request.pk])).content.decode()
    assert "경쟁입찰 (일반·제한) — " not in page and "조달청 종합쇼핑몰 — " not in page
    assert not Contract.objects.exists()


def test_two_quotes_are_needed_for_a_multi_quote_contract(client, buyer):
    member, other = EnterpriseMemberFactory(), EnterpriseMemberFactory()
    request = ask(client, buyer, member.enterprise, other.enterprise, estimate="1,800,000")
    quote = answer(client, member, request, supply="1,800,000", vat="180,000")
    with pytest.raises(WorkflowError, match="유효한 견적이 둘 이상"):
        contract_award(actor=buyer, quote=quote, route="multi_quote", contract_date=TODAY)
    answer(client, other, request, supply="1,900,000", vat="190,000")
    contract = contract_award(actor=buyer, quote=quote, route="multi_quote", contract_date=TODAY)
    assert contract.route == "multi_quote"


def test_a_change_past_the_route_s_limit_is_refused_and_a_lawful_one_is_kept_with_the_estimate(client, buyer):
    member = EnterpriseMemberFactory()  # no certification: 1인 견적 up to 20,000,000원 before VAT
    contract = small_contract(client, buyer, member)
    with pytest.raises(WorkflowError, match="쓸 수 없습니다"):
        contract_change(actor=buyer, contract=contract, amount=66_000_000, reason="수량 추가")
    contract.refresh_from_db()
    assert (contract.amount, contract.supply_amount) == (1_980_000, 1_800_000)
    changed = contract_change(actor=buyer, contract=contract, amount=3_300_000, reason="수량 추가")
    assert (changed.amount, changed.supply_amount) == (3_300_000, 3_000_000)


def test_a_change_after_inspection_waits_for_the_district_or_the_center(client, buyer, center_staff):
    from procure.buying.models import ContractChange

    member = EnterpriseMemberFactory()
    contract = small_contract(client, buyer, member)
    step(client, member, contract, "complete")
    assert step(client, buyer, contract, "inspect_pass", "확인").status == ContractStatus.INSPECTED
    with pytest.raises(WorkflowError, match="쓸 수 없습니다"):  # past the route's limit: refused outright
        contract_change(actor=buyer, contract=contract, amount=66_000_000, reason="수량 추가")
    client.force_login(buyer)
    client.post(reverse("buying:contract_change", args=[contract.pk]), {"amount": "2,200,000", "reason": "단가 조정"})
    contract.refresh_from_db()
    assert contract.amount == 1_980_000  # not yet: it waits for approval
    change = ContractChange.objects.get(contract=contract)
    assert (change.status, change.amount_before, change.amount_after, change.estimated_price) == (
        "requested",
        1_980_000,
        2_200_000,
        1_800_000,
    )
    decide = reverse("buying:contract_change_decide", args=[change.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 403  # the buyer may not approve
    client.force_login(center_staff)
    waiting = client.get(reverse("buying:corrections")).content.decode()
    assert "검수 뒤 변경계약 승인 대기 (1건)" in waiting and "1,980,000원 → 2,200,000원" in waiting
    client.post(decide, {"decision": "approve", "note": "확인"})
    contract.refresh_from_db()
    change.refresh_from_db()
    assert contract.amount == 2_200_000 and change.status == "approved" and change.decided_by == center_staff
    page = client.get(reverse("buying:contract_detail", args=[contract.pk])).content.decode()
    assert "1,980,000원 → 2,200,000원" in page and "단가 조정" in page


def test_a_paid_contract_is_not_changed(client, buyer):
    member = EnterpriseMemberFactory()
    contract = small_contract(client, buyer, member)
    step(client, member, contract, "complete")
    step(client, buyer, contract, "inspect_pass", "확인")
    step(client, member, contract, "claim")
    assert step(client, buyer, contract, "pay").status == ContractStatus.PAID
    with pytest.raises(WorkflowError, match="정정"):
        contract_change(actor=buyer, contract=contract, amount=2_000_000, reason="단가 조정")


def test_a_quote_without_vat_is_taxed_at_ten_percent_and_zero_stays_exempt(client, buyer):
    from procure.buying.forms import QuoteForm

    valid_until = TODAY.isoformat()
    taxed = QuoteForm(data={"supply_amount": "1,234,567", "vat": "", "valid_until": valid_until})
    assert taxed.is_valid(), taxed.errors
    assert taxed.cleaned_data["vat"] == 123_456  # 10%, 원 미만 버림
    exempt = QuoteForm(data={"supply_amount": "1,234,567", "vat": "0", "valid_until": valid_until})
    assert exempt.is_valid() and exempt.cleaned_data["vat"] == 0
    assert "10%" in QuoteForm().fields["vat"].help_text


def test_a_conditional_route_needs_the_officer_to_say_the_condition_was_checked(client, buyer):
    import datetime

    from procure.core.models import AuditEvent
    from procure.enterprises.models import Certification

    member = EnterpriseMemberFactory()  # a social enterprise whose 취약계층 share the platform does not know
    Certification.objects.create(
        enterprise=member.enterprise, type="certified_se", valid_from=datetime.date(2020, 1, 1)
    )
    request = ask(client, buyer, member.enterprise, estimate="40,000,000")
    quote = answer(client, member, request, supply="40,000,000", vat="4,000,000")
    client.force_login(buyer)
    page = client.get(reverse("buying:request_detail", args=[request.pk])).content.decode()
    assert "1인 견적 수의계약 — 조건부" in page and "조건을 확인했습니다" in page
    with pytest.raises(WorkflowError, match="조건부입니다: .*취약계층 고용비율이 30% 이상인지 확인"):
        contract_award(actor=buyer, quote=quote, route="single_quote", contract_date=TODAY)
    client.post(
        reverse("buying:award", args=[quote.pk]),
        {
            f"q{quote.pk}-route": "single_quote",
            f"q{quote.pk}-contract_date": TODAY.isoformat(),
            f"q{quote.pk}-condition_checked": "on",
        },
    )
    contract = Contract.objects.get(request=request)
    assert contract.route == "single_quote"
    assert AuditEvent.objects.get(action="buying.contract.created").after["condition_checked"] is True
