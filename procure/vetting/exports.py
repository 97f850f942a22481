"""The scoring sheets of a round as xlsx: ranking, and every reviewer's submitted scores."""

import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from procure.core.exports import neutralize_cell
from procure.vetting.models import Round, Score, ScoreSheet
from procure.vetting.selectors import TIE_BREAK_RULE, round_ranking

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _row(sheet, values, bold=False):
    sheet.append([neutralize_cell(v) for v in values])
    if bold:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)


def scoring_workbook(round_: Round) -> bytes:
    criteria = list(round_.criteria.all())
    workbook = Workbook()
    ranking_sheet = workbook.active
    ranking_sheet.title = "순위"
    _row(ranking_sheet, [round_.title])
    _row(ranking_sheet, ["동점 처리: " + TIE_BREAK_RULE])
    _row(
        ranking_sheet,
        [
            "순위",
            "기업명",
            "사업자등록번호",
            *[f"{c.name}(평균/{c.max_score})" for c in criteria],
            "가중 합계(100점)",
            "제출 채점표",
            "결과",
        ],
        bold=True,
    )
    for row in round_ranking(round_):
        application = row.application
        _row(
            ranking_sheet,
            [
                row.rank,
                application.enterprise.name,
                application.enterprise.business_no_display,
                *[float(a) if a is not None else "" for a in row.averages_display],
                float(row.total_display),
                f"{row.sheets_submitted}/{row.reviewers_expected}",
                application.get_status_display(),
            ],
        )
    detail = workbook.create_sheet("심사위원별 점수")
    _row(detail, ["기업명", "심사위원", *[c.name for c in criteria], "의견", "제출 일시"], bold=True)
    scores = {}
    for score in Score.objects.filter(sheet__application__round=round_, sheet__submitted_at__isnull=False):
        scores[(score.sheet_id, score.criterion_id)] = score.value
    sheets = (
        ScoreSheet.objects.filter(application__round=round_, submitted_at__isnull=False)
        .select_related("application__enterprise", "reviewer")
        .order_by("application__enterprise__name", "reviewer__username")
    )
    for sheet in sheets:
        _row(
            detail,
            [
                sheet.application.enterprise.name,
                sheet.reviewer.display_name,
                *[scores.get((sheet.pk, c.pk), "") for c in criteria],
                sheet.comment,
                sheet.submitted_at.strftime("%Y-%m-%d %H:%M"),
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def scoring_workbook_response(round_: Round) -> HttpResponse:
    response = HttpResponse(scoring_workbook(round_), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''round-{round_.pk}-scoring.xlsx"
    return response
