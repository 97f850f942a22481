"""Which contract routes the rules allow for a purchase (read from the dated RouteRule data).

The answer depends on the estimated amount (추정가격, VAT excluded), 물품·용역 or 공사 (and which works: 종합·전문·
기타), the supplier's groups on the contract date (the social economy types, 소기업·소상공인, 여성기업, 장애인기업,
청년창업기업) and its 취약계층 share, the institution's regime (지방계약법 or 국가계약법) and the date.

Each route is answered true (가능), false (불가) or None (조건부: a requirement the platform cannot know — an
unknown 취약계층 share, the 국가 요건 for social economy types that was not read — named in the reason)."""

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal

from procure.buying.models import KindScope, Regime, Route, RouteRule, SupplierGroup, WorksType

# The types the decrees name next to 여성·장애인기업 (not 예비사회적기업, not general 협동조합).
SOCIAL_ECONOMY_TYPES = {"certified_se", "social_coop", "self_sufficiency", "village"}
KIND_SCOPE = {"goods": KindScope.GOODS_SERVICES, "services": KindScope.GOODS_SERVICES, "works": KindScope.WORKS}
WORKS_SCOPE = {
    WorksType.GENERAL: KindScope.WORKS_GENERAL,
    WorksType.SPECIALTY: KindScope.WORKS_SPECIALTY,
    WorksType.OTHER: KindScope.WORKS_OTHER,
}
# The decree groups a supplier may name, by every spelling the command line and the forms accept.
GROUP_ALIASES = {
    "소기업": SupplierGroup.SMALL_MICRO,
    "소상공인": SupplierGroup.SMALL_MICRO,
    "소기업·소상공인": SupplierGroup.SMALL_MICRO,
    "small_micro": SupplierGroup.SMALL_MICRO,
    "여성기업": SupplierGroup.WOMEN,
    "women": SupplierGroup.WOMEN,
    "장애인기업": SupplierGroup.DISABLED,
    "disabled": SupplierGroup.DISABLED,
    "청년창업기업": SupplierGroup.YOUTH_STARTUP,
    "청년창업": SupplierGroup.YOUTH_STARTUP,
    "youth_startup": SupplierGroup.YOUTH_STARTUP,
}
DECREE_GROUPS = {
    SupplierGroup.SMALL_MICRO,
    SupplierGroup.WOMEN,
    SupplierGroup.DISABLED,
    SupplierGroup.YOUTH_STARTUP,
}
COMPETITIVE_BASIS = {
    Regime.LOCAL: "지방계약법 제9조 (경쟁입찰 원칙)",
    Regime.NATIONAL: "국가계약법 제7조 (경쟁입찰 원칙)",
}


@dataclass
class RouteAnswer:
    route: str
    label: str
    allowed: bool | None  # None: 조건부 — depends on something the platform cannot know (named in `reason`)
    limit: int | None
    basis: str
    verified: bool
    reason: str
    checked: str = ""  # what of the rule was read, and where, and what was not

    def as_json(self) -> dict:
        return asdict(self)


def share_bp(share) -> int | None:
    """0.35, "0.35", "35%" → 3500 (basis points, exact: no float arithmetic)."""
    if share is None or share == "":
        return None
    text = str(share).strip()
    if text.endswith("%"):
        value = int(Decimal(text[:-1]) * 100)
    else:
        value = int(Decimal(text) * 10000)
    if not 0 <= value <= 10000:
        raise ValueError("취약계층 고용비율은 0%에서 100% 사이여야 합니다.")
    return value


def groups_of(supplier_types) -> set[str]:
    """The decree groups a supplier belongs to, from its types (EnterpriseType values and group codes)."""
    types = set(supplier_types)
    groups = {SupplierGroup.ANYONE.value}
    if types & SOCIAL_ECONOMY_TYPES:
        groups.add(SupplierGroup.SOCIAL_ECONOMY.value)
    groups |= {GROUP_ALIASES[t].value for t in types if t in GROUP_ALIASES}
    return groups


def _percent(bp: int) -> str:
    return f"{bp / 100:g}%"


def _applies(rule: RouteRule, groups: set[str], vulnerable_bp: int | None) -> tuple[bool | None, str]:
    """Whether `rule` applies to the supplier: True, False (with why) or None (조건부, with what to check)."""
    if rule.group not in groups:
        return False, f"공급자가 {SupplierGroup(rule.group).label}이 아닙니다"
    if rule.min_vulnerable_share_bp is not None:
        need = _percent(rule.min_vulnerable_share_bp)
        if vulnerable_bp is None:
            return None, (
                f"취약계층 고용비율이 {need} 이상인지 확인해야 합니다 (행정안전부 고시: 취약계층 근로자 ÷ 유급근로자, "
                "180일 이상 고용보험 가입 기준; 플랫폼에 인원이 없습니다)"
            )
        if vulnerable_bp < rule.min_vulnerable_share_bp:
            return False, f"취약계층 고용비율이 {need} 이상이어야 합니다 (현재 {_percent(vulnerable_bp)})"
    if rule.condition:
        return None, rule.condition
    return True, ""


def _route_answer(route: str, rules: list[RouteRule], amount: int, groups, vulnerable_bp) -> RouteAnswer:
    label = Route(route).label
    # Whatever one quote may buy, two or more quotes may buy too.
    candidates = [
        r for r in rules if r.route == route or (route == Route.MULTI_QUOTE and r.route == Route.SINGLE_QUOTE)
    ]
    judged = [(rule, *_applies(rule, groups, vulnerable_bp)) for rule in candidates]
    sure = [rule for rule, state, _ in judged if state is True]
    best = max(sure, key=lambda r: r.max_amount, default=None)
    if best is None:
        return RouteAnswer(route, label, False, None, "", True, "이 날짜에 적용되는 규칙이 없습니다")
    how = "2인 이상 견적으로 " if route == Route.MULTI_QUOTE else ""
    if amount <= best.max_amount:
        reason = f"추정가격이 {best.max_amount:,}원 이하라 {how}가능합니다"
        if best.group != SupplierGroup.ANYONE:
            reason += f" ({SupplierGroup(best.group).label} 특례)"
        return RouteAnswer(route, label, True, best.max_amount, best.basis, best.verified, reason, best.checked)
    maybe = [(rule, why) for rule, state, why in judged if state is None and amount <= rule.max_amount]
    if maybe:
        rule, why = min(maybe, key=lambda item: item[0].max_amount)
        reason = (
            f"{SupplierGroup(rule.group).label} 특례로 {rule.max_amount:,}원까지 {how}가능하지만 조건부입니다: {why}"
        )
        return RouteAnswer(route, label, None, rule.max_amount, rule.basis, False, reason, rule.checked)
    reason = f"추정가격이 한도 {best.max_amount:,}원을 넘습니다"
    higher = [(r, why) for r, state, why in judged if state is False and amount <= r.max_amount]
    if higher:
        # The special limit the supplier's own groups nearly reach says most (a 30% share short), then the lowest.
        rule, why = min(higher, key=lambda item: (item[0].group not in groups, item[0].max_amount))
        reason += f" ({rule.max_amount:,}원 {SupplierGroup(rule.group).label} 특례는 {why})"
    return RouteAnswer(route, label, False, best.max_amount, best.basis, best.verified, reason, best.checked)


def _quote_routes(*, amount, scopes, groups, vulnerable_bp, regime, day) -> list[RouteAnswer]:
    rules = list(RouteRule.objects.effective_on(day).filter(regime=regime, kind_scope__in=scopes))
    return [_route_answer(route, rules, amount, groups, vulnerable_bp) for route in Route.values]


def _works_by_type(**question) -> list[RouteAnswer]:
    """공사 without its type: each route as 종합·전문·기타 would answer, 조건부 where they differ."""
    per_type = {
        works_type: _quote_routes(scopes=[KindScope.WORKS, scope], **question)
        for works_type, scope in WORKS_SCOPE.items()
    }
    combined = []
    for index, route in enumerate(Route.values):
        answers = {works_type: answers[index] for works_type, answers in per_type.items()}
        states = {a.allowed for a in answers.values()}
        first = answers[WorksType.GENERAL]
        if len(states) == 1:
            combined.append(first)
            continue
        marks = {True: "가능", False: "불가", None: "조건부"}
        detail = ", ".join(
            f"{WorksType(t).label.split(' ')[0]} {marks[a.allowed]}" + (f"({a.limit:,}원 이하)" if a.limit else "")
            for t, a in answers.items()
        )
        combined.append(
            RouteAnswer(
                route,
                first.label,
                None,
                None,
                "; ".join(dict.fromkeys(a.basis for a in answers.values() if a.basis)),
                all(a.verified for a in answers.values()),
                f"공사 종류(종합·전문·기타)에 따라 다릅니다: {detail}. 공사 종류를 정해 주세요",
                first.checked,
            )
        )
    return combined


def contract_routes(
    *,
    amount: int,
    kind: str,
    supplier_types,
    vulnerable_share=None,
    regime: str,
    day: datetime.date,
    works_type: str | None = None,
) -> list[RouteAnswer]:
    question = {
        "amount": amount,
        "groups": groups_of(supplier_types),
        "vulnerable_bp": share_bp(vulnerable_share),
        "regime": regime,
        "day": day,
    }
    if kind == "works" and not works_type:
        answers = _works_by_type(**question)
    else:
        scopes = [KIND_SCOPE[kind]] + ([WORKS_SCOPE[WorksType(works_type)]] if kind == "works" else [])
        answers = _quote_routes(scopes=scopes, **question)
    answers.append(
        RouteAnswer(
            "competitive",
            "경쟁입찰 (일반·제한)",
            True,
            None,
            COMPETITIVE_BASIS[regime],
            True,
            "금액과 관계없이 가능합니다 (견적 요청이 아니라 입찰 공고로 합니다)",
        )
    )
    answers.append(
        RouteAnswer(
            "shopping_mall",
            "조달청 종합쇼핑몰",
            None,
            None,
            "조달사업에 관한 법률 (다수공급자계약 등)",
            False,
            "그 품목이 종합쇼핑몰에 등록되어 있을 때 가능합니다 (플랫폼은 등록 여부를 알 수 없습니다)",
        )
    )
    return answers


def supplier_groups(enterprise, day: datetime.date) -> set[str]:
    """The enterprise's social economy types and decree groups (확인서) valid on `day`."""
    from procure.enterprises.selectors import supplier_groups_on

    return set(supplier_groups_on(enterprise, day))


def supplier_routes(
    *, amount: int, kind: str, enterprise, regime: str, day: datetime.date, works_type: str | None = None
) -> list[RouteAnswer]:
    """The routes for a registered enterprise: its types and groups on `day` and its 취약계층 share."""
    return contract_routes(
        amount=amount,
        kind=kind,
        supplier_types=supplier_groups(enterprise, day),
        vulnerable_share=enterprise.vulnerable_share,
        regime=regime,
        day=day,
        works_type=works_type,
    )
