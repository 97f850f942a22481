"""Issue 24 §6: contract numbers come from a per-institution-year sequence under a row lock — two awards of one
institution at the same moment get two numbers (they were `count() + 1`, and the second award was a 500)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from procure.buying.models import Contract, Quote, QuoteRequest
from procure.buying.services import contract_award
from tests.factories import BuyerFactory, EnterpriseFactory

TODAY = datetime.date(2026, 6, 1)


def open_quote(buyer, enterprise, title):
    request = QuoteRequest.objects.create(
        institution=buyer.institution,
        department=buyer.department,
        requested_by=buyer,
        title=title,
        kind="goods",
        description=title,
        answer_by=datetime.date(2099, 1, 1),
    )
    request.enterprises.add(enterprise)
    return Quote.objects.create(
        request=request,
        enterprise=enterprise,
        supply_amount=1_000_000,
        vat=100_000,
        valid_until=datetime.date(2099, 1, 1),
    )


@pytest.mark.django_db
def test_numbers_follow_on_within_an_institution_year_and_start_again_next_year():
    buyer = BuyerFactory()
    enterprise = EnterpriseFactory()
    first = contract_award(
        actor=buyer, quote=open_quote(buyer, enterprise, "첫째"), route="single_quote", contract_date=TODAY
    )
    second = contract_award(
        actor=buyer, quote=open_quote(buyer, enterprise, "둘째"), route="single_quote", contract_date=TODAY
    )
    next_year = contract_award(
        actor=buyer,
        quote=open_quote(buyer, enterprise, "이듬해"),
        route="single_quote",
        contract_date=TODAY.replace(year=2027),
    )
    prefix = f"{buyer.institution.pk:02d}"
    assert [first.number, second.number, next_year.number] == [
        f"{prefix}-2026-0001",
        f"{prefix}-2026-0002",
        f"{prefix}-2027-0001",
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between two connections: PostgreSQL")
def test_two_awards_at_the_same_moment_get_two_numbers():
    buyer = BuyerFactory()
    enterprise = EnterpriseFactory()
    quotes = [open_quote(buyer, enterprise, f"동시 계약 {n}") for n in range(2)]
    start = threading.Barrier(2)
    outcomes: list = []

    def award(quote):
        try:
            start.wait()
            outcomes.append(contract_award(actor=buyer, quote=quote, route="single_quote", contract_date=TODAY).number)
        except Exception as error:  # noqa: BLE001 — the test reports what went wrong
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=award, args=(quote,)) for quote in quotes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(isinstance(outcome, str) for outcome in outcomes), outcomes
    assert len(set(outcomes)) == 2 and Contract.objects.count() == 2
