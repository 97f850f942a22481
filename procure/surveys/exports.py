from procure.accounts.permissions import is_program_staff
from procure.core.exporters import Col, Exporter, Sheet, register_exporter
from procure.surveys import selectors
from procure.surveys.disclosure import MIN_CELL, UNDER, WITHHELD

SMALL_CELL_NOTE = (
    f"{MIN_CELL}명 미만인 칸은 '{UNDER}', 그 값을 다른 칸에서 거꾸로 계산할 수 없도록 "
    f"함께 가린 칸은 '{WITHHELD}'로 적습니다."
)
TEXT_NOTE = "서술형 답에는 쓴 사람을 알아볼 수 있는 내용이 있을 수 있습니다. 돌려 보거나 인용할 때 주의하세요."


def _cell(shown):
    return shown.display


@register_exporter
class SurveyResultsExporter(Exporter):
    """Results per option (count, share of those who answered), scale means, the cross-tabs and the written
    answers — the published figures only: small cells withheld, written answers only from MIN_CELL responses."""

    identifier = "survey_results"
    verbose_name = "설문 결과"
    rule = is_program_staff
    formats = ("xlsx", "csv")

    def __init__(self, *, survey):
        self.survey = survey

    def filename(self) -> str:
        return f"설문결과_{self.survey.pk}"

    def sheets(self):
        report = selectors.published(self.survey)
        preamble = [self.survey.title, f"응답 {report.total.with_unit('건')}", SMALL_CELL_NOTE]
        if report.pending:
            preamble.append(f"아직 결과에 들어가지 않은 응답 {report.pending}건 (모이면 들어갑니다)")
        rows = []
        for figures in report.questions:
            question = figures.question
            if question.kind not in selectors.CHOICE_KINDS:
                continue
            rows.append([question.code, question.text, "답한 사람", _cell(figures.answered), None])
            for row in figures.rows:
                share = row["share"]
                rows.append(
                    [
                        question.code,
                        question.text,
                        row["label"],
                        _cell(row["count"]),
                        None if share is None else share / 100,
                    ]
                )
            if question.kind == "scale":
                mean = round(float(figures.mean), 4) if figures.mean is not None else WITHHELD
                rows.append([question.code, question.text, "평균(1~5)", None, mean])
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
        cross_rows = []
        for by in report.groupings:
            for table in report.crosstabs.get(by.code, []):
                question = table["question"]
                for row in table["rows"]:
                    answered = _cell(row["answered"])
                    cross_rows.append([by.text, row["group"], question.code, question.text, "답한 사람", answered])
                    for label, cell in zip(table["columns"], row["cells"], strict=True):
                        cross_rows.append([by.text, row["group"], question.code, question.text, label, _cell(cell)])
        yield Sheet(
            title="교차표",
            preamble=[self.survey.title, SMALL_CELL_NOTE],
            columns=[
                Col("기준 문항", width=30),
                Col("집단", width=24),
                Col("코드"),
                Col("문항", width=40),
                Col("보기", width=24),
                Col("응답 수", "integer"),
            ],
            rows=cross_rows,
        )
        texts = [[f.question.code, f.question.text, text] for f in report.questions for text in f.texts]
        note = TEXT_NOTE if report.texts_shown else f"응답이 {MIN_CELL}건이 되기 전에는 서술형 답을 보여 주지 않습니다."
        yield Sheet(
            title="서술형",
            preamble=[note],
            columns=[Col("코드"), Col("문항", width=40), Col("답", width=80)],
            rows=texts,
        )
