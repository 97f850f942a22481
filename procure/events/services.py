"""Writes for events: registration with a waiting list, check-in, booths, the consultation schedule, notes."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from procure.accounts.models import User
from procure.core.errors import ServiceError
from procure.core.formatting import format_date
from procure.core.services import audit, notify, snapshot
from procure.core.text import josa
from procure.enterprises.models import Enterprise
from procure.events.models import (
    ENDED_STATUSES,
    Booth,
    Consultation,
    ConsultationNote,
    ConsultationSlot,
    Event,
    EventStatus,
    ProgramSession,
    Registration,
    RegistrationStatus,
)
from procure.events.scheduler import Enterprise as BoothSide
from procure.events.scheduler import Meeting, Problem, ScheduleError, check_meetings, schedule
from procure.events.scheduler import Officer as OfficerSide
from procure.vetting.models import Application

EVENT_FIELDS = ["title", "kind", "date", "starts_at", "ends_at", "venue", "capacity", "status", "vetting_round_id"]


class EventError(ServiceError, ValidationError):
    """A refused change; the message is Korean and shown as is."""


# --- events -----------------------------------------------------------------------------------------------


@transaction.atomic
def event_save(*, actor, event: Event) -> Event:
    before = snapshot(Event.objects.get(pk=event.pk), EVENT_FIELDS) if event.pk else None
    created = event.pk is None
    if created:
        event.created_by = actor
    event.full_clean()
    event.save()
    audit(
        actor=actor,
        action="events.event.created" if created else "events.event.changed",
        obj=event,
        before=before,
        after=snapshot(event, EVENT_FIELDS),
    )
    return event


@transaction.atomic
def session_add(*, actor, event: Event, session: ProgramSession) -> ProgramSession:
    session.event = event
    session.full_clean()
    session.save()
    audit(actor=actor, action="events.session.added", obj=event, after={"title": session.title})
    return session


@transaction.atomic
def session_remove(*, actor, event: Event, session_id) -> None:
    if not str(session_id).isdecimal():
        return
    session = event.sessions.filter(pk=int(session_id)).first()
    if session is not None:
        audit(actor=actor, action="events.session.removed", obj=event, before={"title": session.title})
        session.delete()


@transaction.atomic
def slots_set(*, actor, event: Event, first: datetime.time, minutes: int, count: int) -> list[ConsultationSlot]:
    """Replace the consultation slots by `count` slots of `minutes` from `first` (only before any meeting)."""
    if event.consultations.exists():
        raise EventError("이미 배정된 상담이 있어 시간대를 바꿀 수 없습니다. 상담을 먼저 모두 지우세요.")
    event.slots.all().delete()
    start = datetime.datetime.combine(event.date, first)
    slots = []
    for index in range(count):
        begins = start + datetime.timedelta(minutes=minutes * index)
        ends = begins + datetime.timedelta(minutes=minutes)
        slots.append(ConsultationSlot.objects.create(event=event, starts_at=begins.time(), ends_at=ends.time()))
    audit(actor=actor, action="events.slots.set", obj=event, after={"slots": [s.label for s in slots]})
    return slots


# --- registration -----------------------------------------------------------------------------------------
#
# Registering without an account takes no seat: the registration is `pending` until the link in its mail is
# followed (registration_confirm), and expires unconfirmed. We chose the confirmation link over "signed-in only"
# because many officers who come to a 설명회 have no account here; the link proves the address is theirs, so a
# stranger can neither fill the event nor have us mail anyone more than once an hour (and the confirmation-request
# mail carries none of the text the form was filled with). Signed-in officers take their seat at once: staff made
# their accounts and the audit names them.

# One confirmation mail per address per event in this time, however often the form is sent.
MAIL_INTERVAL = datetime.timedelta(hours=1)


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def _seat_or_turn(event: Event) -> str:
    return RegistrationStatus.CONFIRMED if _confirmed_count(event) < event.capacity else RegistrationStatus.WAITLISTED


def _expire_unconfirmed(event: Event, now) -> int:
    """Mark the event's pending registrations whose deadline has passed (they never held a seat)."""
    cutoff = now - datetime.timedelta(hours=settings.EVENT_REGISTRATION_CONFIRM_HOURS)
    expired = event.registrations.filter(status=RegistrationStatus.PENDING, mailed_at__lt=cutoff).update(
        status=RegistrationStatus.EXPIRED
    )
    if expired:
        audit(actor=None, action="events.registrations.expired", obj=event, after={"count": expired})
    return expired


def _mail_refused(email: str, last: datetime.datetime, now) -> EventError:
    minutes = max(1, math.ceil((last + MAIL_INTERVAL - now).total_seconds() / 60))
    return EventError(
        f"{email}{josa(email, '으로/로')} 최근 1시간 안에 확인 메일을 보냈습니다. 메일함(스팸함 포함)을 확인하거나 "
        f"{minutes}분 뒤에 다시 신청해 주세요."
    )


@transaction.atomic
def registration_create(*, event: Event, user=None, **fields) -> Registration:
    """Register an officer. With an account: confirmed while places remain, on the waiting list after. Without
    one: pending, with a mail whose link confirms it; sending the form again for a pending registration sends
    that mail again (once an hour at most). Sends the mail."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.OPEN:
        raise EventError("지금은 이 행사에 신청할 수 없습니다.")
    email = fields.get("email", "").strip().lower()
    now = timezone.now()
    _expire_unconfirmed(event, now)
    live = event.registrations.filter(email__iexact=email).exclude(status__in=ENDED_STATUSES).first()
    if live is not None and live.status == RegistrationStatus.PENDING and user is None:
        return _confirmation_resend(live, now)
    if live is not None:
        raise EventError("이 이메일로 이미 신청했습니다. 신청 내역은 확인 메일에서 볼 수 있습니다.")
    last_mail = (
        event.registrations.filter(email__iexact=email, mailed_at__gt=now - MAIL_INTERVAL)
        .order_by("-mailed_at")
        .values_list("mailed_at", flat=True)
        .first()
    )
    if last_mail is not None:
        raise _mail_refused(email, last_mail, now)
    status = RegistrationStatus.PENDING if user is None else _seat_or_turn(event)
    registration = Registration(event=event, user=user, status=status, consented_at=now, mailed_at=now, **fields)
    registration.email = email
    if status != RegistrationStatus.PENDING:
        registration.confirmed_at = now
    registration.full_clean(exclude=["code"])
    for _attempt in range(5):
        try:
            with transaction.atomic():
                registration.save()
            break
        except IntegrityError:  # a code already taken (1 in 10^11), or a double click
            if event.registrations.filter(email__iexact=email).exclude(status__in=ENDED_STATUSES).exists():
                raise EventError("이 이메일로 이미 신청했습니다.") from None
            registration.code = Registration._meta.get_field("code").default()
    audit(
        actor=user,
        action="events.registration.created",
        obj=registration,
        after={"event": event.pk, "status": status, "institution": registration.institution_id},
    )
    if status == RegistrationStatus.PENDING:
        _send_confirmation_request(registration)
    else:
        _send_registration_notice(registration)
    return registration


def _confirmation_resend(registration: Registration, now) -> Registration:
    if registration.mailed_at and registration.mailed_at > now - MAIL_INTERVAL:
        raise _mail_refused(registration.email, registration.mailed_at, now)
    registration.mailed_at = now
    registration.save(update_fields=["mailed_at"])
    audit(actor=None, action="events.registration.mail_resent", obj=registration)
    _send_confirmation_request(registration)
    return registration


def _send_confirmation_request(registration: Registration) -> None:
    from procure.events.tasks import send_confirmation_request_mail

    pk = registration.pk
    transaction.on_commit(lambda: send_confirmation_request_mail.enqueue(pk))


def _send_registration_notice(registration: Registration) -> None:
    from procure.events.tasks import send_registration_mail

    pk = registration.pk
    transaction.on_commit(lambda: send_registration_mail.enqueue(pk))
    if registration.user_id:
        notify(
            recipient=registration.user,
            title=f"{registration.event.title}: {registration.get_status_display()}",
            body=f"참가 확인 코드 {registration.code}",
            link=reverse("events:registration_detail", args=[registration.code]),
            email=False,  # the mail with the QR code goes out from send_registration_mail
        )


@transaction.atomic
def registration_confirm(*, registration: Registration) -> Registration:
    """The link in the mail was followed: a pending registration takes a seat while places remain, else a turn on
    the waiting list (in the order of confirmation). Confirming again changes nothing."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration.refresh_from_db()
    if registration.status != RegistrationStatus.PENDING:
        if registration.status == RegistrationStatus.EXPIRED:
            raise EventError("확인 기한이 지나 신청이 없어졌습니다. 행사 페이지에서 다시 신청해 주세요.")
        return registration
    if registration.is_overdue:
        raise EventError("확인 기한이 지나 신청이 없어졌습니다. 행사 페이지에서 다시 신청해 주세요.")
    if event.status != EventStatus.OPEN:
        raise EventError("신청이 마감되어 확정할 수 없습니다.")
    registration.status = _seat_or_turn(event)
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "confirmed_at"])
    audit(actor=None, action="events.registration.confirmed", obj=registration, after={"status": registration.status})
    _send_registration_notice(registration)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, actor=None) -> Registration | None:
    """Cancel; the first on the waiting list takes the freed place. Returns the promoted registration."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration.refresh_from_db()
    if registration.status in ENDED_STATUSES:
        return None
    was = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])
    registration.consultations.all().delete()
    audit(actor=actor, action="events.registration.cancelled", obj=registration, before={"status": was})
    promoted = None
    if was == RegistrationStatus.CONFIRMED and _confirmed_count(event) < event.capacity:
        promoted = (
            event.registrations.filter(status=RegistrationStatus.WAITLISTED)
            .order_by("confirmed_at", "created_at", "pk")
            .first()
        )
        if promoted:
            promoted.status = RegistrationStatus.CONFIRMED
            promoted.save(update_fields=["status"])
            audit(actor=actor, action="events.registration.promoted", obj=promoted, before={"status": "waitlisted"})
            _send_registration_notice(promoted)
    return promoted


@transaction.atomic
def registration_check_in(*, event: Event, code: str, actor) -> Registration:
    code = "".join(code.split()).upper()
    registration = event.registrations.select_for_update().filter(code=code).first()
    if registration is None:
        raise EventError("이 행사에 그런 참가 확인 코드가 없습니다. 코드를 다시 확인해 주세요.")
    if registration.status == RegistrationStatus.CANCELLED:
        raise EventError(f"{registration.name} 님의 신청은 취소되었습니다.")
    if registration.status in (RegistrationStatus.PENDING, RegistrationStatus.EXPIRED):
        raise EventError(f"{registration.name} 님의 신청은 메일 확인을 마치지 않아 자리가 없습니다.")
    today = timezone.localdate()
    if today != event.date:
        # A code scanned weeks early (or after the event) is not an attendance: refused, nothing written.
        when = "지난" if today > event.date else "아직 열리지 않은"
        raise EventError(
            f"{when} 행사입니다. 입장 확인은 행사 당일({format_date(event.date)})에만 받습니다. "
            f"오늘은 {format_date(today)}입니다."
        )
    if registration.checked_in_at:
        raise EventError(
            f"{registration.name} 님은 이미 {timezone.localtime(registration.checked_in_at):%H:%M}에 입장했습니다."
        )
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = actor
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    audit(actor=actor, action="events.registration.checked_in", obj=registration)
    return registration


# --- booths -----------------------------------------------------------------------------------------------


@transaction.atomic
def booths_from_round(*, actor, event: Event) -> int:
    """Open a booth for every enterprise the linked vetting round selected that is certified on the event's day
    (keeps existing booths; one whose certification has lapsed by then gets none — see booths_not_opened)."""
    if not event.vetting_round_id:
        raise EventError("참여기업 모집이 연결되어 있지 않습니다.")
    selected = (
        Application.objects.filter(round_id=event.vetting_round_id, status="selected")
        .select_related("enterprise")
        .order_by("pk")
    )
    existing = set(event.booths.values_list("enterprise_id", flat=True))
    valid = set(Enterprise.objects.valid_on(event.date).values_list("pk", flat=True))
    number = max(event.booths.values_list("number", flat=True), default=0)
    created = 0
    for application in selected:
        enterprise = application.enterprise
        if enterprise.pk in existing or enterprise.pk not in valid:
            continue
        number += 1
        categories = sorted(set(enterprise.offerings.values_list("category__code", flat=True)) - {None})
        Booth.objects.create(event=event, enterprise=enterprise, number=number, categories=categories)
        created += 1
    audit(actor=actor, action="events.booths.opened", obj=event, after={"created": created})
    return created


def booths_not_opened(event: Event) -> list:
    """The round's selected enterprises with no booth because they are not certified on the event's day."""
    if not event.vetting_round_id:
        return []
    return list(
        Enterprise.objects.filter(applications__round_id=event.vetting_round_id, applications__status="selected")
        .exclude(pk__in=Enterprise.objects.valid_on(event.date).values("pk"))
        .order_by("name")
    )


@transaction.atomic
def booth_update(*, actor, booth: Booth, **fields) -> Booth:
    keys = ["capacity", "categories", "contact_name", "contact_phone"]
    before = snapshot(booth, keys)
    for key, value in fields.items():
        setattr(booth, key, value)
    booth.full_clean()
    booth.save()
    audit(actor=actor, action="events.booth.changed", obj=booth, before=before, after=snapshot(booth, keys))
    return booth


# --- consultations ----------------------------------------------------------------------------------------


def schedule_problem(event: Event) -> tuple[Problem, dict, dict, dict]:
    """The event as a scheduler problem; the maps turn scheduler ids back into rows."""
    slots = {s.label: s for s in event.slots.all()}
    officers = {
        str(r.pk): r
        for r in event.registrations.filter(status=RegistrationStatus.CONFIRMED, max_meetings__gt=0).order_by("pk")
    }
    booths = {str(b.pk): b for b in event.booths.all().order_by("number")}
    problem = Problem(
        slots=list(slots),
        officers=[OfficerSide(k, frozenset(r.categories), r.max_meetings) for k, r in officers.items()],
        enterprises=[BoothSide(k, frozenset(b.categories), b.capacity) for k, b in booths.items()],
    )
    return problem, slots, officers, booths


def _meetings_of(consultations) -> list[Meeting]:
    return [Meeting(str(c.registration_id), str(c.booth_id), c.slot.label) for c in consultations]


@transaction.atomic
def consultations_schedule(*, actor, event: Event, time_limit: float = 30.0) -> int:
    """Fill the schedule with as many meetings as the rules allow, keeping the meetings staff placed by hand."""
    Event.objects.select_for_update().get(pk=event.pk)
    problem, slots, officers, booths = schedule_problem(event)
    event.consultations.filter(by_hand=False).delete()
    kept = list(event.consultations.select_related("slot"))
    problem.fixed = [m for m in _meetings_of(kept) if m.officer in officers and m.enterprise in booths]
    try:
        meetings = schedule(problem, time_limit=time_limit)
    except ScheduleError as error:
        raise EventError(str(error)) from error
    fixed = set(problem.fixed)
    Consultation.objects.bulk_create(
        Consultation(event=event, registration=officers[m.officer], booth=booths[m.enterprise], slot=slots[m.slot])
        for m in meetings
        if m not in fixed
    )
    audit(actor=actor, action="events.consultations.scheduled", obj=event, after={"count": len(meetings)})
    return len(meetings)


@transaction.atomic
def consultation_add(*, actor, event: Event, registration: Registration, booth: Booth, slot: ConsultationSlot):
    """Staff place a meeting by hand; the same rules as the scheduler's apply."""
    Event.objects.select_for_update().get(pk=event.pk)
    problem, *_ = schedule_problem(event)
    if str(registration.pk) not in {o.id for o in problem.officers}:
        raise EventError("참가 확정이고 상담을 희망한 담당자만 배정할 수 있습니다.")
    meetings = _meetings_of(event.consultations.select_related("slot"))
    meetings.append(Meeting(str(registration.pk), str(booth.pk), slot.label))
    errors = check_meetings(problem, meetings)
    if errors:
        raise EventError(_describe(errors[0], registration, booth))
    consultation = Consultation.objects.create(
        event=event, registration=registration, booth=booth, slot=slot, by_hand=True
    )
    audit(
        actor=actor,
        action="events.consultation.added",
        obj=consultation,
        after={"registration": registration.pk, "booth": booth.pk, "slot": slot.label},
    )
    return consultation


def _describe(error: str, registration: Registration, booth: Booth) -> str:
    """The checker speaks in ids; staff read names."""
    return error.replace(str(registration.pk), f"{registration.name} 님", 1).replace(
        str(booth.pk), str(booth.enterprise), 1
    )


@transaction.atomic
def consultation_remove(*, actor, consultation: Consultation) -> None:
    audit(
        actor=actor,
        action="events.consultation.removed",
        obj=consultation,
        before={"registration": consultation.registration_id, "booth": consultation.booth_id},
    )
    consultation.delete()


def timetables_send(*, actor, event: Event) -> int:
    """Each officer with an account and each exhibiting enterprise's members get their timetable in the inbox."""
    by_officer: dict = {}
    by_booth: dict = {}
    consultations = event.consultations.select_related(
        "slot", "booth__enterprise", "registration__user", "registration__institution"
    ).order_by("slot__starts_at")
    for c in consultations:
        if c.registration.user_id:
            by_officer.setdefault(c.registration.user, []).append(
                f"{c.slot.label} {c.booth.number}번 부스 {c.booth.enterprise.name}"
            )
        by_booth.setdefault(c.booth.enterprise, []).append(
            f"{c.slot.label} {c.registration.name} ({c.registration.institution.name})"
        )
    link = reverse("events:my_timetable", args=[event.pk])
    sent = 0
    for user, lines in by_officer.items():
        notify(recipient=user, title=f"{event.title} 1:1 상담 일정", body="\n".join(lines), link=link)
        sent += 1
    members = defaultdict(list)
    for member in User.objects.filter(enterprise__in=list(by_booth), is_active=True):
        members[member.enterprise_id].append(member)
    for enterprise, lines in by_booth.items():
        for member in members[enterprise.pk]:
            notify(recipient=member, title=f"{event.title} 부스 상담 일정", body="\n".join(lines), link=link)
            sent += 1
    audit(actor=actor, action="events.timetables.sent", obj=event, after={"sent": sent})
    return sent


@transaction.atomic
def note_add(*, actor, consultation: Consultation, interest: str, follow_up: str, next_step: str = ""):
    note = ConsultationNote(
        consultation=consultation, author=actor, interest=interest, follow_up=follow_up, next_step=next_step
    )
    note.full_clean()
    note.save()
    audit(
        actor=actor,
        action="events.consultation.noted",
        obj=consultation,
        after={"interest": interest, "follow_up": follow_up},
    )
    return note
