"""Survey results: counts and shares per option, scale means, cross-tabs, and the before/after comparison.

Shares are of the people who answered that question (a multiple-choice question's shares can add up to more
than 100%). Means are of the 1–5 scale values given. Figures are rounded for display only.

`results` and `crosstab` are exact and for computing only; what pages and exports show is `published`: small
cells withheld (procure.surveys.disclosure), written answers only once MIN_CELL responses are in."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from procure.core.charts import bar_rows
from procure.surveys.disclosure import MIN_CELL, WITHHELD, Grid, Shown
from procure.surveys.models import SCALE_LABELS, Answer, Question, QuestionKind, Survey

CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    counts: dict = field(default_factory=dict)  # option label → count
    mean: Fraction | None = None
    texts: list = field(default_factory=list)

    def share(self, label) -> Fraction:
        return Fraction(self.counts.get(label, 0), self.answered) if self.answered else Fraction(0)

    @property
    def rows(self) -> list[dict]:
        """Bars for the chart, each with its share of those who answered (%)."""
        rows = bar_rows(self.counts.items())
        for row in rows:
            row["share"] = round(float(100 * self.share(row["label"])), 1)
        return rows


def _labels(answer_choices, question) -> list[str]:
    if question.kind == QuestionKind.SCALE:
        return [question.choices[int(v) - 1] for v in answer_choices if str(v).isdecimal() and 1 <= int(v) <= 5]
    return [str(v) for v in answer_choices]


def results(survey: Survey, *, text_limit: int = 200) -> list[QuestionResult]:
    questions = list(survey.questions.select_related("section"))
    out = {q.pk: QuestionResult(q, counts=dict.fromkeys(q.choices, 0)) for q in questions}
    scale_values = defaultdict(list)
    for question_id, choices, text in Answer.objects.filter(response__survey=survey).values_list(
        "question_id", "choices", "text"
    ):
        result = out[question_id]
        question = result.question
        result.answered += 1
        if question.kind in CHOICE_KINDS:
            for label in _labels(choices, question):
                result.counts[label] = result.counts.get(label, 0) + 1
            if question.kind == QuestionKind.SCALE and choices:
                scale_values[question_id].append(int(choices[0]))
        elif text and len(result.texts) < text_limit:
            result.texts.append(text)
    for question_id, values in scale_values.items():
        out[question_id].mean = Fraction(sum(values), len(values))
    return [out[q.pk] for q in questions]


def respondents(survey: Survey) -> int:
    """Responses released (the pool's are not counted: services.response_submit)."""
    return survey.responses.count()


def pending(survey: Survey) -> int:
    """Answers waiting in the pool until RELEASE_AT have come in, or the survey closes."""
    return survey.pending.count()


def groupings(survey: Survey) -> list[Question]:
    """The questions a cross-tab can group by: the single-choice ones (소속 기관 and 역할 among them when the
    survey asks them: services.profile_question_add)."""
    return [q for q in survey.questions.all() if q.kind == QuestionKind.SINGLE]


NO_ANSWER = "답하지 않음"


def _answers_by_response(survey: Survey) -> dict:
    by_response: dict = defaultdict(dict)
    for response_id, question_id, choices, text in Answer.objects.filter(response__survey=survey).values_list(
        "response_id", "question_id", "choices", "text"
    ):
        by_response[response_id][question_id] = (choices, text)
    for response_id in survey.responses.values_list("pk", flat=True):
        by_response.setdefault(response_id, {})
    return by_response


def _group_of(answer, question) -> str | None:
    if answer is None:
        return None
    labels = _labels(answer[0], question)
    return labels[0] if labels else None


def _crosstab(by_response: dict, question: Question, by: Question) -> dict:
    table: dict = defaultdict(Counter)
    totals: Counter = Counter()
    for answers in by_response.values():
        answer = answers.get(question.pk)
        if answer is None:
            continue
        group = _group_of(answers.get(by.pk), by)
        totals[group] += 1
        for label in _labels(answer[0], question):
            table[group][label] += 1
    order = {label: i for i, label in enumerate(by.choices)}
    groups = sorted(totals, key=lambda g: (g is None, order.get(g, len(order)), g or ""))
    return {
        "columns": question.choices,
        "rows": [
            {"group": group, "answered": totals[group], "cells": [table[group][label] for label in question.choices]}
            for group in groups
        ],
    }


def crosstab(survey: Survey, question: Question, *, by: Question) -> dict:
    """Exact counts (never shown as they are: `published` withholds small cells). Rows: the answers to `by`
    (None: did not answer it); columns: the question's options; cells: how many chose it."""
    return _crosstab(_answers_by_response(survey), question, by)


@dataclass
class PublishedQuestion:
    question: Question
    answered: Shown
    rows: list[dict]  # {"label", "count": Shown, "share": percent or None, "percent": bar length}
    mean: Fraction | None  # None when withheld (a count of the scale is) or nobody answered
    mean_withheld: bool
    texts: list[str]
    cells: dict  # label → Shown

    def share(self, label) -> tuple[Fraction | None, str]:
        """The label's share of those who answered (percent), or None and why it is not shown."""
        if label not in self.cells:
            return None, "—"
        cell = self.cells[label]
        if cell.hidden:
            return None, str(cell)
        if self.answered.hidden:
            return None, WITHHELD
        return (100 * Fraction(cell.value, self.answered.value) if self.answered.value else Fraction(0)), ""


@dataclass
class Published:
    """Everything the results page, the export and the comparison may show of a survey, small cells withheld."""

    total: Shown
    pending: int
    questions: list[PublishedQuestion]
    groupings: list[Question]
    crosstabs: dict  # grouping question's code → [{"question", "columns", "rows": [{"group", "answered", "cells"}]}]
    texts_shown: bool  # written answers are shown only when MIN_CELL responses or more are in


def published(survey: Survey, *, text_limit: int = 200) -> Published:
    """The survey's figures as they may be published (procure.surveys.disclosure): one grid of every count the
    pages and the export show, so that a cell withheld in one table cannot be computed back from another."""
    questions = list(survey.questions.select_related("section"))
    by_response = _answers_by_response(survey)
    total = len(by_response)
    grid = Grid()
    grid.cell(("total",), total)
    raw = {}
    for question in questions:
        if question.kind not in CHOICE_KINDS:
            continue
        result = QuestionResult(question, counts=dict.fromkeys(question.choices, 0))
        for answers in by_response.values():
            answer = answers.get(question.pk)
            if answer is None:
                continue
            result.answered += 1
            for label in _labels(answer[0], question):
                result.counts[label] = result.counts.get(label, 0) + 1
        raw[question.pk] = result
        _add_counts(grid, (question.pk,), question, result.answered, result.counts)
        if question.required:
            grid.add_sum(("total",), [("n", question.pk)])
    groupers = groupings(survey)
    tables = {}
    for by in groupers:
        grid.cell(("nobody", by.pk), total - raw[by.pk].answered, published=False, protect=False)
        grid.add_sum(("total",), [("n", by.pk), ("nobody", by.pk)])
        for question in questions:
            if question.pk == by.pk or question.kind not in CHOICE_KINDS:
                continue
            table = _crosstab(by_response, question, by)
            tables[(by.pk, question.pk)] = table
            column_answered = []
            column_cells = defaultdict(list)
            for row in table["rows"]:
                group = row["group"]
                prefix = (by.pk, group, question.pk)
                counts = dict(zip(question.choices, row["cells"], strict=True))
                _add_counts(grid, prefix, question, row["answered"], counts)
                column_answered.append(("n", *prefix))
                for label in question.choices:
                    column_cells[label].append(("c", *prefix, label))
                size = ("c", by.pk, group) if group is not None else ("nobody", by.pk)
                if size not in grid.values:  # an answer outside the options (an older version of the question)
                    grid.cell(size, raw[by.pk].counts.get(group, 0))
                if question.required:
                    grid.add_sum(size, [("n", *prefix)])
                else:
                    skipped = grid.cell(
                        ("skipped", *prefix), grid.values[size] - row["answered"], published=False, protect=False
                    )
                    grid.add_sum(size, [("n", *prefix), skipped])
            grid.add_sum(("n", question.pk), column_answered)
            for label in question.choices:
                grid.add_sum(("c", question.pk, label), column_cells[label])
    grid.suppress()

    texts_shown = total >= MIN_CELL
    figures = []
    for question in questions:
        if question.kind in CHOICE_KINDS:
            result = raw[question.pk]
            cells = {label: grid.shown(("c", question.pk, label)) for label in result.counts}
            answered = grid.shown(("n", question.pk))
            mean = None
            withheld = any(cell.hidden for cell in cells.values()) or answered.hidden
            given = sum(result.counts.get(label, 0) for label in SCALE_LABELS)
            if question.kind == QuestionKind.SCALE and not withheld and given:
                points = sum(n * result.counts.get(label, 0) for n, label in enumerate(SCALE_LABELS, start=1))
                mean = Fraction(points, given)
            published_question = PublishedQuestion(
                question, answered, [], mean, withheld and question.kind == QuestionKind.SCALE, [], cells
            )
            top = max((cell.value for cell in cells.values() if not cell.hidden), default=0) or 1
            for label, cell in cells.items():
                share, _ = published_question.share(label)
                published_question.rows.append(
                    {
                        "label": label,
                        "count": cell,
                        "share": None if share is None else round(float(share), 1),
                        "percent": 0 if cell.hidden else round(100 * cell.value / top, 1),
                    }
                )
        else:
            texts = sorted(
                answers[question.pk][1] for answers in by_response.values() if answers.get(question.pk, ("", ""))[1]
            )
            answered = Shown(len(texts), hidden=len(texts) < MIN_CELL)
            published_question = PublishedQuestion(
                question, answered, [], None, False, texts[:text_limit] if texts_shown else [], {}
            )
        figures.append(published_question)

    crosstabs: dict[str, list] = {}
    for by in groupers:
        crosstabs[by.code] = []
        for question in questions:
            cross = tables.get((by.pk, question.pk))
            if cross is None:
                continue
            rows = []
            for row in cross["rows"]:
                prefix = (by.pk, row["group"], question.pk)
                rows.append(
                    {
                        "group": NO_ANSWER if row["group"] is None else row["group"],
                        "answered": grid.shown(("n", *prefix)),
                        "cells": [grid.shown(("c", *prefix, label)) for label in question.choices],
                    }
                )
            crosstabs[by.code].append({"question": question, "columns": question.choices, "rows": rows})
    return Published(grid.shown(("total",)), pending(survey), figures, groupers, crosstabs, texts_shown)


def _add_counts(grid: Grid, prefix: tuple, question: Question, answered: int, counts: dict) -> None:
    """The cells of one row (those who answered, a count per option) and the sums that tie them."""
    grid.cell(("n", *prefix), answered)
    parts = [grid.cell(("c", *prefix, label), count) for label, count in counts.items()]
    if question.kind == QuestionKind.MULTIPLE:
        for label, count in counts.items():  # who did not choose it: also a count of what people answered
            unchosen = grid.cell(("nc", *prefix, label), answered - count, published=False)
            grid.add_sum(("n", *prefix), [("c", *prefix, label), unchosen])
    else:
        grid.add_sum(("n", *prefix), parts)


@dataclass
class Change:
    code: str
    text: str
    label: str  # an option, or "평균" for a scale mean
    before: Fraction | None
    after: Fraction | None
    before_note: str = ""  # why `before` is not shown ("5명 미만", "비공개", "—")
    after_note: str = ""

    @property
    def delta(self) -> Fraction | None:
        return None if self.before is None or self.after is None else self.after - self.before


def compare(before: Survey, after: Survey) -> list[Change]:
    """For every question both surveys have (same code and kind): each option's share of those who answered,
    before and after, and for a scale its mean; the change is after − before (shares in percentage points).
    Figures are each survey's published ones: a share of a withheld count, or a mean of a scale with a withheld
    count, is not shown (and neither is the change)."""
    first = {p.question.code: p for p in published(before).questions}
    second = {p.question.code: p for p in published(after).questions}
    changes = []
    for code, a in first.items():
        b = second.get(code)
        if b is None or b.question.kind != a.question.kind or a.question.kind not in CHOICE_KINDS:
            continue
        if a.question.kind == QuestionKind.SCALE:
            changes.append(Change(code, a.question.text, "평균", a.mean, b.mean, _mean_note(a), _mean_note(b)))
        labels = list(dict.fromkeys([*a.question.choices, *b.question.choices]))
        for label in labels:
            (first_share, first_note), (second_share, second_note) = a.share(label), b.share(label)
            changes.append(Change(code, a.question.text, label, first_share, second_share, first_note, second_note))
    return changes


def _mean_note(figures: PublishedQuestion) -> str:
    if figures.mean is not None:
        return ""
    return WITHHELD if figures.mean_withheld or figures.answered.hidden else "—"
