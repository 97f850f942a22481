"""Survey results: counts and shares per option, scale means, cross-tabs, and the before/after comparison.

Shares are of the people who answered that question (a multiple-choice question's shares can add up to more
than 100%). Means are of the 1–5 scale values given. Figures are rounded for display only."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from procure.accounts.models import Role
from procure.core.charts import bar_rows
from procure.surveys.models import Answer, Question, QuestionKind, Survey

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
    return survey.responses.count()


def crosstab(survey: Survey, question: Question, *, by: str) -> dict:
    """Rows: institution (or role); columns: the question's options; cells: how many chose it."""
    role_labels = dict(Role.choices)
    table: dict[str, Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    answers = Answer.objects.filter(question=question).values_list(
        "choices", "response__institution__name", "response__role"
    )
    for choices, institution, role in answers:
        group = (institution or "소속 미상") if by == "institution" else role_labels.get(role, "역할 미상")
        totals[group] += 1
        for label in _labels(choices, question):
            table[group][label] += 1
    rows = [
        {"group": group, "answered": totals[group], "cells": [table[group][label] for label in question.choices]}
        for group in sorted(totals)
    ]
    return {"columns": question.choices, "rows": rows}


@dataclass
class Change:
    code: str
    text: str
    label: str  # an option, or "평균" for a scale mean
    before: Fraction | None
    after: Fraction | None

    @property
    def delta(self) -> Fraction | None:
        return None if self.before is None or self.after is None else self.after - self.before


def compare(before: Survey, after: Survey) -> list[Change]:
    """For every question both surveys have (same code and kind): each option's share of those who answered,
    before and after, and for a scale its mean; the change is after − before (shares in percentage points)."""
    first = {r.question.code: r for r in results(before)}
    second = {r.question.code: r for r in results(after)}
    changes = []
    for code, a in first.items():
        b = second.get(code)
        if b is None or b.question.kind != a.question.kind or a.question.kind not in CHOICE_KINDS:
            continue
        if a.question.kind == QuestionKind.SCALE:
            changes.append(Change(code, a.question.text, "평균", a.mean, b.mean))
        labels = list(dict.fromkeys([*a.question.choices, *b.question.choices]))
        for label in labels:
            changes.append(Change(code, a.question.text, label, 100 * a.share(label), 100 * b.share(label)))
    return changes
