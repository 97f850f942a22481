"""Spreadsheets and PDFs people send around: the monthly monitoring report and the statutory forms.

The spreadsheets are exporters (core/exporters.py): rows read from selectors, rendered and neutralised by the
kernel's one renderer, registered so that every export of the platform is listed in one place."""

from django.template.loader import render_to_string
from django.utils import timezone

from procure.core.access import public
from procure.core.exporters import Col, Exporter, Sheet, register_exporter
from procure.core.formatting import format_date
from procure.core.money import split_won
from procure.core.pdf import render_pdf
from procure.enterprises.models import TYPE_PRECEDENCE, EnterpriseType
from procure.institutions.models import Institution
from procure.ledger.models import PurchaseKind
from procure.ledger.selectors import reversals_of_year
from procure.performance import dashboards
from procure.performance.models import Regime
from procure.performance.permissions import can_open_dashboards, can_see_all_institutions
from procure.performance.selectors import (
    disclosure_institution_ids,
    district_standing,
    pace_rows,
    plans_for,
    regime_for,
    targets_for,
    year_figures,
    year_status,
)

KINDS = [PurchaseKind.GOODS, PurchaseKind.SERVICES, PurchaseKind.WORKS]


def _share(part, whole):
    return (part / whole) if whole else None


@register_exporter
class MonitoringExporter(Exporter):
    """월별 모니터링: every institution and department against its target, by month and by type."""

    identifier = "performance.monitoring"
    verbose_name = "사회적경제기업 제품 구매실적 모니터링"
    rule = staticmethod(can_see_all_institutions)

    def __init__(self, *, year: int, regime: Regime):
        self.year, self.regime = year, regime

    def filename(self) -> str:
        return f"{self.year}년-사회적경제기업-구매실적-모니터링-{timezone.localdate():%Y%m%d}"

    def sheets(self):
        standing = district_standing(year=self.year, regime=self.regime)
        district = standing.figures
        yield Sheet(
            "기관별",
            [
                Col("기관", width=22),
                Col("총구매액", "won", 18),
                Col("사회적경제기업 구매액", "won", 20),
                Col("구매비율", "percent", 10),
                Col("목표액", "won", 18),
                Col("달성률", "percent", 10),
                Col("연말 예상액", "won", 18),
                Col("예측 방법", width=40),
            ],
            [
                *(
                    [
                        line.institution.name,
                        line.figures.total,
                        line.figures.se,
                        line.figures.ratio,
                        line.target_amount,
                        _share(line.figures.se, line.target_amount),
                        line.forecast.amount if line.forecast else None,
                        line.forecast.method if line.forecast else "",
                    ]
                    for line in standing.lines
                ),
                [
                    "합계",
                    district.total,
                    district.se,
                    district.ratio,
                    standing.district_target,
                    _share(district.se, standing.district_target),
                    standing.forecast.amount if standing.forecast else None,
                    "",
                ],
            ],
            preamble=[
                f"{self.year}년 사회적경제기업 제품 구매실적 모니터링 ({self.regime.name})",
                f"작성일 {format_date(timezone.localdate())} · {standing.status.sentence}",
            ],
        )
        rows = sorted(
            (r for r in pace_rows(year=self.year, regime=self.regime, this=standing.this, last=standing.last)),
            key=lambda r: (r.institution.name, r.department.name if r.department else ""),
        )
        yield Sheet(
            "부서별",
            [
                Col("기관", width=22),
                Col("부서", width=22),
                Col("총구매액", "won", 18),
                Col("사회적경제기업 구매액", "won", 20),
                Col("목표액", "won", 18),
                Col("지금까지 기대액", "won", 18),
                Col("부족액", "won", 16),
                Col("상태", width=10),
            ],
            (
                [
                    row.institution.name,
                    row.department.name,
                    row.figures.total,
                    row.figures.se,
                    row.target_amount,
                    row.expected_by_now,
                    row.gap if row.target_amount else None,
                    "부진" if row.behind else ("정상" if row.target_amount else "목표 없음"),
                ]
                for row in rows
                if row.department
            ),
        )
        yield Sheet(
            "월별",
            [Col("월"), Col("총구매액", "won"), Col("사회적경제기업 구매액", "won"), Col("구매비율", "percent")],
            (
                [f"{month + 1}월", total, se, _share(se, total)]
                for month, (total, se) in enumerate(zip(district.by_month_total, district.by_month_se, strict=True))
            ),
        )
        yield Sheet(
            "유형별",
            [Col("기업유형"), Col("구매액", "won")],
            ([EnterpriseType(type_).label, district.by_type[type_]] for type_ in TYPE_PRECEDENCE),
        )
        yield Sheet(
            "환수·해제",
            [
                Col("기관", width=22),
                Col("부서", width=18),
                Col("계약일자", width=12),
                Col("계약명", width=36),
                Col("업체", width=22),
                Col("원래 계약금액", "won", 16),
                Col("되돌린 금액", "won", 16),
                Col("기록 일시", width=18),
                Col("사유", width=40),
            ],
            (
                [
                    line.institution.name,
                    line.department.name if line.department else "",
                    format_date(line.contract_date),
                    line.title,
                    line.supplier_name,
                    line.reversal_of.amount,
                    line.amount,
                    timezone.localtime(line.created_at).strftime("%Y.%m.%d %H:%M"),
                    line.note,
                ]
                for line in reversals_of_year(year=self.year)
            ),
            preamble=["원래 계약은 실적에 그대로 있고, 되돌린 금액(음수)이 같은 달·부서에서 빠집니다."],
        )


@register_exporter
class PerformanceFormExporter(Exporter):
    """구매실적: the figures an institution reports, split by 물품·용역·공사, under every regime."""

    identifier = "performance.statutory_performance"
    verbose_name = "사회적경제기업 제품 구매실적 (법정 서식)"
    rule = staticmethod(can_open_dashboards)  # and the institution's own figures: checked by the view

    def __init__(self, *, institution: Institution, year: int):
        self.institution, self.year = institution, year

    def filename(self) -> str:
        return f"{self.year}년-{self.institution.name}-구매실적"

    def sheets(self):
        status = year_status(self.year)
        rows = []
        for regime in Regime.objects.prefetch_related("exclusions"):
            figures = year_figures(year=self.year, regime=regime, institution_id=self.institution.pk)
            figures = figures.institutions.get(self.institution.pk)
            if figures is None:
                rows.append([regime.name, 0, 0, 0, 0, 0, 0, 0, 0, None])
                continue
            rows.append(
                [
                    regime.name,
                    figures.total,
                    *[figures.by_kind_total.get(k, 0) for k in KINDS],
                    figures.se,
                    *[figures.by_kind_se.get(k, 0) for k in KINDS],
                    figures.ratio,
                ]
            )
        yield Sheet(
            "구매실적",
            [
                Col("집계 기준", width=30),
                Col("총구매액(A)", "won", 18),
                *[Col(f"총구매액 {k.label}", "won", 16) for k in KINDS],
                Col("사회적경제기업 제품 구매액(B)", "won", 24),
                *[Col(f"구매액 {k.label}", "won", 16) for k in KINDS],
                Col("구매비율(B/A)", "percent", 12),
            ],
            rows,
            # One title line, as the statutory form has it: the year's status (잠정 · 확정) goes in it.
            preamble=[f"{self.year}년도 사회적경제기업 제품 구매실적 — {self.institution.name} ({status.label})"],
        )
        default = regime_for(None)
        figures = year_figures(year=self.year, regime=default, institution_id=self.institution.pk)
        figures = figures.institutions.get(self.institution.pk)
        yield Sheet(
            "유형별",
            [Col("기업유형"), Col("구매액", "won")],
            ([EnterpriseType(t).label, figures.by_type[t] if figures else 0] for t in TYPE_PRECEDENCE),
        )


@register_exporter
class PlanFormExporter(Exporter):
    """구매계획: the year's target and monthly plan of the institution and each department."""

    identifier = "performance.statutory_plan"
    verbose_name = "사회적경제기업 제품 구매계획 (법정 서식)"
    rule = staticmethod(can_open_dashboards)  # and the institution's own figures: checked by the view

    def __init__(self, *, institution: Institution, year: int):
        self.institution, self.year = institution, year

    def filename(self) -> str:
        return f"{self.year}년-{self.institution.name}-구매계획"

    def sheets(self):
        targets = targets_for(year=self.year)
        plans = plans_for(year=self.year, institution_id=self.institution.pk)
        units = [(None, "기관 전체")] + [(d.pk, d.name) for d in self.institution.departments.order_by("name")]
        rows = []
        for department_id, name in units:
            target = targets.get((self.institution.pk, department_id))
            monthly = plans.get(department_id, [0] * 12)
            if not target and not any(monthly):
                continue
            planned = target.planned_amount if target else None
            if not any(monthly) and planned:  # a ratio target's plan: the amount it means, month by month
                monthly = split_won(planned, 12)
            rows.append(
                [
                    name,
                    target.get_kind_display() if target else "",
                    planned,
                    (target.ratio_bp / 10000) if target and target.ratio_bp is not None else None,
                    *monthly,
                    sum(monthly),
                    target.base_amount if target else None,
                ]
            )
        yield Sheet(
            "구매계획",
            [
                Col("부서", width=22),
                Col("목표 방식", width=10),
                Col("목표액(원)", "won", 18),
                Col("목표비율", "percent", 10),
                *[Col(f"{m}월", "won", 14) for m in range(1, 13)],
                Col("계획 합계", "won", 14),
                Col("비율의 기준 총구매액(원)", "won", 18),
            ],
            rows,
            preamble=[f"{self.year}년도 사회적경제기업 제품 구매계획 — {self.institution.name}"],
        )


def monitoring_pdf(request, *, year: int, regime: Regime) -> bytes:
    overview = dashboards.district_overview(year=year, regime=regime)
    html = render_to_string(
        "performance/monitoring_pdf.html", {**overview, "year": year, "regime": regime, "today": timezone.localdate()}
    )
    return render_pdf(html, base_url=request.build_absolute_uri("/"))


@register_exporter
class DisclosureExporter(Exporter):
    """의무구매 공시: every active institution's figures of a year under every regime, as the public pages show
    them, with the year's status (잠정 · 확정)."""

    identifier = "performance.disclosure"
    verbose_name = "사회적경제기업 제품 구매실적 공시"
    rule = staticmethod(public)
    formats = ("xlsx", "csv")

    def __init__(self, *, year: int):
        self.year = year

    def filename(self) -> str:
        return f"{self.year}년-사회적경제기업-구매실적-공시-{year_status(self.year).label}"

    def sheets(self):
        status = year_status(self.year)
        institutions = dict(
            Institution.objects.filter(pk__in=disclosure_institution_ids(self.year), is_active=True).values_list(
                "pk", "name"
            )
        )
        rows = []
        for regime in Regime.objects.prefetch_related("exclusions").order_by("-is_default", "name"):
            figures = year_figures(year=self.year, regime=regime)
            for pk, name in sorted(institutions.items(), key=lambda kv: kv[1]):
                unit = figures.institutions.get(pk)
                rows.append(
                    [
                        name,
                        regime.name,
                        unit.total if unit else 0,
                        unit.se if unit else 0,
                        _share(unit.se, unit.total) if unit else None,
                        *[unit.by_type[type_] if unit else 0 for type_ in TYPE_PRECEDENCE],
                        status.label,
                    ]
                )
        yield Sheet(
            "공시",
            [
                Col("기관", width=22),
                Col("집계 기준", width=18),
                Col("총구매액", "won", 18),
                Col("사회적경제기업 제품 구매액", "won", 20),
                Col("구매비율", "percent", 10),
                *[Col(EnterpriseType(type_).label, "won", 16) for type_ in TYPE_PRECEDENCE],
                Col("상태", width=8),
            ],
            rows,
            preamble=[f"{self.year}년 사회적경제기업 제품 구매실적 공시", status.sentence],
        )
