"""Rounds alive on whatever day the demo is made: last year's round, decided in last year's spring (it selected the
eleven vetted example enterprises; its records, audit trail and "선정되었습니다" notices are dated then); this
year's, closed and under review; and one open for applications now. Every date is a working day."""

import datetime

from django.utils import timezone

from procure.accounts.models import User
from procure.core.business_no import business_no_check_digit
from procure.core.demo import at, happened_at, working_day_after, working_day_before, working_day_on_or_after
from procure.enterprises.demo import VETTED_COUNT, example_business_no
from procure.enterprises.models import Certification, Enterprise, EnterpriseType
from procure.vetting import services
from procure.vetting.models import Application, Round, RoundStatus

# Applicants of last year's round that were not selected (fictional too); their certification lapsed at the end
# of last year, so today they are in the directory's history but not in any picker.
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


def _created_on(round_, day: datetime.date) -> None:
    Round.objects.filter(pk=round_.pk).update(created_at=at(day, 9, 30))


def seed(today: datetime.date | None = None) -> dict[str, int]:
    if Round.objects.filter(title__contains=DEMO_MARK).exists():
        return {"rounds": 0}
    today = today or timezone.localdate()
    last_year, this_year = today.year - 1, today.year
    center = User.objects.get(username="center")
    reviewers = list(User.objects.filter(username__in=["reviewer", "reviewer2", "reviewer3"]).order_by("username"))
    selected = [Enterprise.objects.get(business_no=example_business_no(i)) for i in range(1, VETTED_COUNT + 1)]
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

    # Last year's spring: announced, open three weeks, scored, decided — each on a working day of that year.
    opens = working_day_on_or_after(datetime.date(last_year, 3, 4))
    closes = working_day_after(opens, 14)
    scored = working_day_after(closes, 6)
    decided_on = working_day_after(scored, 3)
    with happened_at(at(working_day_before(opens, 5))):
        decided_round = services.round_create(
            actor=center,
            title=f"{last_year} {DEMO_MARK} 설명회 참여기업 모집",
            description="공공구매 설명회에서 구매담당자 200여 명에게 소개할 기업을 모집합니다.",
            opens_on=opens,
            closes_on=closes,
            certification_valid_on=opens,
            select_count=VETTED_COUNT,
            eligible_types=[],
            require_local=True,
        )
        decided_round.reviewers.set(reviewers)
    _created_on(decided_round, working_day_before(opens, 5))
    _fill(
        decided_round,
        selected + others,
        reviewers,
        selected_count=len(selected),
        submit_all=True,
        submitted_at=at(scored, 16),
        applied_from=opens,
    )
    Round.objects.filter(pk=decided_round.pk).update(status=RoundStatus.REVIEWING)
    decided_round.refresh_from_db()
    with happened_at(at(decided_on, 14), read=True):
        services.round_decide(
            actor=center,
            round_=decided_round,
            selected_ids=set(
                Application.objects.filter(round=decided_round, enterprise__in=selected).values_list("pk", flat=True)
            ),
        )
    Round.objects.filter(pk=decided_round.pk).update(decided_at=at(decided_on, 14))

    # Closed two weeks ago and under review: its applications were made while it was open.
    closed = working_day_before(today, 10)
    opened = working_day_before(closed, 15)
    with happened_at(at(working_day_before(opened, 3))):
        reviewing_round = services.round_create(
            actor=center,
            title=f"{this_year} {DEMO_MARK} 박람회 참여기업 모집",
            description=f"{this_year} 공공구매 박람회 부스에 참여할 기업을 모집합니다.",
            opens_on=opened,
            closes_on=closed,
            certification_valid_on=opened,
            select_count=8,
            eligible_types=[],
            require_local=True,
        )
        reviewing_round.reviewers.set(reviewers)
    _created_on(reviewing_round, working_day_before(opened, 3))
    _fill(
        reviewing_round,
        selected[:9],
        reviewers,
        selected_count=6,
        submit_all=False,
        submitted_at=at(working_day_before(today, 2), 15),
        applied_from=opened,
    )
    Round.objects.filter(pk=reviewing_round.pk).update(status=RoundStatus.REVIEWING)

    # Open now: enterprises can apply today, for the next 설명회.
    opened = working_day_before(today, 5)
    with happened_at(at(opened, 9)):
        open_round = services.round_create(
            actor=center,
            title=f"{(today + datetime.timedelta(days=150)).year} {DEMO_MARK} 설명회 참여기업 모집",
            description="다음 공공구매 설명회에서 구매담당자와 만날 기업을 모집합니다. 지금 신청할 수 있습니다.",
            opens_on=opened,
            closes_on=working_day_after(today, 15),
            certification_valid_on=opened,
            select_count=10,
            eligible_types=[],
            require_local=True,
        )
        services.round_set_status(actor=center, round_=open_round, status=RoundStatus.OPEN)
    _created_on(open_round, working_day_before(opened, 2))
    return {"rounds": 3}


def _answer(enterprise, order: int) -> str:
    if order == 0:
        return enterprise.description or f"주요 품목: {enterprise.main_products}."
    return (
        f"{enterprise.main_products} 분야에서 최근 3년 동안 관내 공공기관과 거래했습니다. "
        "상담회에서는 납품 사례와 견적 기준을 안내하겠습니다."
    )


def _fill(round_, enterprises, reviewers, *, selected_count: int, submit_all: bool, submitted_at, applied_from):
    criteria = list(round_.criteria.all())
    text_questions = [q for q in round_.questions.all() if q.kind == "text"]
    for e_index, enterprise in enumerate(enterprises):
        application = Application.objects.create(round=round_, enterprise=enterprise)
        Application.objects.filter(pk=application.pk).update(
            submitted_at=at(working_day_after(applied_from, e_index % 9), 10 + e_index % 7, (e_index * 13) % 60)
        )
        for order, question in enumerate(text_questions):
            application.answers.create(question=question, text=_answer(enterprise, order))
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
