"""The contract route helper against domain-research §1.3a, case by case (issues 12 and 27): every supplier group of
지방계약법 시행령 §25①5 / 국가계약법 시행령 §26①5가, goods·services and works by type, at and just past every limit
(이하: the limit itself is allowed), on both sides of every dated change. `None` is 조건부."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from procure.buying.models import RouteRule
from procure.buying.routes import contract_routes

pytestmark = pytest.mark.django_db
D = datetime.date
T, F, C = True, False, None  # 가능, 불가, 조건부
NOW = D(2026, 6, 1)
SE = ("certified_se",)
M = 1_000_000


def allowed(amount, *, kind="goods", types=(), share=None, regime="local", day=NOW, works=None):
    answers = {
        a.route: a
        for a in contract_routes(
            amount=amount,
            kind=kind,
            supplier_types=types,
            vulnerable_share=share,
            regime=regime,
            day=day,
            works_type=works,
        )
    }
    return answers["single_quote"].allowed, answers["multi_quote"].allowed


# (amount, supplier types, 취약계층 share, expected (1인 견적, 2인 이상 견적))
LOCAL_GOODS = [
    (20 * M, (), None, (T, T)),  # anyone: 2천만 (§25①5나, §30①2)
    (20 * M + 1, (), None, (F, F)),
    (50 * M, ("youth_startup",), None, (T, T)),  # 청년창업기업 5천만 (§25①5다, §30①2가)
    (50 * M + 1, ("youth_startup",), None, (F, F)),
    (20 * M, ("small_micro",), None, (T, T)),  # 소기업·소상공인: 2천만 넘으면 2인 이상 견적으로 1억 (§25①5라)
    (20 * M + 1, ("small_micro",), None, (F, T)),
    (100 * M, ("small_micro",), None, (F, T)),
    (100 * M + 1, ("small_micro",), None, (F, F)),
    (50 * M, ("women",), None, (T, T)),  # 여성기업: 1인 5천만, 수의 1억, 30% 조건 없음 (§25①5바1))
    (50 * M + 1, ("women",), None, (F, T)),
    (100 * M, ("women",), None, (F, T)),
    (100 * M + 1, ("women",), None, (F, F)),
    (50 * M, ("disabled",), None, (T, T)),  # 장애인기업 likewise (§25①5바2))
    (100 * M, ("disabled",), "0.01", (F, T)),
    (100 * M + 1, ("disabled",), None, (F, F)),
    (50 * M, SE, "0.30", (T, T)),  # social economy with the 고시 share: 1인 5천만, 수의 1억 (§25①5바3)~6))
    (50 * M + 1, SE, "0.30", (F, T)),
    (100 * M, SE, "0.30", (F, T)),
    (100 * M + 1, SE, "0.30", (F, F)),
    (50 * M, SE, "0.2999", (F, F)),  # below 30%: only the general 2천만
    (20 * M, SE, "0.10", (T, T)),
    (50 * M, SE, None, (C, C)),  # share unknown: 조건부, not 불가
    (100 * M, SE, None, (F, C)),
    (100 * M + 1, SE, None, (F, F)),
    (20 * M, SE, None, (T, T)),
    (60 * M, ("certified_se", "small_micro"), "0.29", (F, T)),  # issue 27: a 29% SE that is also a 소기업
    (30 * M, ("certified_se", "small_micro"), None, (C, T)),
    (50 * M, ("pre_se",), "0.5", (F, F)),  # 예비사회적기업 is not named by the decree
    (50 * M, ("coop",), "0.5", (F, F)),  # nor a general 협동조합
    (50 * M, ("village",), "35%", (T, T)),
    (100 * M, ("social_coop",), "0.3", (F, T)),
    (100 * M, ("self_sufficiency",), "0.3", (F, T)),
]


@pytest.mark.parametrize("amount,types,share,expected", LOCAL_GOODS)
def test_local_goods_and_services(amount, types, share, expected):
    assert allowed(amount, types=types, share=share) == expected
    assert allowed(amount, kind="services", types=types, share=share) == expected


NATIONAL_GOODS = [
    (20 * M, (), None, (T, T)),  # §26①5가2), §30①2
    (20 * M + 1, (), None, (F, F)),
    (100 * M, ("small_micro",), None, (F, T)),  # §26①5가3): 1억; no 1인 견적 special limit found
    (100 * M + 1, ("small_micro",), None, (F, F)),
    (50 * M, ("women",), None, (T, T)),  # §26①5가5)가), §30①2 단서
    (100 * M, ("women",), None, (F, T)),
    (100 * M + 1, ("women",), None, (F, F)),
    (100 * M, ("disabled",), None, (F, T)),
    (50 * M, SE, "0.5", (C, C)),  # social economy: the finance minister's 요건 was not read → 조건부
    (100 * M, SE, "0.5", (F, C)),
    (100 * M + 1, SE, "0.5", (F, F)),
    (20 * M, SE, None, (T, T)),
    (60 * M, ("certified_se", "small_micro"), None, (F, T)),
    (50 * M, ("youth_startup",), None, (F, T)),  # §26①5가7) 5천만; no 1인 견적 special limit found
    (50 * M + 1, ("youth_startup",), None, (F, F)),
]


@pytest.mark.parametrize("amount,types,share,expected", NATIONAL_GOODS)
def test_national_goods_and_services(amount, types, share, expected):
    assert allowed(amount, types=types, share=share, regime="national") == expected


# (regime, works type, amount, day, expected 2인 이상 견적)
WORKS = [
    ("local", "general", 400 * M, NOW, T),  # §25①5가: 종합 4억, 전문 2억, 기타 1.6억 since 2022-09
    ("local", "general", 400 * M + 1, NOW, F),
    ("local", "specialty", 200 * M, NOW, T),
    ("local", "specialty", 200 * M + 1, NOW, F),
    ("local", "other", 160 * M, NOW, T),
    ("local", "other", 160 * M + 1, NOW, F),
    ("local", "general", 400 * M, D(2022, 9, 1), T),
    ("local", "general", 400 * M, D(2022, 8, 31), F),  # before: 2억 / 1억 / 8천만
    ("local", "general", 200 * M, D(2022, 8, 31), T),
    ("local", "specialty", 100 * M, D(2022, 8, 31), T),
    ("local", "specialty", 100 * M + 1, D(2022, 8, 31), F),
    ("local", "other", 80 * M, D(2022, 8, 31), T),
    ("local", "other", 80 * M + 1, D(2022, 8, 31), F),
    ("national", "general", 400 * M, NOW, T),  # §26①5가1)
    ("national", "general", 400 * M + 1, NOW, F),
    ("national", "specialty", 200 * M, NOW, T),
    ("national", "specialty", 200 * M + 1, NOW, F),
    ("national", "other", 160 * M, NOW, T),
    ("national", "other", 160 * M + 1, NOW, F),
]


@pytest.mark.parametrize("regime,works,amount,day,expected", WORKS)
def test_works_by_type(regime, works, amount, day, expected):
    assert allowed(amount, kind="works", works=works, regime=regime, day=day)[1] is expected


@pytest.mark.parametrize(
    "amount,expected",
    [(160 * M, T), (160 * M + 1, C), (400 * M, C), (400 * M + 1, F)],  # 기타 ≤ 전문 ≤ 종합
)
def test_works_without_a_type_answer_for_every_type(amount, expected):
    answers = {
        a.route: a for a in contract_routes(amount=amount, kind="works", supplier_types=(), regime="local", day=NOW)
    }
    assert answers["multi_quote"].allowed is expected
    if expected is None:
        assert "공사 종류" in answers["multi_quote"].reason


@pytest.mark.parametrize(
    "regime,types,amount,expected",
    [
        ("local", (), 20 * M, T),  # 1인 견적 2천만 for works too (§30①2)
        ("local", (), 20 * M + 1, F),
        ("national", ("women",), 50 * M, T),  # 법제처: the 5천만 1인 견적 of 여성·장애인기업 covers 공사
        ("national", ("women",), 50 * M + 1, F),
        ("national", SE, 50 * M, C),  # … and of social economy types, with the 요건 unread
    ],
)
def test_works_single_quote(regime, types, amount, expected):
    assert allowed(amount, kind="works", works="specialty", types=types, regime=regime)[0] is expected


DATED = [
    # 지방 여성·장애인기업 1인 견적 2천만 → 5천만 on 2014-11-24
    (50 * M, ("women",), None, "local", D(2014, 11, 23), (F, F)),
    (50 * M, ("women",), None, "local", D(2014, 11, 24), (T, T)),
    # 지방 social economy 1인 5천만 from 2018-07-24 (대통령령 제29059호)
    (50 * M, SE, "0.3", "local", D(2018, 7, 23), (F, F)),
    (50 * M, SE, "0.3", "local", D(2018, 7, 24), (T, T)),
    # 지방 수의 5천만 → 1억: temporary 2020-07-15 … 12-31, then the 2022-09 amendment
    (70 * M, ("women",), None, "local", D(2020, 7, 14), (F, F)),
    (70 * M, ("women",), None, "local", D(2020, 7, 15), (F, T)),
    (70 * M, ("women",), None, "local", D(2020, 12, 31), (F, T)),
    (70 * M, ("women",), None, "local", D(2021, 1, 1), (F, F)),
    (70 * M, ("women",), None, "local", D(2022, 8, 31), (F, F)),
    (70 * M, ("women",), None, "local", D(2022, 9, 1), (F, T)),
    (70 * M, SE, "0.3", "local", D(2020, 7, 14), (F, F)),
    (70 * M, SE, "0.3", "local", D(2020, 7, 15), (F, T)),
    (70 * M, SE, "0.3", "local", D(2021, 1, 1), (F, F)),
    (70 * M, SE, "0.3", "local", D(2022, 9, 1), (F, T)),
    # 국가 5천만 → 1억: temporary from 2020-05-01, permanent from 2021-06-29
    (70 * M, ("small_micro",), None, "national", D(2020, 4, 30), (F, F)),
    (50 * M, ("small_micro",), None, "national", D(2020, 4, 30), (F, T)),
    (70 * M, ("small_micro",), None, "national", D(2020, 5, 1), (F, T)),
    (100 * M, ("small_micro",), None, "national", D(2021, 6, 28), (F, T)),
    (100 * M, ("small_micro",), None, "national", D(2021, 6, 29), (F, T)),
    (70 * M, ("women",), None, "national", D(2019, 6, 1), (F, F)),
    (50 * M, ("women",), None, "national", D(2019, 6, 1), (T, T)),
    (70 * M, ("women",), None, "national", D(2021, 6, 29), (F, T)),
    # 국가 social economy from 2018-12-04, always 조건부 (요건 unread)
    (50 * M, SE, None, "national", D(2018, 12, 3), (F, F)),
    (50 * M, SE, None, "national", D(2018, 12, 4), (C, C)),
    (70 * M, SE, None, "national", D(2019, 6, 1), (F, F)),
    (70 * M, SE, None, "national", D(2021, 6, 29), (F, C)),
]


@pytest.mark.parametrize("amount,types,share,regime,day,expected", DATED)
def test_dated_changes(amount, types, share, regime, day, expected):
    assert allowed(amount, types=types, share=share, regime=regime, day=day) == expected


def test_an_unknown_share_says_what_to_check_and_a_short_one_says_why():
    unknown = contract_routes(amount=40 * M, kind="goods", supplier_types=SE, regime="local", day=NOW)[0]
    assert unknown.allowed is None and "취약계층 고용비율이 30% 이상인지 확인" in unknown.reason
    short = contract_routes(
        amount=40 * M, kind="goods", supplier_types=SE, vulnerable_share="0.2", regime="local", day=NOW
    )[0]
    assert short.allowed is False
    assert "취약계층 고용비율이 30% 이상이어야 합니다 (현재 20%)" in short.reason


def test_the_national_social_economy_condition_names_the_unread_requirement():
    answer = contract_routes(amount=40 * M, kind="goods", supplier_types=SE, regime="national", day=NOW)[0]
    assert answer.allowed is None and answer.verified is False
    assert "재정경제부장관" in answer.reason and "요건" in answer.checked


def test_every_rule_names_its_article_and_what_was_read():
    rules = list(RouteRule.objects.all())
    assert len(rules) >= 40
    for rule in rules:
        assert "시행령" in rule.basis, rule
        assert rule.checked, rule  # what was read, and what was not
    # The figures read in the 2026 decree text with their period known are verified; guessed dates are not.
    assert RouteRule.objects.get(
        regime="local", group="anyone", kind_scope="goods_services", route="multi_quote"
    ).verified
    works = RouteRule.objects.get(regime="local", kind_scope="works_general", effective_from=D(2022, 9, 1))
    assert not works.verified and "미확인" in works.checked


def test_the_competitive_and_shopping_mall_routes():
    answers = {
        a.route: a for a in contract_routes(amount=500 * M, kind="goods", supplier_types=(), regime="local", day=NOW)
    }
    assert answers["competitive"].allowed is True and answers["shopping_mall"].allowed is None


def run(*args) -> dict:
    out = io.StringIO()
    call_command("contract_routes", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_command_prints_the_same_answer():
    result = run(
        "--amount", "50000000", "--kind", "물품", "--supplier-types", "인증사회적기업", "--vulnerable-share", "0.35",
        "--institution-kind", "지방", "--date", "2024-05-01",
    )  # fmt: skip
    routes = {r["route"]: r for r in result["routes"]}
    assert routes["single_quote"]["allowed"] is True and "제30조" in routes["single_quote"]["basis"]
    assert result["regime"] == "local" and result["date"] == "2024-05-01"


def test_the_command_takes_the_decree_groups_and_the_works_type():
    result = run(
        "--amount", "60,000,000", "--kind", "용역", "--supplier-types", "인증사회적기업,소기업",
        "--vulnerable-share", "29%", "--institution-kind", "지방", "--date", "2026-06-01",
    )  # fmt: skip
    routes = {r["route"]: r for r in result["routes"]}
    assert (routes["single_quote"]["allowed"], routes["multi_quote"]["allowed"]) == (False, True)
    assert "소기업·소상공인" in routes["multi_quote"]["reason"] and routes["multi_quote"]["checked"]
    unknown = run(
        "--amount", "50000000", "--kind", "물품", "--supplier-types", "마을기업", "--institution-kind", "지방"
    )
    assert {r["route"]: r["allowed"] for r in unknown["routes"]}["single_quote"] is None  # 조건부 → null
    works = run("--amount", "180000000", "--kind", "공사", "--works-type", "전문", "--institution-kind", "국가")
    assert works["works_type"] == "specialty" and works["routes"][1]["allowed"] is True
    for label in ("여성기업", "장애인기업", "청년창업기업", "소상공인"):
        assert run("--amount", "1000", "--kind", "물품", "--supplier-types", label)["supplier_types"]


@pytest.mark.parametrize(
    "args",
    [
        ("--amount", "1000", "--kind", "물품", "--works-type", "종합"),  # works type without 공사
        ("--amount", "1000", "--kind", "공사", "--works-type", "대형"),
        ("--amount", "1000", "--kind", "물품", "--vulnerable-share", "150%"),
        ("--amount", "1000", "--kind", "물품", "--supplier-types", "대기업"),
    ],
)
def test_the_command_refuses_what_it_cannot_read(args):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("contract_routes", *args)


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
