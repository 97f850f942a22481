"""The scoring sheets of a round: ranking, and every reviewer's submitted scores (an exporter, core/exporters.py)."""

from procure.core.exporters import Col, Exporter, Sheet, register_exporter
from procure.vetting.models import Round, Score, ScoreSheet
from procure.vetting.permissions import can_manage_rounds
from procure.vetting.selectors import TIE_BREAK_RULE, round_ranking


@register_exporter
class ScoringExporter(Exporter):
    identifier = "vetting.scoring"
    verbose_name = "심사 결과 (순위와 심사위원별 점수)"
    rule = staticmethod(can_manage_rounds)

    def __init__(self, *, round_: Round):
        self.round = round_

    def filename(self) -> str:
        return f"round-{self.round.pk}-scoring"

    def sheets(self):
        criteria = list(self.round.criteria.all())
        yield Sheet(
            "순위",
            [
                Col("순위"),
                Col("기업명", width=24),
                Col("사업자등록번호", width=14),
                *[Col(f"{c.name}(평균/{c.max_score})") for c in criteria],
                Col("가중 합계(100점)"),
                Col("제출 채점표"),
                Col("결과"),
            ],
            (
                [
                    row.rank,
                    row.application.enterprise.name,
                    row.application.enterprise.business_no_display,
                    *[float(a) if a is not None else "" for a in row.averages_display],
                    float(row.total_display),
                    f"{row.sheets_submitted}/{row.reviewers_expected}",
                    row.application.get_status_display(),
                ]
                for row in round_ranking(self.round)
            ),
            preamble=[self.round.title, "동점 처리: " + TIE_BREAK_RULE],
        )
        scores = {
            (score.sheet_id, score.criterion_id): score.value
            for score in Score.objects.filter(sheet__application__round=self.round, sheet__submitted_at__isnull=False)
        }
        sheets = (
            ScoreSheet.objects.filter(application__round=self.round, submitted_at__isnull=False)
            .select_related("application__enterprise", "reviewer")
            .order_by("application__enterprise__name", "reviewer__username")
        )
        yield Sheet(
            "심사위원별 점수",
            [
                Col("기업명", width=24),
                Col("심사위원"),
                *[Col(c.name) for c in criteria],
                Col("의견", width=40),
                Col("제출 일시", "datetime", 18),
            ],
            (
                [
                    sheet.application.enterprise.name,
                    sheet.reviewer.display_name,
                    *[scores.get((sheet.pk, c.pk), "") for c in criteria],
                    sheet.comment,
                    sheet.submitted_at,  # shown in Asia/Seoul by the renderer
                ]
                for sheet in sheets
            ),
        )
