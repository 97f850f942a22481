"""Rounds alive on whatever day the demo is made: last year's round, decided (it selected the eleven example
enterprises); this year's, closed and under review; and one open for applications now."""

import datetime

from django.utils import timezone

from procure.accounts.models import User
from procure.core.business_no import business_no_check_digit
from procure.enterprises.demo import EXAMPLE_ENTERPRISES, example_business_no
from procure.enterprises.models import Certification, Enterprise, EnterpriseType
from procure.vetting import services
from procure.vetting.models import Application, Round, RoundStatus

# Applicants of 2024 that were not selected (fictional too).
OTHER_APPLICANTS = [
    ("신사동커피로스터리 (예시)", "커피, 다과", "신사로 9"),
    ("은천업사이클 협동조합 (예시)", "업사이클 소품", "은천로 31"),
    ("조원문구 (예시)", "사무용품", "조원로 17"),
]


def _other_business_no(index: int) -> str:
    first_nine = f"99982{index:04d}"
    return first_nine + str(business_no_check_digit(first_nine))


def _score(enterprise_index: int, reviewer_index: int, criterion_index: int, selected: bool) -> int:
    base = 7 if selected else 5
    return min(10, base + (enterprise_index * 3 + reviewer_index * 5 + criterion_index * 7) % 4)


DEMO_MARK = "관악구 사회적경제기업 공공구매"


def seed(today: datetime.date | None = None) -> dict[str, int]:
    if Round.objects.filter(title__contains=DEMO_MARK).exists():
        return {"rounds": 0}
    today = today or timezone.localdate()
    last_year, this_year = today.year - 1, today.year
    center = User.objects.get(username="center")
    reviewers = list(User.objects.filter(username__in=["reviewer", "reviewer2", "reviewer3"]).order_by("username"))
    selected = [
        Enterprise.objects.get(business_no=example_business_no(i)) for i in range(1, len(EXAMPLE_ENTERPRISES) + 1)
    ]
    others = []
    for index, (name, products, street) in enumerate(OTHER_APPLICANTS, start=1):
        enterprise, made = Enterprise.objects.get_or_create(
            business_no=_other_business_no(index),
            defaults={
                "name": name,
                "main_products": products,
                "is_example": True,
                "address": f"서울특별시 관악구 {street} (예시 주소)",
            },
        )
        if made:
            Certification.objects.create(
                enterprise=enterprise,
                type=EnterpriseType.COOPERATIVE,
                valid_from=datetime.date(last_year - 2, 1, 1),
                valid_to=datetime.date(last_year, 12, 31),
            )
        others.append(enterprise)

    decided_round = services.round_create(
        actor=center,
        title=f"{last_year} {DEMO_MARK} 설명회 참여기업 모집",
        description="공공구매 설명회에서 구매담당자 200여 명에게 소개할 기업을 모집합니다.",
        opens_on=datetime.date(last_year, 3, 4),
        closes_on=datetime.date(last_year, 3, 22),
        certification_valid_on=datetime.date(last_year, 3, 4),
        select_count=11,
        eligible_types=[],
        require_local=True,
    )
    decided_round.reviewers.set(reviewers)
    _fill(
        decided_round,
        selected + others,
        reviewers,
        selected_count=len(selected),
        submit_all=True,
        submitted_at=datetime.datetime(last_year, 4, 1, 10, tzinfo=datetime.UTC),
    )
    Round.objects.filter(pk=decided_round.pk).update(status=RoundStatus.REVIEWING)
    decided_round.refresh_from_db()
    services.round_decide(
        actor=center,
        round_=decided_round,
        selected_ids=set(
            Application.objects.filter(round=decided_round, enterprise__in=selected).values_list("pk", flat=True)
        ),
    )

    # Closed a fortnight ago and under review: its applications were made while it was open.
    closed = today - datetime.timedelta(days=14)
    reviewing_round = services.round_create(
        actor=center,
        title=f"{this_year} {DEMO_MARK} 박람회 참여기업 모집",
        description=f"{this_year} 공공구매 박람회 부스에 참여할 기업을 모집합니다.",
        opens_on=closed - datetime.timedelta(days=21),
        closes_on=closed,
        certification_valid_on=closed - datetime.timedelta(days=21),
        select_count=8,
        eligible_types=[],
        require_local=True,
    )
    reviewing_round.reviewers.set(reviewers)
    _fill(
        reviewing_round,
        selected[:9],
        reviewers,
        selected_count=6,
        submit_all=False,
        submitted_at=timezone.make_aware(datetime.datetime.combine(closed, datetime.time(15))),
    )
    Round.objects.filter(pk=reviewing_round.pk).update(status=RoundStatus.REVIEWING)
    Application.objects.filter(round=reviewing_round).update(
        submitted_at=timezone.make_aware(
            datetime.datetime.combine(closed - datetime.timedelta(days=3), datetime.time(11))
        )
    )

    # Open now: enterprises can apply today.
    open_round = services.round_create(
        actor=center,
        title=f"{this_year} 하반기 {DEMO_MARK} 상담회 참여기업 모집",
        description="구매상담회에서 구매담당자와 만날 기업을 모집합니다. 지금 신청할 수 있습니다.",
        opens_on=today - datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=21),
        certification_valid_on=today - datetime.timedelta(days=7),
        select_count=10,
        eligible_types=[],
        require_local=True,
    )
    services.round_set_status(actor=center, round_=open_round, status=RoundStatus.OPEN)
    return {"rounds": 3}


def _fill(round_, enterprises, reviewers, *, selected_count: int, submit_all: bool, submitted_at) -> None:
    criteria = list(round_.criteria.all())
    text_questions = [q for q in round_.questions.all() if q.kind == "text"]
    for e_index, enterprise in enumerate(enterprises):
        application = Application.objects.create(round=round_, enterprise=enterprise)
        for question in text_questions:
            application.answers.create(question=question, text=f"{enterprise.main_products} — 예시 답변입니다.")
        for r_index, reviewer in enumerate(reviewers):
            # In the round under review, "reviewer" (the persona) has yet to score.
            if not submit_all and reviewer.username == "reviewer":
                continue
            sheet = application.sheets.create(
                reviewer=reviewer,
                comment="예시 심사 의견",
                submitted_at=submitted_at,
            )
            for c_index, criterion in enumerate(criteria):
                sheet.scores.create(
                    criterion=criterion, value=_score(e_index, r_index, c_index, e_index < selected_count)
                )
