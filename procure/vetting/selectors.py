"""Reads for vetting: the ranking with weighted totals and its tie-break rule."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Q

from procure.accounts.models import Role
from procure.vetting.models import Application, Round, RoundStatus, Score, ScoreSheet

TIE_BREAK_RULE = (
    "가중 합계가 같으면 평가 항목 순서대로(첫 항목부터) 항목 평균 점수가 높은 기업이 앞서고, "
    "그래도 같으면 먼저 접수한 기업이 앞섭니다."
)


@dataclass
class RankingRow:
    application: Application
    total: Fraction = Fraction(0)
    averages: list = field(default_factory=list)  # per criterion, in criterion order (Fraction or None)
    sheets_submitted: int = 0
    reviewers_expected: int = 0
    rank: int = 0

    @property
    def total_display(self) -> Decimal:
        return (Decimal(self.total.numerator) / Decimal(self.total.denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def averages_display(self) -> list:
        return [
            None if a is None else (Decimal(a.numerator) / Decimal(a.denominator)).quantize(Decimal("0.01"))
            for a in self.averages
        ]

    @property
    def is_complete(self) -> bool:
        return self.sheets_submitted >= self.reviewers_expected > 0


def round_ranking(round_: Round) -> list[RankingRow]:
    criteria = list(round_.criteria.all())
    applications = list(round_.applications.select_related("enterprise").prefetch_related("conflicts"))
    reviewer_count = round_.reviewers.count()
    values: dict[tuple[int, int], list[int]] = {}
    submitted: dict[int, int] = {}
    for sheet_application, criterion_id, value in Score.objects.filter(
        sheet__application__round=round_, sheet__submitted_at__isnull=False
    ).values_list("sheet__application_id", "criterion_id", "value"):
        values.setdefault((sheet_application, criterion_id), []).append(value)
    for application_id in ScoreSheet.objects.filter(application__round=round_, submitted_at__isnull=False).values_list(
        "application_id", flat=True
    ):
        submitted[application_id] = submitted.get(application_id, 0) + 1

    rows = []
    for application in applications:
        row = RankingRow(
            application=application,
            sheets_submitted=submitted.get(application.pk, 0),
            reviewers_expected=reviewer_count - len(application.conflicts.all()),
        )
        for criterion in criteria:
            scores = values.get((application.pk, criterion.pk))
            if not scores:
                row.averages.append(None)
                continue
            average = Fraction(sum(scores), len(scores))
            row.averages.append(average)
            row.total += average / criterion.max_score * criterion.weight
        rows.append(row)

    rows.sort(
        key=lambda r: (
            -r.total,
            *[-(a if a is not None else -1) for a in r.averages],
            r.application.submitted_at,
            r.application.pk,
        )
    )
    for position, row in enumerate(rows, start=1):
        row.rank = position
    return rows


def rounds_for(user):
    rounds = Round.objects.all()
    if user.is_superuser or user.role in {Role.DISTRICT_ADMIN, Role.CENTER_STAFF}:
        return rounds
    if user.role == Role.ENTERPRISE:
        return rounds.exclude(status=RoundStatus.DRAFT)
    return rounds.filter(Q(reviewers=user), status__in=[RoundStatus.REVIEWING, RoundStatus.DECIDED]).distinct()


def showcase_events(enterprise) -> list[str]:
    """The events an enterprise was selected for (shown on its public page)."""
    return list(
        Application.objects.filter(enterprise=enterprise, status="selected")
        .exclude(round__events=None)
        .order_by("-round__opens_on")
        .values_list("round__events__title", flat=True)
    )


def sheets_left(reviewer) -> list[dict]:
    """Per round under review: the applications this reviewer has still to score (no submitted sheet, no conflict
    declared)."""
    rounds = Round.objects.filter(reviewers=reviewer, status=RoundStatus.REVIEWING).order_by("closes_on", "pk")
    left = []
    for round_ in rounds:
        applications = (
            Application.objects.filter(round=round_)
            .exclude(sheets__reviewer=reviewer, sheets__submitted_at__isnull=False)
            .exclude(conflicts__reviewer=reviewer)
        )
        count = applications.count()
        if count:
            left.append({"round": round_, "count": count})
    return left


def rounds_in_progress() -> list[Round]:
    """Rounds taking or reviewing applications, with how many came in (for the center's start page)."""
    from django.db.models import Count

    rounds = (
        Round.objects.filter(status__in=[RoundStatus.OPEN, RoundStatus.REVIEWING])
        .annotate(application_count=Count("applications"))
        .order_by("closes_on", "pk")
    )
    return list(rounds)
