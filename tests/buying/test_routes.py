"""The contract route helper: at and around every limit, on both sides of every effective date (issue 12, item 2)."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from procure.buying.routes import contract_routes

pytestmark = pytest.mark.django_db
D = datetime.date
SE = ["certified_se"]


MID_2026 = D(2026, 6, 1)


def allowed(amount, *, kind="goods", types=(), share=None, regime="local", day=MID_2026):
    answers = {
        a.route: a
        for a in contract_routes(
            amount=amount, kind=kind, supplier_types=types, vulnerable_share=share, regime=regime, day=day
        )
    }
    return answers["single_quote"].allowed, answers["multi_quote"].allowed


@pytest.mark.parametrize(
    "amount,types,share,expected",
    [
        (20_000_000, (), None, (True, True)),  # anyone: 2천만 both ways
        (20_000_001, (), None, (False, False)),
        (50_000_000, SE, "0.30", (True, True)),  # social economy with 30% 취약계층: 1인 5천만
        (50_000_001, SE, "0.30", (False, True)),  # … and 2인 이상 up to 1억
        (100_000_000, SE, "0.30", (False, True)),
        (100_000_001, SE, "0.30", (False, False)),
        (50_000_000, SE, "0.2999", (False, False)),  # below 30%: only the general 2천만
        (20_000_000, SE, "0.10", (True, True)),
        (50_000_000, ["pre_se"], "0.5", (False, False)),  # 예비사회적기업 is not named by the decree
        (50_000_000, ["village"], "35%", (True, True)),
    ],
)
def test_local_goods_limits(amount, types, share, expected):
    assert allowed(amount, types=types, share=share) == expected


@pytest.mark.parametrize(
    "day,expected",
    [
        (D(2018, 7, 23), (False, False)),  # the day before the 2018 amendment: 5천만 not yet for social economy
        (D(2018, 7, 24), (True, True)),
        (D(2022, 8, 31), (True, True)),
        (D(2022, 9, 1), (True, True)),
    ],
)
def test_local_social_economy_single_quote_starts_on_its_effective_date(day, expected):
    assert allowed(50_000_000, types=SE, share="0.3", day=day) == expected


@pytest.mark.parametrize(
    "day,expected_multi",
    [
        (D(2020, 7, 14), False),  # 7천만 needs 1억: not before the temporary rule
        (D(2020, 7, 15), True),  # temporary doubling
        (D(2020, 12, 31), True),
        (D(2021, 1, 1), False),
        (D(2022, 8, 31), False),
        (D(2022, 9, 1), True),  # the 2022 amendment
    ],
)
def test_local_social_economy_multi_quote_follows_its_dates(day, expected_multi):
    assert allowed(70_000_000, types=SE, share="0.3", day=day)[1] is expected_multi


@pytest.mark.parametrize(
    "day,amount,expected",
    [
        (D(2021, 6, 28), 100_000_000, (False, True)),  # still the temporary rule
        (D(2021, 6, 29), 100_000_000, (False, True)),  # the 2021 amendment
        (D(2019, 6, 1), 50_000_001, (False, False)),
        (D(2019, 6, 1), 50_000_000, (True, True)),
        (D(2018, 12, 3), 50_000_000, (False, False)),
    ],
)
def test_national_social_economy(day, amount, expected):
    assert allowed(amount, types=SE, regime="national", day=day) == expected


def test_works_and_the_routes_that_are_always_or_conditionally_open():
    answers = {
        a.route: a
        for a in contract_routes(amount=150_000_000, kind="works", supplier_types=[], regime="local", day=D(2026, 6, 1))
    }
    assert answers["single_quote"].allowed is False and answers["multi_quote"].allowed is True
    assert answers["multi_quote"].verified is False  # the 공사 limit is simplified: the UI says so
    assert answers["competitive"].allowed is True and answers["shopping_mall"].allowed is None


def test_a_refused_special_limit_says_why():
    answers = {
        a.route: a
        for a in contract_routes(
            amount=40_000_000,
            kind="goods",
            supplier_types=SE,
            vulnerable_share="0.2",
            regime="local",
            day=D(2026, 6, 1),
        )
    }
    assert answers["single_quote"].allowed is False
    assert "취약계층 고용비율이 30% 이상이어야 합니다 (현재 20%)" in answers["single_quote"].reason


def test_the_command_prints_the_same_answer():
    out = io.StringIO()
    call_command(
        "contract_routes",
        "--amount",
        "50000000",
        "--kind",
        "물품",
        "--supplier-types",
        "인증사회적기업",
        "--vulnerable-share",
        "0.35",
        "--institution-kind",
        "지방",
        "--date",
        "2024-05-01",
        "--json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    routes = {r["route"]: r for r in result["routes"]}
    assert routes["single_quote"]["allowed"] is True and "제30조" in routes["single_quote"]["basis"]
    assert result["regime"] == "local" and result["date"] == "2024-05-01"


def test_a_buyer_asks_about_a_registered_supplier_and_sees_the_basis(client, buyer):
    from django.urls import reverse

    from procure.enterprises.models import Certification
    from tests.factories import EnterpriseFactory

    supplier = EnterpriseFactory(employees=10, vulnerable_employees=4)
    Certification.objects.create(enterprise=supplier, type="certified_se", valid_from=D(2020, 1, 1))
    client.force_login(buyer)
    page = client.get(
        reverse("buying:routes"),
        {"amount": "48,000,000", "kind": "goods", "enterprise": supplier.pk, "regime": "local", "day": "2026-06-01"},
    ).content.decode()
    assert "1인 견적 수의계약" in page and "지방계약법 시행령 제30조제1항제2호나목" in page
    assert page.count("가능</span>") >= 3  # 1인, 2인 이상, 경쟁입찰


def test_the_district_administrator_confirms_an_unverified_rule_and_it_is_audited(client, district_admin, buyer):
    from django.urls import reverse

    from procure.buying.models import RouteRule
    from procure.core.models import AuditEvent

    rule = RouteRule.objects.filter(verified=False).first()
    client.force_login(buyer)
    assert client.post(reverse("buying:rule_confirm", args=[rule.pk])).status_code == 403
    assert "미확인" in client.get(reverse("buying:rules")).content.decode()
    client.force_login(district_admin)
    client.post(reverse("buying:rule_confirm", args=[rule.pk]))
    rule.refresh_from_db()
    assert rule.verified
    event = AuditEvent.objects.get(action="buying.routerule.confirmed")
    assert (event.before["verified"], event.after["verified"]) == (False, True)
