"""Writes for performance: alerts to departments behind pace."""

from django.urls import reverse

from procure.accounts.models import Role, User
from procure.core.formatting import format_won
from procure.core.services import notify
from procure.performance.selectors import pace_rows, regime_for


def pace_alerts_send(*, year: int, today=None) -> int:
    """Tell the buyers of every department behind pace, and the center, once per run (monthly)."""
    regime = regime_for(None)
    behind = [row for row in pace_rows(year=year, regime=regime, today=today) if row.behind and row.department]
    for row in behind:
        link = reverse("performance:department", args=[row.department.pk]) + f"?year={year}"
        body = (
            f"{year}년 사회적경제기업 제품 구매실적이 {format_won(row.figures.se)}으로, 지금까지 기대액 "
            f"{format_won(row.expected_by_now)}보다 {format_won(row.gap)} 적습니다. "
            "부서 화면에서 사회적경제기업이 공급하는 품목을 확인해 주세요."
        )
        for buyer in User.objects.filter(role=Role.BUYER, department=row.department, is_active=True):
            notify(recipient=buyer, title=f"{row.department.name} 공공구매 목표 진도가 늦습니다", body=body, link=link)
    if behind:
        names = ", ".join(f"{r.institution.name} {r.department.name}" for r in behind[:30])
        for staff in User.objects.filter(role=Role.CENTER_STAFF, is_active=True):
            notify(
                recipient=staff,
                title=f"목표 대비 부진 부서 {len(behind)}곳",
                body=names,
                link=reverse("performance:overview") + f"?year={year}",
            )
    return len(behind)
