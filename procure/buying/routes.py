"""Which contract routes the rules allow for a purchase (read from the dated RouteRule data).

The answer depends on the estimated amount (추정가격, VAT excluded), 물품·용역 or 공사, the supplier's types on
the contract date and its 취약계층 share, the institution's regime (지방계약법 or 국가계약법) and the date."""

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal

from procure.buying.models import KindScope, Regime, Route, RouteRule, SupplierGroup

# The types the decrees name next to 여성·장애인기업 (not 예비사회적기업, not general 협동조합).
SOCIAL_ECONOMY_TYPES = {"certified_se", "social_coop", "self_sufficiency", "village"}
KIND_SCOPE = {"goods": KindScope.GOODS_SERVICES, "services": KindScope.GOODS_SERVICES, "works": KindScope.WORKS}
COMPETITIVE_BASIS = {
    Regime.LOCAL: "지방계약법 제9조 (경쟁입찰 원칙)",
    Regime.NATIONAL: "국가계약법 제7조 (경쟁입찰 원칙)",
}


@dataclass
class RouteAnswer:
    route: str
    label: str
    allowed: bool | None  # None: depends on something the platform cannot know
    limit: int | None
    basis: str
    verified: bool
    reason: str

    def as_json(self) -> dict:
        return asdict(self)


def share_bp(share) -> int | None:
    """0.35, "0.35", "35%" → 3500 (basis points, exact: no float arithmetic)."""
    if share is None or share == "":
        return None
    text = str(share).strip()
    if text.endswith("%"):
        return int(Decimal(text[:-1]) * 100)
    return int(Decimal(text) * 10000)


def _group_applies(rule: RouteRule, types: set[str], vulnerable_bp: int | None) -> tuple[bool, str]:
    if rule.group == SupplierGroup.ANYONE:
        return True, ""
    if not types & SOCIAL_ECONOMY_TYPES:
        return False, "공급자가 사회적기업·사회적협동조합·자활기업·마을기업이 아닙니다"
    if rule.min_vulnerable_share_bp is not None and (
        vulnerable_bp is None or vulnerable_bp < rule.min_vulnerable_share_bp
    ):
        need = f"{rule.min_vulnerable_share_bp / 100:g}%"
        have = "알 수 없음" if vulnerable_bp is None else f"{vulnerable_bp / 100:g}%"
        return False, f"취약계층 고용비율이 {need} 이상이어야 합니다 (현재 {have})"
    return True, ""


def contract_routes(
    *, amount: int, kind: str, supplier_types, vulnerable_share=None, regime: str, day: datetime.date
) -> list[RouteAnswer]:
    types = set(supplier_types)
    vulnerable_bp = share_bp(vulnerable_share)
    rules = list(RouteRule.objects.effective_on(day).filter(regime=regime, kind_scope=KIND_SCOPE[kind]))
    answers = []
    for route in (Route.SINGLE_QUOTE, Route.MULTI_QUOTE):
        # Whatever one quote may buy, two or more quotes may buy too.
        candidates = [
            r for r in rules if r.route == route or (route == Route.MULTI_QUOTE and r.route == Route.SINGLE_QUOTE)
        ]
        usable, missed = [], []
        for rule in candidates:
            applies, why = _group_applies(rule, types, vulnerable_bp)
            (usable if applies else missed).append((rule, why))
        best = max((r for r, _ in usable), key=lambda r: r.max_amount, default=None)
        if best is None:
            answers.append(
                RouteAnswer(route, Route(route).label, False, None, "", True, "이 날짜에 적용되는 규칙이 없습니다")
            )
            continue
        allowed = amount <= best.max_amount
        reason = (
            f"{best.max_amount:,}원 이하라 가능합니다"
            if allowed
            else f"추정가격이 한도 {best.max_amount:,}원을 넘습니다"
        )
        higher = [(r, why) for r, why in missed if r.max_amount > best.max_amount and amount <= r.max_amount]
        if not allowed and higher:
            rule, why = max(higher, key=lambda item: item[0].max_amount)
            reason += f" ({rule.max_amount:,}원 특례는 {why})"
        answers.append(
            RouteAnswer(route, Route(route).label, allowed, best.max_amount, best.basis, best.verified, reason)
        )
    answers.append(
        RouteAnswer(
            "competitive",
            "경쟁입찰 (일반·제한)",
            True,
            None,
            COMPETITIVE_BASIS[regime],
            True,
            "금액과 관계없이 가능합니다",
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


def supplier_routes(*, amount: int, kind: str, enterprise, regime: str, day: datetime.date) -> list[RouteAnswer]:
    """The routes for a registered enterprise: its types on `day` and its 취약계층 share from the registry."""
    from procure.enterprises.selectors import enterprise_types_on

    return contract_routes(
        amount=amount,
        kind=kind,
        supplier_types=set(enterprise_types_on(enterprise, day)),
        vulnerable_share=enterprise.vulnerable_share,
        regime=regime,
        day=day,
    )
