"""분할계약 check (지방계약법 시행령 §77 spirit: one purchase is not split to stay under a limit).

A new request whose title or 분류 matches requests of the same department within the last three months, so that
their 추정가격 together pass a 수의계약 limit that the new one alone stays under, is warned about with the earlier
requests listed. The officer may go on with a reason; the warning and the reason are kept on the request."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from procure.buying.models import KindScope, QuoteRequest, RequestStatus, RouteRule
from procure.buying.routes import WORKS_SCOPE

PERIOD_DAYS = 92  # about three months
# Words that say nothing about what is bought.
_STOP = {"구매", "구입", "용역", "제작", "물품", "납품", "관련", "위한", "및", "건", "의", "사업", "계약", "요청"}
_WORD = re.compile(r"[0-9A-Za-z가-힣]+")


@dataclass
class SplitWarning:
    earlier: list[QuoteRequest]
    total: int
    limit: int

    def as_record(self, reason: str = "") -> dict:
        return {
            "earlier": [
                {"id": r.pk, "title": r.title, "estimated_price": r.estimated_price, "created": _day(r).isoformat()}
                for r in self.earlier
            ],
            "total": self.total,
            "limit": self.limit,
            "reason": reason,
        }

    def message(self) -> str:
        listed = ", ".join(f"‘{r.title}’({_day(r):%Y.%m.%d}, {r.estimated_price:,}원)" for r in self.earlier)
        return (
            f"같은 부서가 최근 3개월 안에 비슷한 요청을 했습니다: {listed}. "
            f"이번 요청과 합치면 추정가격 {self.total:,}원으로 수의계약 한도 {self.limit:,}원을 넘습니다. "
            "하나의 구매를 나누어 한도 아래로 맞추는 분할계약은 할 수 없습니다 (지방계약법 시행령 제77조). "
            "따로 사야 하는 구매라면 그 사유를 적고 계속하세요."
        )


def _day(request: QuoteRequest) -> datetime.date:
    return timezone.localtime(request.created_at).date()


def _words(title: str) -> set[str]:
    return {w for w in _WORD.findall(title.lower()) if w not in _STOP and len(w) > 1}


def titles_match(a: str, b: str) -> bool:
    """The same purchase named twice: equal once spaces go, or sharing more than half of the shorter title's
    meaningful words (구청 행사 답례품 ~ 행사 답례품 2차; not 구청 행사 답례품 ~ 구청 청소)."""
    plain_a, plain_b = re.sub(r"\s+", "", a), re.sub(r"\s+", "", b)
    if plain_a and plain_a == plain_b:
        return True
    words_a, words_b = _words(a), _words(b)
    if not words_a or not words_b:
        return False
    return len(words_a & words_b) * 2 > min(len(words_a), len(words_b))


def _limits(*, regime: str, kind: str, works_type: str, day: datetime.date) -> list[int]:
    """The 수의계약 limits in force for that kind of purchase (공사: of its type and of every type)."""
    if kind in ("goods", "services"):
        scopes = [KindScope.GOODS_SERVICES]
    elif works_type in WORKS_SCOPE:
        scopes = [KindScope.WORKS, WORKS_SCOPE[works_type]]
    else:
        scopes = [KindScope.WORKS, *WORKS_SCOPE.values()]
    rules = RouteRule.objects.effective_on(day).filter(regime=regime, kind_scope__in=scopes)
    return sorted(set(rules.values_list("max_amount", flat=True)))


def split_check(
    *,
    institution,
    department,
    title: str,
    kind: str,
    category,
    estimated_price: int,
    regime: str,
    works_type: str = "",
    today=None,
) -> SplitWarning | None:
    """The warning for a new request, or None."""
    if not estimated_price:
        return None
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=PERIOD_DAYS)
    earlier = QuoteRequest.objects.filter(
        institution=institution,
        department=department,
        kind=kind,
        estimated_price__isnull=False,
        created_at__date__gte=since,
    ).exclude(status=RequestStatus.CLOSED)
    matches = [
        r
        for r in earlier.order_by("created_at")
        if (category is not None and r.category_id == category.pk) or titles_match(r.title, title)
    ]
    if not matches:
        return None
    total = estimated_price + sum(r.estimated_price for r in matches)
    limits = _limits(regime=regime, kind=kind, works_type=works_type, day=today)
    passed = [limit for limit in limits if estimated_price <= limit < total]
    if not passed:
        return None
    return SplitWarning(earlier=matches, total=total, limit=passed[0])
