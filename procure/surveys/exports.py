from procure.accounts.permissions import is_program_staff
from procure.core.exporters import Col, Exporter, Sheet, register_exporter
from procure.surveys import selectors


@register_exporter
class SurveyResultsExporter(Exporter):
    """Results per option (count, share of those who answered), scale means, and the written answers."""

    identifier = "survey_results"
    verbose_name = "설문 결과"
    rule = is_program_staff
    formats = ("xlsx", "csv")

    def __init__(self, *, survey):
        self.survey = survey

    def filename(self) -> str:
        return f"설문결과_{self.survey.pk}"

    def sheets(self):
        results = selectors.results(self.survey)
        preamble = [self.survey.title, f"응답 {selectors.respondents(self.survey)}건"]
        rows = []
        for r in results:
            if r.question.kind in selectors.CHOICE_KINDS:
                for label, count in r.counts.items():
                    rows.append([r.question.code, r.question.text, label, count, float(r.share(label))])
                if r.mean is not None:
                    rows.append([r.question.code, r.question.text, "평균(1~5)", None, round(float(r.mean), 4)])
        yield Sheet(
            title="보기별",
            preamble=preamble,
            columns=[
                Col("코드"),
                Col("문항", width=40),
                Col("보기", width=24),
                Col("응답 수", "integer"),
                Col("비율", "percent"),
            ],
            rows=rows,
        )
        yield Sheet(
            title="서술형",
            columns=[Col("코드"), Col("문항", width=40), Col("답", width=80)],
            rows=[[r.question.code, r.question.text, text] for r in results for text in r.texts],
        )
