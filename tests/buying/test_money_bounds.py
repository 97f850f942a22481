"""Money in the buying forms is bounded (issue 24 item 5): an amount past 100조 원 — 10¹⁵, or 2⁶⁴ that no 64-bit
column holds — gets a Korean form error and nothing is written; amounts that must be above 0 say so."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from procure.buying.models import Contract, Quote, QuoteRequest
from procure.core.calendar import next_business_day
from procure.core.money import MAX_WON
from tests.buying.test_workflow import answer, ask, supplier  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
HUGE = [str(2**64), f"{10**15:,}", str(MAX_WON + 1)]
OVER = "100조 원을 넘습니다"


def page_of(response) -> str:
    return response.content.decode()


def post_quote(client, member, request, supply, vat):
    client.force_login(member)
    client.raise_request_exception = False
    return client.post(
        reverse("buying:quote_submit", args=[request.pk]),
        {"supply_amount": supply, "vat": vat, "valid_until": (TODAY + datetime.timedelta(days=30)).isoformat()},
        follow=True,
    )


@pytest.mark.parametrize("huge", HUGE)
def test_a_quote_past_100_trillion_won_is_refused_in_korean(client, buyer, supplier, huge):  # noqa: F811
    request = ask(client, buyer, supplier.enterprise)
    response = post_quote(client, supplier, request, huge, "0")
    assert response.status_code == 200 and f"공급가액이 {OVER}" in page_of(response)
    response = post_quote(client, supplier, request, "48,000,000", huge)
    assert response.status_code == 200 and f"부가세가 {OVER}" in page_of(response)
    assert not Quote.objects.exists()


def test_a_quote_whose_sum_passes_the_bound_is_refused(client, buyer, supplier):  # noqa: F811
    """Each part within the bound, the quote's amount (which becomes the contract's and the ledger's) not."""
    request = ask(client, buyer, supplier.enterprise)
    response = post_quote(client, supplier, request, str(MAX_WON), "1")
    assert "견적금액이 100조 원을 넘습니다" in page_of(response)
    assert not Quote.objects.exists()
    response = post_quote(client, supplier, request, str(MAX_WON - 1), "1")
    assert Quote.objects.get().amount == MAX_WON


def test_a_quote_needs_a_supply_amount_above_zero_and_no_negative_vat(client, buyer, supplier):  # noqa: F811
    request = ask(client, buyer, supplier.enterprise)
    assert "공급가액은 0원보다 커야 합니다" in page_of(post_quote(client, supplier, request, "0", "0"))
    assert "부가세는 0원 이상이어야 합니다" in page_of(post_quote(client, supplier, request, "1,000", "-1"))
    assert not Quote.objects.exists()
    post_quote(client, supplier, request, "1,000", "0")  # tax-free: 0 won of VAT is fine
    assert Quote.objects.get().amount == 1_000


def post_request(client, buyer, enterprise, budget):
    client.force_login(buyer)
    client.raise_request_exception = False
    return client.post(
        reverse("buying:request_new"),
        {
            "title": "구청 행사 답례품",
            "kind": "goods",
            "estimated_price": "1,000,000",
            "tax_status": "taxable",
            "description": "답례품 세트 400개",
            "budget": budget,
            "answer_by": next_business_day(TODAY + datetime.timedelta(days=7)).isoformat(),
            "enterprises": [enterprise.pk],
        },
    )


@pytest.mark.parametrize("huge", HUGE)
def test_a_budget_past_100_trillion_won_is_refused_in_korean(client, buyer, supplier, huge):  # noqa: F811
    response = post_request(client, buyer, supplier.enterprise, huge)
    assert response.status_code == 200 and f"예산이 {OVER}" in page_of(response)
    assert not QuoteRequest.objects.exists()


def test_a_budget_is_above_zero_or_left_empty(client, buyer, supplier):  # noqa: F811
    assert "예산은 0원보다 커야 합니다" in page_of(post_request(client, buyer, supplier.enterprise, "0"))
    assert "예산은 0원보다 커야 합니다" in page_of(post_request(client, buyer, supplier.enterprise, "-5,000"))
    assert not QuoteRequest.objects.exists()
    assert post_request(client, buyer, supplier.enterprise, "").status_code == 302
    assert post_request(client, buyer, supplier.enterprise, f"{MAX_WON:,}").status_code == 302
    assert sorted(QuoteRequest.objects.values_list("budget", flat=True), key=str) == [MAX_WON, None]


@pytest.fixture
def contract(client, buyer, supplier):  # noqa: F811
    request = ask(client, buyer, supplier.enterprise)
    quote = answer(client, supplier, request)
    client.force_login(buyer)
    client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": TODAY.isoformat()},
    )
    return Contract.objects.get()


def post_change(client, buyer, contract, amount):
    client.force_login(buyer)
    client.raise_request_exception = False
    return client.post(
        reverse("buying:contract_change", args=[contract.pk]), {"amount": amount, "reason": "수량 조정"}, follow=True
    )


@pytest.mark.parametrize("huge", HUGE)
def test_a_contract_change_past_100_trillion_won_is_refused_in_korean(client, buyer, contract, huge):
    response = post_change(client, buyer, contract, huge)
    assert response.status_code == 200 and f"계약금액이 {OVER}" in page_of(response)
    contract.refresh_from_db()
    assert contract.amount == 52_800_000


@pytest.mark.parametrize("amount", ["0", "-1,000"])
def test_a_contract_change_needs_an_amount_above_zero(client, buyer, contract, amount):
    response = post_change(client, buyer, contract, amount)
    assert "계약금액은 0원보다 커야 합니다" in page_of(response)
    contract.refresh_from_db()
    assert contract.amount == 52_800_000


@pytest.mark.parametrize("huge", HUGE)
def test_the_route_question_past_100_trillion_won_is_answered_in_korean(client, buyer, huge):
    client.force_login(buyer)
    client.raise_request_exception = False
    response = client.get(
        reverse("buying:routes"), {"amount": huge, "kind": "goods", "regime": "local", "day": TODAY.isoformat()}
    )
    assert response.status_code == 200 and f"추정가격이 {OVER}" in page_of(response)


def test_a_number_longer_than_the_field_is_refused_in_korean_not_read(client, buyer, supplier):  # noqa: F811
    """A 5,000-digit number would reach int()'s English error (and its cost) if the length were not checked first."""
    response = post_request(client, buyer, supplier.enterprise, "9" * 5000)
    assert response.status_code == 200 and "예산을 30자 이내의 원 단위 숫자로 입력해 주세요" in page_of(response)
    assert not QuoteRequest.objects.exists()
