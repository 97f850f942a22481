"""Writes for performance: alerts to departments behind pace."""

from django.db import transaction
from django.urls import reverse

from procure.accounts.models import Role, User
from procure.core.errors import ServiceError
from procure.core.formatting import format_won
from procure.core.services import audit, notify, snapshot
from procure.ledger.services import figures_changed
from procure.performance.models import Regime, YearClosing
from procure.performance.selectors import pace_rows, regime_for


def pace_alerts_send(*, year: int, today=None) -> int:
    """Tell the buyers of every department behind pace, and the center, once per run (monthly)."""
    regime = regime_for(None)
    behind = [row for row in pace_rows(year=year, regime=regime, today=today) if row.behind and row.department]
    for row in behind:
        department = row.department
        assert department is not None  # `behind` keeps department rows only
        link = reverse("performance:department", args=[department.pk]) + f"?year={year}"
        body = (
            f"{year}년 사회적경제기업 제품 구매실적이 {format_won(row.figures.se)}으로, 지금까지 기대액 "
            f"{format_won(row.expected_by_now)}보다 {format_won(row.gap)} 적습니다. "
            "부서 화면에서 사회적경제기업이 공급하는 품목을 확인해 주세요."
        )
        for buyer in User.objects.filter(role=Role.BUYER, department=department, is_active=True):
            notify(recipient=buyer, title=f"{department.name} 공공구매 목표 진도가 늦습니다", body=body, link=link)
    if behind:
        names = ", ".join(f"{r.institution.name} {r.department.name if r.department else ''}" for r in behind[:30])
        for staff in User.objects.filter(role=Role.CENTER_STAFF, is_active=True):
            notify(
                recipient=staff,
                title=f"목표 대비 부진 부서 {len(behind)}곳",
                body=names,
                link=reverse("performance:overview") + f"?year={year}",
            )
    return len(behind)


REGIME_FIELDS = ["code", "name", "description", "counted_types", "denominator_kinds", "is_default"]


def _regime_snapshot(regime: Regime) -> dict:
    return {**snapshot(regime, REGIME_FIELDS), "exclusions": sorted(regime.exclusions.values_list("pk", flat=True))}


@transaction.atomic
def regime_save(*, actor, regime: Regime, exclusions=None, **fields) -> Regime:
    """Create or change a counting regime. Roll-ups do not depend on regimes; cached figures are refreshed."""
    before = _regime_snapshot(Regime.objects.get(pk=regime.pk)) if regime.pk else None
    for name, value in fields.items():
        setattr(regime, name, value)
    regime.full_clean()
    regime.save()
    if exclusions is not None:
        regime.exclusions.set(exclusions)
    if regime.is_default:  # one default regime
        Regime.objects.exclude(pk=regime.pk).filter(is_default=True).update(is_default=False)
    after = _regime_snapshot(regime)
    if before != after:
        audit(
            actor=actor,
            action="performance.regime.changed" if before else "performance.regime.created",
            obj=regime,
            before=before,
            after=after,
        )
        figures_changed()
    return regime


@transaction.atomic
def regime_delete(*, actor, regime: Regime) -> None:
    if regime.is_default:
        raise ValueError("기본 집계 기준은 지울 수 없습니다. 다른 기준을 기본으로 정한 뒤 지워 주세요.")
    audit(actor=actor, action="performance.regime.deleted", obj=regime, before=_regime_snapshot(regime))
    regime.delete()
    figures_changed()


class YearClosingError(ServiceError):
    """A close or reopen the rules do not allow; the message is Korean."""


@transaction.atomic
def year_close(*, actor, year: int, note: str = "") -> YearClosing:
    """The district closes a year: its figures are 확정 on every page, export and API answer from now on."""
    from django.utils import timezone

    if year >= timezone.localdate().year:
        raise YearClosingError(f"{year}년은 아직 끝나지 않았습니다. 지난 해만 마감할 수 있습니다.")
    closing = YearClosing.objects.select_for_update().filter(year=year).first()
    if closing and closing.closed:
        raise YearClosingError(f"{year}년은 이미 마감했습니다.")
    before = {"closed": False}
    closing = closing or YearClosing(year=year)
    closing.closed, closing.changed_at, closing.changed_by, closing.reason = True, timezone.now(), actor, note.strip()
    closing.save()
    audit(
        actor=actor, action="performance.year.closed", obj=closing, before=before, after={"closed": True, "note": note}
    )
    figures_changed()
    return closing


@transaction.atomic
def year_reopen(*, actor, year: int, reason: str) -> YearClosing:
    """Only the district, only with a reason: the year is 잠정 again (a late correction to record)."""
    from django.utils import timezone

    if not reason.strip():
        raise YearClosingError("마감을 푸는 사유를 적어 주세요.")
    closing = YearClosing.objects.select_for_update().filter(year=year, closed=True).first()
    if closing is None:
        raise YearClosingError(f"{year}년은 마감하지 않았습니다.")
    closing.closed, closing.changed_at, closing.changed_by, closing.reason = (
        False,
        timezone.now(),
        actor,
        reason.strip(),
    )
    closing.save()
    audit(
        actor=actor,
        action="performance.year.reopened",
        obj=closing,
        before={"closed": True},
        after={"closed": False, "reason": reason.strip()},
    )
    figures_changed()
    return closing
