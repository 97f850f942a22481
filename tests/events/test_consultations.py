"""Booths from the vetting round, the schedule in the database (the same rules as the scheduler, by hand
too), notes, timetables in the inbox, and the event report counting what followed."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from procure.accounts.models import Role
from procure.core.models import Notification
from procure.enterprises.models import Certification, EnterpriseType
from procure.events import selectors, services
from procure.events.models import Booth, Consultation, ConsultationNote, FollowUp
from procure.events.scheduler import check_meetings
from procure.ledger.models import PurchaseRecord
from procure.vetting.models import Application, Round
from tests.events.conftest import officer_fields

pytestmark = pytest.mark.django_db


def _confirmed(event, make_user, n, **extra):
    event.capacity = 100
    event.save()
    return [
        services.registration_create(event=event, user=(u := make_user(Role.BUYER)), **officer_fields(u, **extra))
        for _ in range(n)
    ]


def test_booths_open_for_every_enterprise_the_round_selected(event, center_staff, make_user):
    round_ = Round.objects.create(
        title="모집", opens_on=datetime.date(2099, 3, 1), closes_on=datetime.date(2099, 3, 20)
    )
    members = [make_user(Role.ENTERPRISE) for _ in range(3)]
    for index, member in enumerate(members):
        Certification.objects.create(enterprise=member.enterprise, type=EnterpriseType.COOPERATIVE)
        Application.objects.create(
            round=round_, enterprise=member.enterprise, status="selected" if index < 2 else "rejected"
        )
    event.vetting_round = round_
    event.save()
    assert services.booths_from_round(actor=center_staff, event=event) == 2
    assert services.booths_from_round(actor=center_staff, event=event) == 0  # again: nothing new
    assert list(event.booths.values_list("number", flat=True)) == [1, 2]


def test_the_scheduled_meetings_respect_every_rule_and_keep_hand_placed_ones(
    event, booth, slots, make_user, center_staff
):
    registrations = _confirmed(event, make_user, 3)
    by_hand = services.consultation_add(
        actor=center_staff, event=event, registration=registrations[2], booth=booth, slot=slots[1]
    )
    count = services.consultations_schedule(actor=center_staff, event=event)
    # one booth of capacity 1 over two slots: two meetings at most, one of them the hand-placed one
    assert count == 2 == event.consultations.count()
    assert Consultation.objects.filter(pk=by_hand.pk).exists()
    problem, *_ = services.schedule_problem(event)
    assert check_meetings(problem, services._meetings_of(event.consultations.select_related("slot"))) == []


def test_placing_by_hand_refuses_a_full_booth_in_korean(event, booth, slots, make_user, center_staff):
    first, second = _confirmed(event, make_user, 2)
    services.consultation_add(actor=center_staff, event=event, registration=first, booth=booth, slot=slots[0])
    with pytest.raises(services.EventError, match="수용 인원"):
        services.consultation_add(actor=center_staff, event=event, registration=second, booth=booth, slot=slots[0])
    with pytest.raises(services.EventError, match="두 번"):
        services.consultation_add(actor=center_staff, event=event, registration=first, booth=booth, slot=slots[1])


def test_placing_by_hand_refuses_an_officer_whose_interests_miss_the_booth(
    event, booth, slots, make_user, center_staff
):
    (registration,) = _confirmed(event, make_user, 1, categories=["FOOD"])
    with pytest.raises(services.EventError, match="관심 분야"):
        services.consultation_add(
            actor=center_staff, event=event, registration=registration, booth=booth, slot=slots[0]
        )


def test_timetables_reach_the_officer_s_and_the_enterprise_s_inbox(
    event, booth, slots, make_user, center_staff, enterprise_member
):
    (registration,) = _confirmed(event, make_user, 1)
    services.consultations_schedule(actor=center_staff, event=event)
    assert services.timetables_send(actor=center_staff, event=event) == 2
    officer_note = Notification.objects.get(recipient=registration.user, title__contains="상담 일정")
    assert "15:00" in officer_note.body and booth.enterprise.name in officer_note.body
    assert registration.name in Notification.objects.get(recipient=enterprise_member).body


def test_the_enterprise_edits_its_own_booth_and_not_another(client_for, event, booth, enterprise_member, make_user):
    client = client_for(enterprise_member)
    client.post(reverse("events:booth_edit", args=[booth.pk]), {"capacity": 3, "categories": ["PRINT", "FOOD"]})
    booth.refresh_from_db()
    assert booth.capacity == 3 and booth.categories == ["PRINT", "FOOD"]
    other = Booth.objects.create(event=event, enterprise=make_user(Role.ENTERPRISE).enterprise, number=2)
    assert client.get(reverse("events:booth_edit", args=[other.pk])).status_code == 403


def test_a_note_with_a_follow_up_offers_the_buyer_a_quote_request_and_the_report_counts_it(
    client_for, event, booth, slots, buyer, center_staff, enterprise_member
):
    registration = services.registration_create(event=event, user=buyer, **officer_fields(buyer))
    event.date = timezone.localdate()  # check-in is taken on the event's day only
    event.save(update_fields=["date"])
    services.registration_check_in(event=event, code=registration.code, actor=center_staff)
    consultation = services.consultation_add(
        actor=center_staff, event=event, registration=registration, booth=booth, slot=slots[0]
    )
    client_for(enterprise_member).post(
        reverse("events:consultation", args=[consultation.pk]),
        {"interest": "high", "follow_up": FollowUp.QUOTE, "next_step": "견적서 보내기"},
    )
    assert ConsultationNote.objects.get().author == enterprise_member
    page = client_for(buyer).get(reverse("events:consultation", args=[consultation.pk])).content.decode()
    assert reverse("buying:request_new") + f"?enterprise={booth.enterprise_id}" in page

    # a contract between the two, four months after the event day, and one before it (not counted)
    for day, amount in ((event.date + datetime.timedelta(days=120), 3_300_000), (event.date, 999)):
        PurchaseRecord.objects.create(
            institution=buyer.institution,
            contract_date=day,
            title="인쇄물",
            kind="goods",
            amount=amount,
            supplier_name=booth.enterprise.name,
            supplier_business_no=booth.enterprise.business_no,
            identity=amount,
        )
    effect = selectors.event_effect(event)
    totals = effect["totals"]
    assert (totals.attendees, totals.consultations, totals.follow_ups) == (1, 1, 1)
    assert totals.contracts == {3: 0, 6: 1, 12: 1}
    assert totals.amounts == {3: 0, 6: 3_300_000, 12: 3_300_000}
    assert effect["institutions"][0].label == buyer.institution.name

    response = client_for(center_staff).get(reverse("events:report_xlsx", args=[event.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["기관별"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows.index(next(r for r in rows if r[0] == "기관"))
    assert rows[header + 1][0] == buyer.institution.name
    assert rows[header + 1][rows[header].index("6개월 내 계약금액")] == 3_300_000


def test_someone_else_cannot_write_a_note(client_for, event, booth, slots, buyer, other_buyer, center_staff):
    registration = services.registration_create(event=event, user=buyer, **officer_fields(buyer))
    consultation = services.consultation_add(
        actor=center_staff, event=event, registration=registration, booth=booth, slot=slots[0]
    )
    response = client_for(other_buyer).post(
        reverse("events:consultation", args=[consultation.pk]), {"interest": "high", "follow_up": "none"}
    )
    assert response.status_code == 403 and not ConsultationNote.objects.exists()


def test_the_schedule_page_runs_the_scheduler_for_staff(client_for, event, booth, slots, make_user, center_staff):
    _confirmed(event, make_user, 2)
    client = client_for(center_staff)
    client.post(reverse("events:schedule", args=[event.pk]), {"action": "run"})
    assert event.consultations.count() == 2
    page = client.get(reverse("events:schedule", args=[event.pk])).content.decode()
    assert "15:00" in page and "15:20" in page


def test_slots_cannot_change_under_existing_meetings(event, booth, slots, buyer, center_staff):
    registration = services.registration_create(event=event, user=buyer, **officer_fields(buyer))
    services.consultation_add(actor=center_staff, event=event, registration=registration, booth=booth, slot=slots[0])
    with pytest.raises(services.EventError, match="시간대를 바꿀 수 없습니다"):
        services.slots_set(actor=center_staff, event=event, first=datetime.time(10), minutes=30, count=2)


def test_the_round_page_links_its_event(client_for, event, center_staff):
    round_ = Round.objects.create(title="모집", opens_on=timezone.localdate(), closes_on=timezone.localdate())
    event.vetting_round = round_
    event.save()
    page = client_for(center_staff).get(reverse("vetting:round_detail", args=[round_.pk])).content.decode()
    assert reverse("events:detail", args=[event.pk]) in page


def test_program_sessions_are_added_and_removed_with_an_audit_trail(client_for, event, center_staff):
    from procure.core.models import AuditEvent

    client = client_for(center_staff)
    client.post(
        reverse("events:manage", args=[event.pk]),
        {"add_session": "1", "starts_at": "14:00", "ends_at": "13:00", "title": "교육", "kind": "education"},
    )
    assert not event.sessions.exists()  # ends before it starts: refused
    client.post(
        reverse("events:manage", args=[event.pk]),
        {"add_session": "1", "starts_at": "14:00", "ends_at": "14:40", "title": "교육", "kind": "education"},
    )
    session = event.sessions.get()
    client.post(reverse("events:manage", args=[event.pk]), {"remove_session": "x"})
    client.post(reverse("events:manage", args=[event.pk]), {"remove_session": session.pk})
    assert not event.sessions.exists()
    assert set(AuditEvent.objects.filter(action__startswith="events.session").values_list("action", flat=True)) == {
        "events.session.added",
        "events.session.removed",
    }
