"""Last year's 설명회 (11 booths, ~200 officers, a consultation schedule, check-ins, notes that name what the
booth's enterprise sells) and an upcoming 구매상담회 on a working day about a month away, open for registration,
with booths of the round's selected enterprises still valid on its day and a schedule (the buyer personas have
meetings), dated from today (a part of seed_demo)."""

import datetime

from django.utils import timezone

from procure.accounts.models import User
from procure.catalog.models import Category
from procure.core.demo import at, happened_at, working_day_after, working_day_before, working_day_on_or_after
from procure.enterprises.models import Enterprise
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


BUYER_NEEDS = ["CATER", "CLEAN", "GIFT", "PRINT"]


def _registrations(event, officers, categories, *, checked_in_share: float, first_day) -> list[Registration]:
    """Officers signed up over the working days from `first_day` (buyer personas want three meetings)."""
    rows = []
    for index, officer in enumerate(officers):
        picks = [categories[(index * 7 + k * 3) % len(categories)] for k in range(1 + index % 3)]
        wanted = index % 4
        if officer.username.startswith("buyer"):  # the personas: what a 총무과 buys, three meetings
            picks, wanted = BUYER_NEEDS, 3
        signed = at(working_day_after(first_day, index % 8), 9 + index % 8, (index * 11) % 60)
        rows.append(
            Registration(
                event=event,
                user=officer,
                name=officer.display_name,
                email=officer.email,
                institution_id=officer.institution_id,
                department_id=officer.department_id,
                categories=sorted(set(picks)),
                max_meetings=wanted,
                status=RegistrationStatus.CONFIRMED,
                consented_at=signed,
                confirmed_at=signed,
                checked_in_at=(
                    timezone.make_aware(datetime.datetime.combine(event.date, datetime.time(13, 30 + index % 25)))
                    if (index * 37) % 100 < checked_in_share * 100
                    else None
                ),
            )
        )
    made = Registration.objects.bulk_create(rows)
    for registration in made:
        Registration.objects.filter(pk=registration.pk).update(created_at=registration.consented_at)
    return made


def _next_step(follow_up: str, offering: str) -> str:
    return {
        FollowUp.QUOTE: f"{offering} 견적서 보내기",
        FollowUp.SAMPLE: f"{offering} 견본과 단가표 보내기",
        FollowUp.VISIT: f"부서에 찾아가 {offering} 설명하기",
        FollowUp.CONTRACT: f"{offering} 계약 조건 협의",
    }.get(follow_up, "")


def _notes(event) -> None:
    """The booth staff's notes on the day, about what their enterprise sells."""
    follow_ups = [FollowUp.QUOTE, FollowUp.SAMPLE, FollowUp.NONE, FollowUp.VISIT, FollowUp.NONE, FollowUp.CONTRACT]
    consultations = Consultation.objects.filter(event=event).select_related("booth__enterprise", "slot")
    offerings = {
        enterprise.pk: list(enterprise.offerings.order_by("pk").values_list("name", flat=True))
        for enterprise in Enterprise.objects.filter(booths__event=event)
    }
    for index, consultation in enumerate(consultations.order_by("pk")):
        if index % 3 == 2:
            continue
        enterprise = consultation.booth.enterprise
        names = offerings.get(enterprise.pk) or [enterprise.main_products]
        follow_up = follow_ups[index % len(follow_ups)]
        note = ConsultationNote.objects.create(
            consultation=consultation,
            author=enterprise.members.filter(is_active=True).first(),
            interest=[InterestLevel.HIGH, InterestLevel.MEDIUM, InterestLevel.LOW][index % 3],
            follow_up=follow_up,
            next_step=_next_step(follow_up, names[index % len(names)]),
        )
        ConsultationNote.objects.filter(pk=note.pk).update(
            created_at=at(event.date, consultation.slot.starts_at.hour, consultation.slot.starts_at.minute + 15)
        )


def _half(day: datetime.date) -> str:
    return "상반기" if day.month <= 6 else "하반기"


def seed(today: datetime.date | None = None) -> dict[str, int]:
    if Event.objects.filter(kind=EventKind.BRIEFING, status=EventStatus.FINISHED).exists():
        return {"events": 0}
    today = today or timezone.localdate()
    center = User.objects.get(username="center")
    officers = list(User.objects.filter(username__startswith="officer").order_by("username"))
    buyers = list(User.objects.filter(username__in=["buyer", "buyer_fmc"]).order_by("username"))
    categories = list(Category.objects.suppliable().values_list("code", flat=True))
    decided = Round.objects.filter(status=RoundStatus.DECIDED).order_by("-closes_on").first()
    last_year = today.year - 1

    # Last year's 설명회, after the round was decided: announced a month before, scheduled three days before.
    day = working_day_on_or_after(datetime.date(last_year, 5, 27))
    announced = working_day_before(day, 25)
    with happened_at(at(announced, 10), read=True):
        past = Event.objects.create(
            title=f"{last_year} 관악구 공공구매 설명회",
            kind=EventKind.BRIEFING,
            date=day,
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
    Event.objects.filter(pk=past.pk).update(created_at=at(announced, 10))
    _registrations(past, officers, categories, checked_in_share=0.86, first_day=working_day_after(announced, 1))
    # The schedule was made before the day; notes were written by the booth staff on the day.
    scheduled = at(working_day_before(day, 3), 16)
    with happened_at(scheduled, read=True):
        consultations_schedule(actor=center, event=past)
    Consultation.objects.filter(event=past).update(created_at=scheduled)
    _notes(past)

    # The upcoming 구매상담회: a working day about a month away, with the booths of the enterprises the decided
    # round selected that are still certified on its day, and a schedule made from the sign-ups so far.
    day = working_day_on_or_after(today + datetime.timedelta(days=30))
    announced = working_day_before(today, 10)
    with happened_at(at(announced, 10)):
        upcoming = Event.objects.create(
            title=f"{day.year} {_half(day)} 관악구 구매상담회",
            kind=EventKind.CONSULTATION,
            date=day,
            starts_at=datetime.time(14),
            ends_at=datetime.time(17),
            venue="관악구청 8층 대강당",
            address="서울특별시 관악구 관악로 145",
            capacity=150,
            description=(
                "1:1 구매상담 중심의 상담회입니다. 신청할 때 구매 예정 분야를 고르면 맞는 기업과 상담 일정을 짜 "
                "드립니다."
            ),
            status=EventStatus.OPEN,
            vetting_round=decided,
            created_by=center,
        )
        _program(upcoming)
        booths_from_round(actor=center, event=upcoming)  # those certified on its day
        upcoming.booths.update(capacity=2)
        slots_set(actor=center, event=upcoming, first=datetime.time(15), minutes=20, count=6)
    Event.objects.filter(pk=upcoming.pk).update(created_at=at(announced, 10))
    _registrations(
        upcoming,
        buyers + officers[100:140],
        categories,
        checked_in_share=0,
        first_day=working_day_after(announced, 1),
    )
    consultations_schedule(actor=center, event=upcoming, time_limit=10.0)
    # Events the rounds named before events existed were migrated as drafts; the demo's are complete.
    return {"events": 2}
