"""Spreadsheets and PDFs people send around: the monthly monitoring report and the statutory forms."""

import io

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from procure.core.exports import neutralize_cell
from procure.core.formatting import format_date
from procure.enterprises.models import TYPE_PRECEDENCE, EnterpriseType
from procure.institutions.models import Institution
from procure.ledger.models import PurchaseKind
from procure.performance import dashboards
from procure.performance.models import Regime
from procure.performance.selectors import plans_for, regime_for, targets_for, year_figures

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WON = '#,##0"원"'
PERCENT = "0.00%"
HEADER_FILL = PatternFill("solid", fgColor="DDE7F7")


class PdfUnavailable(Exception):
    pass


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def _append(sheet, values, *, header=False, formats=None):
    sheet.append([neutralize_cell(v) for v in values])
    row = sheet[sheet.max_row]
    for index, cell in enumerate(row):
        if header:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        elif formats and index in formats:
            cell.number_format = formats[index]


def _widths(sheet, widths):
    for letter, width in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", widths, strict=False):
        sheet.column_dimensions[letter].width = width


def monitoring_workbook(*, year: int, regime: Regime) -> Workbook:
    overview = dashboards.district_overview(year=year, regime=regime)
    workbook = Workbook()
    summary = workbook.active
    summary.title = "기관별"
    _append(summary, [f"{year}년 사회적경제기업 제품 구매실적 모니터링 ({regime.name})"])
    _append(summary, [f"작성일 {format_date(timezone.localdate())}, {overview['through_month']}월까지 실적"])
    _append(
        summary,
        ["기관", "총구매액", "사회적경제기업 구매액", "구매비율", "목표액", "달성률", "연말 예상액", "예측 방법"],
        header=True,
    )
    money = {1: WON, 2: WON, 3: PERCENT, 4: WON, 5: PERCENT, 6: WON}
    for line in overview["lines"]:
        _append(
            summary,
            [
                line.institution.name,
                line.figures.total,
                line.figures.se,
                line.figures.ratio,
                line.target_amount,
                (line.figures.se / line.target_amount) if line.target_amount else None,
                line.forecast.amount if line.forecast else None,
                line.forecast.method if line.forecast else "",
            ],
            formats=money,
        )
    district = overview["figures"]
    _append(
        summary,
        [
            "합계",
            district.total,
            district.se,
            district.ratio,
            overview["district_target"],
            (district.se / overview["district_target"]) if overview["district_target"] else None,
            overview["forecast"].amount if overview["forecast"] else None,
            "",
        ],
        formats=money,
    )
    _widths(summary, [22, 18, 20, 10, 18, 10, 18, 40])

    departments = workbook.create_sheet("부서별")
    _append(
        departments,
        ["기관", "부서", "총구매액", "사회적경제기업 구매액", "목표액", "지금까지 기대액", "부족액", "상태"],
        header=True,
    )
    from procure.performance.selectors import pace_rows

    for row in sorted(
        pace_rows(year=year, regime=regime),
        key=lambda r: (r.institution.name, r.department.name if r.department else ""),
    ):
        if not row.department:
            continue
        _append(
            departments,
            [
                row.institution.name,
                row.department.name,
                row.figures.total,
                row.figures.se,
                row.target_amount,
                row.expected_by_now,
                row.gap if row.target_amount else None,
                "부진" if row.behind else ("정상" if row.target_amount else "목표 없음"),
            ],
            formats={2: WON, 3: WON, 4: WON, 5: WON, 6: WON},
        )
    _widths(departments, [22, 22, 18, 20, 18, 18, 16, 10])

    months = workbook.create_sheet("월별")
    _append(months, ["월", "총구매액", "사회적경제기업 구매액", "구매비율"], header=True)
    for month in range(12):
        total, se = district.by_month_total[month], district.by_month_se[month]
        _append(
            months, [f"{month + 1}월", total, se, (se / total) if total else None], formats={1: WON, 2: WON, 3: PERCENT}
        )

    types = workbook.create_sheet("유형별")
    _append(types, ["기업유형", "구매액"], header=True)
    for type_ in TYPE_PRECEDENCE:
        _append(types, [EnterpriseType(type_).label, district.by_type[type_]], formats={1: WON})
    return workbook


def monitoring_pdf(request, *, year: int, regime: Regime) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: Pango is missing on this machine
        raise PdfUnavailable(
            "PDF를 만들 수 없습니다: 서버에 PDF 변환 도구(Pango)가 설치되어 있지 않습니다. XLSX를 이용해 주세요."
        ) from error
    overview = dashboards.district_overview(year=year, regime=regime)
    html = render_to_string(
        "performance/monitoring_pdf.html", {**overview, "year": year, "regime": regime, "today": timezone.localdate()}
    )
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()


def performance_workbook(*, institution: Institution, year: int) -> Workbook:
    """구매실적: the figures an institution reports, split by 물품·용역·공사, under every regime."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "구매실적"
    _append(sheet, [f"{year}년도 사회적경제기업 제품 구매실적 — {institution.name}"])
    kinds = [PurchaseKind.GOODS, PurchaseKind.SERVICES, PurchaseKind.WORKS]
    _append(
        sheet,
        [
            "집계 기준",
            "총구매액(A)",
            *[f"총구매액 {k.label}" for k in kinds],
            "사회적경제기업 제품 구매액(B)",
            *[f"구매액 {k.label}" for k in kinds],
            "구매비율(B/A)",
        ],
        header=True,
    )
    for regime in Regime.objects.prefetch_related("exclusions"):
        figures = year_figures(year=year, regime=regime, institution_id=institution.pk).institutions.get(institution.pk)
        if figures is None:
            _append(sheet, [regime.name, 0, 0, 0, 0, 0, 0, 0, 0, None])
            continue
        _append(
            sheet,
            [
                regime.name,
                figures.total,
                *[figures.by_kind_total.get(k, 0) for k in kinds],
                figures.se,
                *[figures.by_kind_se.get(k, 0) for k in kinds],
                figures.ratio,
            ],
            formats={i: WON for i in range(1, 9)} | {9: PERCENT},
        )
    default = regime_for(None)
    figures = year_figures(year=year, regime=default, institution_id=institution.pk).institutions.get(institution.pk)
    types = workbook.create_sheet("유형별")
    _append(types, ["기업유형", "구매액"], header=True)
    for type_ in TYPE_PRECEDENCE:
        _append(types, [EnterpriseType(type_).label, figures.by_type[type_] if figures else 0], formats={1: WON})
    _widths(sheet, [30, 18, 16, 16, 16, 24, 16, 16, 16, 12])
    return workbook


def plan_workbook(*, institution: Institution, year: int) -> Workbook:
    """구매계획: the year's target and monthly plan of the institution and each department."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "구매계획"
    _append(sheet, [f"{year}년도 사회적경제기업 제품 구매계획 — {institution.name}"])
    _append(
        sheet,
        ["부서", "목표 방식", "목표액(원)", "목표비율", *[f"{m}월" for m in range(1, 13)], "계획 합계"],
        header=True,
    )
    targets = targets_for(year=year)
    plans = plans_for(year=year, institution_id=institution.pk)
    units = [(None, "기관 전체")] + [(d.pk, d.name) for d in institution.departments.order_by("name")]
    for department_id, name in units:
        target = targets.get((institution.pk, department_id))
        monthly = plans.get(department_id, [0] * 12)
        if not target and not any(monthly):
            continue
        _append(
            sheet,
            [
                name,
                target.get_kind_display() if target else "",
                target.amount if target else None,
                (target.ratio_bp / 10000) if target and target.ratio_bp is not None else None,
                *monthly,
                sum(monthly),
            ],
            formats={2: WON, 3: PERCENT} | {i: WON for i in range(4, 17)},
        )
    _widths(sheet, [22, 10, 18, 10] + [14] * 13)
    return workbook
