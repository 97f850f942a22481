"""A completed 2024 round that selected the eleven example enterprises, and a 2025 round under review."""

import datetime

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


def seed() -> dict[str, int]:
    if Round.objects.filter(title__startswith="2024 관악구 사회적경제기업").exists():
        return {"rounds": 0}
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
                valid_from=datetime.date(2022, 1, 1),
                valid_to=datetime.date(2024, 12, 31),
            )
        others.append(enterprise)

    round_2024 = services.round_create(
        actor=center,
        title="2024 관악구 사회적경제기업 공공구매 설명회 참여기업 모집",
        description="공공구매 설명회에서 구매담당자 200여 명에게 소개할 기업을 모집합니다.",
        opens_on=datetime.date(2024, 3, 4),
        closes_on=datetime.date(2024, 3, 22),
        certification_valid_on=datetime.date(2024, 3, 4),
        select_count=11,
        event_name="2024 관악구 공공구매 설명회",
        eligible_types=[],
        require_local=True,
    )
    round_2024.reviewers.set(reviewers)
    _fill(round_2024, selected + others, reviewers, selected_count=len(selected), submit_all=True)
    Round.objects.filter(pk=round_2024.pk).update(status=RoundStatus.REVIEWING)
    round_2024.refresh_from_db()
    services.round_decide(
        actor=center,
        round_=round_2024,
        selected_ids=set(
            Application.objects.filter(round=round_2024, enterprise__in=selected).values_list("pk", flat=True)
        ),
    )

    round_2025 = services.round_create(
        actor=center,
        title="2025 관악구 사회적경제기업 공공구매 박람회 참여기업 모집",
        description="2025 공공구매 박람회 부스와 1:1 구매상담에 참여할 기업을 모집합니다.",
        opens_on=datetime.date(2025, 3, 3),
        closes_on=datetime.date(2025, 3, 21),
        certification_valid_on=datetime.date(2025, 3, 3),
        select_count=8,
        event_name="2025 관악구 공공구매 박람회",
        eligible_types=[],
        require_local=True,
    )
    round_2025.reviewers.set(reviewers)
    _fill(round_2025, selected[:9], reviewers, selected_count=6, submit_all=False)
    Round.objects.filter(pk=round_2025.pk).update(status=RoundStatus.REVIEWING)
    return {"rounds": 2}


def _fill(round_, enterprises, reviewers, *, selected_count: int, submit_all: bool) -> None:
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
                submitted_at=datetime.datetime(2024, 4, 1, tzinfo=datetime.UTC),
            )
            for c_index, criterion in enumerate(criteria):
                sheet.scores.create(
                    criterion=criterion, value=_score(e_index, r_index, c_index, e_index < selected_count)
                )
