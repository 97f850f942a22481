"""Last year's 설명회 (11 booths, ~200 officers, a consultation schedule, check-ins, notes) and an upcoming
구매상담회 open for registration, dated from today (a part of seed_demo)."""

import datetime

from django.utils import timezone

from procure.accounts.models import User
from procure.catalog.models import Category
from procure.events.models import (
    Consultation,
    ConsultationNote,
    Event,
    EventKind,
    EventStatus,
    FollowUp,
    InterestLevel,
    ProgramSession,
    Registration,
    RegistrationStatus,
    SessionKind,
)
from procure.events.services import booths_from_round, consultations_schedule, slots_set
from procure.vetting.models import Round, RoundStatus

PROGRAM = [
    (14, 0, 14, 40, "사회적경제와 공공구매의 이해", SessionKind.EDUCATION, "관악구 사회적경제지원센터"),
    (14, 40, 15, 0, "우선구매 제도와 수의계약 실무", SessionKind.TALK, "구청 계약팀"),
    (15, 0, 17, 0, "참여기업 부스 관람과 1:1 구매상담", SessionKind.CONSULTATION, ""),
]


def _program(event) -> None:
    for h1, m1, h2, m2, title, kind, speaker in PROGRAM:
        ProgramSession.objects.create(
            event=event,
            starts_at=datetime.time(h1, m1),
            ends_at=datetime.time(h2, m2),
            title=title,
            kind=kind,
            speaker=speaker,
        )


def _registrations(event, officers, categories, *, checked_in_share: float, created) -> list[Registration]:
    rows = []
    for index, officer in enumerate(officers):
        picks = [categories[(index * 7 + k * 3) % len(categories)] for k in range(1 + index % 3)]
        rows.append(
            Registration(
                event=event,
                user=officer,
                name=officer.display_name,
                email=officer.email,
                institution_id=officer.institution_id,
                department_id=officer.department_id,
                categories=sorted(set(picks)),
                max_meetings=index % 4,
                status=RegistrationStatus.CONFIRMED,
                consented_at=created,
                confirmed_at=created,
                checked_in_at=(
                    timezone.make_aware(datetime.datetime.combine(event.date, datetime.time(13, 30 + index % 25)))
                    if (index * 37) % 100 < checked_in_share * 100
                    else None
                ),
            )
        )
    made = Registration.objects.bulk_create(rows)
    Registration.objects.filter(event=event).update(created_at=created)
    return made


def seed(today: datetime.date | None = None) -> dict[str, int]:
    if Event.objects.filter(kind=EventKind.BRIEFING, status=EventStatus.FINISHED).exists():
        return {"events": 0}
    today = today or timezone.localdate()
    center = User.objects.get(username="center")
    officers = list(User.objects.filter(username__startswith="officer").order_by("username"))
    categories = list(Category.objects.suppliable().values_list("code", flat=True))
    decided = Round.objects.filter(status=RoundStatus.DECIDED).order_by("-closes_on").first()
    last_year = today.year - 1

    past = Event.objects.create(
        title=f"{last_year} 관악구 공공구매 설명회",
        kind=EventKind.BRIEFING,
        date=datetime.date(last_year, 5, 28),
        starts_at=datetime.time(14),
        ends_at=datetime.time(17),
        venue="관악구청 8층 대강당",
        address="서울특별시 관악구 관악로 145",
        capacity=220,
        description="구청·구의회·시설관리공단·문화재단 구매담당자를 위한 사회적경제기업 공공구매 설명회입니다.",
        status=EventStatus.FINISHED,
        vetting_round=decided,
        created_by=center,
    )
    _program(past)
    booths_from_round(actor=center, event=past)
    past.booths.update(capacity=2)
    slots_set(actor=center, event=past, first=datetime.time(15), minutes=20, count=6)
    created = timezone.make_aware(datetime.datetime(last_year, 5, 10, 10))
    _registrations(past, officers, categories, checked_in_share=0.86, created=created)
    # The schedule was made before the day; notes were written by the booth staff on the day.
    consultations_schedule(actor=center, event=past)
    follow_ups = [FollowUp.QUOTE, FollowUp.SAMPLE, FollowUp.NONE, FollowUp.VISIT, FollowUp.NONE, FollowUp.CONTRACT]
    for index, consultation in enumerate(Consultation.objects.filter(event=past).select_related("booth__enterprise")):
        if index % 3 == 2:
            continue
        member = consultation.booth.enterprise.members.filter(is_active=True).first()
        ConsultationNote.objects.create(
            consultation=consultation,
            author=member,
            interest=[InterestLevel.HIGH, InterestLevel.MEDIUM, InterestLevel.LOW][index % 3],
            follow_up=follow_ups[index % len(follow_ups)],
            next_step="견적서 보내기" if index % 6 == 0 else "",
        )

    open_round = Round.objects.filter(status=RoundStatus.OPEN).order_by("-closes_on").first()
    upcoming = Event.objects.create(
        title=f"{today.year} 하반기 관악구 구매상담회",
        kind=EventKind.CONSULTATION,
        date=today + datetime.timedelta(days=45),
        starts_at=datetime.time(14),
        ends_at=datetime.time(17),
        venue="관악구청 8층 대강당",
        address="서울특별시 관악구 관악로 145",
        capacity=150,
        description=(
            "1:1 구매상담 중심의 상담회입니다. 신청할 때 구매 예정 분야를 고르면 맞는 기업과 상담 일정을 짜 드립니다."
        ),
        status=EventStatus.OPEN,
        vetting_round=open_round,
        created_by=center,
    )
    _program(upcoming)
    slots_set(actor=center, event=upcoming, first=datetime.time(15), minutes=20, count=6)
    _registrations(
        upcoming,
        officers[100:140],
        categories,
        checked_in_share=0,
        created=timezone.now() - datetime.timedelta(days=3),
    )
    # Events the rounds named before events existed were migrated as drafts; the demo's are complete.
    return {"events": 2}
