"""검수 and payment deadlines, reminders on a frozen clock, and the buying figures (issue 12, items 4 and 8)."""

import datetime
import io
import json
import zoneinfo

import pytest
from django.core.management import call_command

from procure.buying.deadlines import add_business_days, due_date
from procure.buying.models import Contract, ContractStatus
from procure.core.models import Notification
from tests.buying.test_workflow import answer, ask, step
from tests.buying.test_workflow import supplier as supplier  # noqa: PLC0414 — the fixture

pytestmark = pytest.mark.django_db
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def test_payment_days_skip_the_weekend():
    friday = datetime.date(2026, 11, 27)
    assert add_business_days(friday, 5) == datetime.date(2026, 12, 4)
    assert add_business_days(datetime.date(2026, 11, 23), 5) == datetime.date(2026, 11, 30)  # Monday → Monday


def contract_in(client, buyer, member):
    from django.urls import reverse
    from django.utils import timezone

    request = ask(client, buyer, member.enterprise)
    quote = answer(client, member, request, supply="9,000,000", vat="900,000")
    client.force_login(buyer)
    client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": timezone.localdate().isoformat()},
    )
    return Contract.objects.get()


def run(day: str) -> dict:
    out = io.StringIO()
    call_command("send_buying_reminders", "--today", day, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_inspection_reminders_before_and_after_the_deadline_once_each(client, buyer, supplier, center_staff):  # noqa: F811
    contract = step(client, supplier, contract_in(client, buyer, supplier), "complete")
    Contract.objects.filter(pk=contract.pk).update(completed_at=datetime.datetime(2026, 11, 2, 10, tzinfo=SEOUL))
    contract.refresh_from_db()
    assert due_date(contract) == ("검수", datetime.date(2026, 11, 16))
    assert run("2026-11-10") == {"soon": 0, "late": 0, "center": 0}
    assert run("2026-11-14") == {"soon": 1, "late": 0, "center": 0}  # two days before
    assert run("2026-11-15") == {"soon": 0, "late": 0, "center": 0}  # not twice
    assert run("2026-11-17")["late"] == 1  # a day late: the buyer, and the center
    assert Notification.objects.filter(recipient=center_staff, title__contains="기한이 지난 계약").exists()
    assert run("2026-11-18")["late"] == 0
    assert Notification.objects.filter(recipient=buyer, title__contains="검수 기한").count() == 2


def test_payment_is_due_five_business_days_after_the_claim(client, buyer, supplier):  # noqa: F811
    contract = contract_in(client, buyer, supplier)
    for name, who in (("complete", supplier), ("inspect_pass", buyer), ("claim", supplier)):
        contract = step(client, who, contract, name)
    Contract.objects.filter(pk=contract.pk).update(claimed_at=datetime.datetime(2026, 11, 27, 9, tzinfo=SEOUL))
    contract.refresh_from_db()
    assert due_date(contract) == ("대금 지급", datetime.date(2026, 12, 4))


def test_buying_report_agrees_with_the_platform_amounts_of_performance_report(client, buyer, supplier):  # noqa: F811
    from django.utils import timezone

    contract = contract_in(client, buyer, supplier)
    for name, who in (("complete", supplier), ("inspect_pass", buyer), ("claim", supplier), ("pay", buyer)):
        contract = step(client, who, contract, name)
    year = timezone.localdate().year
    out = io.StringIO()
    call_command("buying_report", "--year", str(year), "--json", stdout=out)
    buying = json.loads(out.getvalue())
    out = io.StringIO()
    call_command("performance_report", "--year", str(year), "--json", stdout=out)
    performance = json.loads(out.getvalue())
    platform = sum(item["by_source"]["platform"] for item in performance["institutions"])
    assert buying["paid_amount"] == platform == 9_900_000
    assert buying["contracts"][ContractStatus.PAID] == {"count": 1, "amount": 9_900_000}
    assert buying["requests"]["awarded"] == 1 and buying["quotes"] == 1


@pytest.mark.parametrize(
    ("claimed", "due"),
    [
        ("2026-02-12", "2026-02-24"),  # 설날 (02-16~18) and a weekend: the law's date, not 02-19
        ("2026-09-23", "2026-10-02"),  # 추석 (09-24~26)
        ("2026-09-30", "2026-10-08"),  # 개천절 on a Saturday and its 대체공휴일 (10-05)
        ("2026-06-02", "2026-06-10"),  # 지방선거일 (06-03), 현충일 on a Saturday
        ("2026-12-23", "2026-12-31"),  # 성탄절 (12-25)
    ],
)
def test_payment_days_skip_korean_public_holidays(claimed, due):
    from procure.core.calendar import add_business_days as business

    assert business(datetime.date.fromisoformat(claimed), 5) == datetime.date.fromisoformat(due)


def test_an_inspection_period_ending_on_a_holiday_is_carried_to_the_next_business_day():
    completed = datetime.datetime(2026, 2, 3, 10, tzinfo=SEOUL)  # + 14 days = 02-17 (설날)
    contract = Contract(status=ContractStatus.COMPLETED, completed_at=completed)
    assert due_date(contract) == ("검수", datetime.date(2026, 2, 19))
    claimed = Contract(status=ContractStatus.CLAIMED, claimed_at=datetime.datetime(2026, 2, 12, 15, tzinfo=SEOUL))
    assert due_date(claimed) == ("대금 지급", datetime.date(2026, 2, 24))


def test_a_quote_deadline_on_a_holiday_is_refused_in_the_form_and_moved_by_the_service(buyer, supplier):
    from procure.buying.forms import QuoteRequestForm
    from procure.buying.services import quote_request_create

    form = QuoteRequestForm(
        data={
            "title": "답례품",
            "kind": "goods",
            "description": "세트",
            "answer_by": "2099-01-01",
            "enterprises": [supplier.enterprise.pk],
        }
    )
    assert not form.is_valid()
    assert "공휴일" in form.errors["answer_by"][0]
    assert "2099.01.02 (금)" in form.errors["answer_by"][0]
    request = quote_request_create(
        actor=buyer,
        enterprises=[supplier.enterprise],
        title="답례품",
        kind="goods",
        estimated_price=1_000_000,
        description="세트",
        answer_by=datetime.date(2099, 1, 3),  # a Saturday
    )
    assert request.answer_by == datetime.date(2099, 1, 5)
