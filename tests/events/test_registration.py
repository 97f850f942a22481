"""Registration with a waiting list, cancellation that promotes, the confirmation mail with its QR code,
and check-in by code."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from procure.accounts.models import Role
from procure.core.models import AuditEvent
from procure.events import services
from procure.events.models import Registration, RegistrationStatus
from tests.events.conftest import officer_fields

pytestmark = pytest.mark.django_db


def test_places_fill_then_the_waiting_list_then_a_cancellation_promotes_the_first_waiting(
    event, make_user, django_capture_on_commit_callbacks
):
    officers = [make_user(Role.BUYER) for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        made = [services.registration_create(event=event, user=o, **officer_fields(o)) for o in officers]
    assert [r.status for r in made] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=made[0], actor=officers[0])
    assert promoted.pk == made[2].pk
    made[2].refresh_from_db()
    assert made[2].status == RegistrationStatus.CONFIRMED
    assert Registration.objects.filter(event=event, status="confirmed").count() == 2
    assert AuditEvent.objects.filter(action="events.registration.promoted").count() == 1


def test_the_confirmation_mail_carries_the_code_and_a_qr_image(event, buyer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(event=event, user=buyer, **officer_fields(buyer))
    sent = [m for m in mail.outbox if registration.code in m.body]
    assert len(sent) == 1
    name, content, mimetype = sent[0].attachments[0]
    assert mimetype == "image/png" and content.startswith(b"\x89PNG")
    assert "참가 확정" in sent[0].subject


def test_the_same_email_cannot_register_twice(event, buyer):
    services.registration_create(event=event, user=buyer, **officer_fields(buyer))
    with pytest.raises(services.EventError, match="이미 신청"):
        services.registration_create(event=event, user=None, **officer_fields(buyer, email=buyer.email.upper()))


def test_an_officer_without_an_account_registers_through_the_form(
    client, event, buyer, django_capture_on_commit_callbacks
):
    """Without an account the registration waits for the link in its mail (issue 26 §5: it used to take a seat
    at once); following the link and confirming gives the code and the QR."""
    department = buyer.department
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:register", args=[event.pk]),
            {
                "name": "김담당",
                "email": "kim@example.org",
                "institution": department.institution_id,
                "department": department.pk,
                "categories": ["PRINT", "FOOD"],
                "max_meetings": 2,
                "consent": "on",
            },
        )
    registration = Registration.objects.get(email="kim@example.org")
    assert response.url == reverse("events:detail", args=[event.pk])  # the code is not shown to whoever typed
    assert registration.user is None and registration.department == department
    assert registration.status == RegistrationStatus.PENDING
    link = reverse("events:registration_detail", args=[registration.code])
    assert link in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, {"confirm": "1"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    page = client.get(link).content.decode()
    assert registration.code in page and "<svg" in page


def test_without_consent_nothing_is_written_and_the_form_says_why(client, event, buyer):
    response = client.post(
        reverse("events:register", args=[event.pk]),
        {"name": "김담당", "email": "kim@example.org", "institution": buyer.institution_id, "max_meetings": 1},
    )
    assert response.status_code == 200
    assert "필수 항목" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_department_of_another_institution_is_refused(client, event, buyer, other_buyer):
    client.post(
        reverse("events:register", args=[event.pk]),
        {
            "name": "김담당",
            "email": "kim@example.org",
            "institution": buyer.institution_id,
            "department": other_buyer.department_id,
            "max_meetings": 1,
            "consent": "on",
        },
    )
    assert not Registration.objects.exists()


def test_a_signed_in_buyer_registers_with_the_account_s_institution(client_for, event, buyer):
    client = client_for(buyer)
    form = client.get(reverse("events:register", args=[event.pk])).content.decode()
    assert 'name="institution"' not in form
    client.post(
        reverse("events:register", args=[event.pk]),
        {"name": "밥", "email": "bob@example.org", "max_meetings": 1, "consent": "on", "categories": ["PRINT"]},
    )
    registration = Registration.objects.get(user=buyer)
    assert registration.institution == buyer.institution and registration.department == buyer.department


def test_an_enterprise_member_is_told_registration_is_for_officers(client_for, event, enterprise_member):
    page = client_for(enterprise_member).get(reverse("events:register", args=[event.pk])).content.decode()
    assert "구매담당자가 합니다" in page and 'name="consent"' not in page


def test_a_draft_event_is_not_public(client, event):
    event.status = "draft"
    event.save()
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404


def on_the_day(event):
    event.date = timezone.localdate()
    event.save(update_fields=["date"])
    return event


def test_check_in_by_code_once_and_refusals_in_korean(event, buyer, center_staff):
    registration = services.registration_create(event=event, user=buyer, **officer_fields(buyer))
    on_the_day(event)
    checked = services.registration_check_in(event=event, code=registration.code.lower(), actor=center_staff)
    assert checked.checked_in_at is not None
    with pytest.raises(services.EventError, match="이미"):
        services.registration_check_in(event=event, code=registration.code, actor=center_staff)
    with pytest.raises(services.EventError, match="코드가 없습니다"):
        services.registration_check_in(event=event, code="ZZZZZZZZ", actor=center_staff)


def test_the_check_in_page_counts_live(client_for, event, buyer, center_staff):
    registration = services.registration_create(event=event, user=buyer, **officer_fields(buyer))
    on_the_day(event)
    client = client_for(center_staff)
    page = client.get(reverse("events:checkin", args=[event.pk]) + f"?code={registration.code}").content.decode()
    assert f'value="{registration.code}"' in page  # the QR opened the page with the code filled in
    client.post(reverse("events:checkin", args=[event.pk]), {"code": registration.code})
    assert client.get(reverse("events:attendance", args=[event.pk])).json()["checked_in"] == 1


def test_cancelling_removes_the_officer_s_meetings(event, buyer, booth, slots, center_staff):
    registration = services.registration_create(event=event, user=buyer, **officer_fields(buyer))
    services.consultation_add(actor=center_staff, event=event, registration=registration, booth=booth, slot=slots[0])
    services.registration_cancel(registration=registration)
    assert not event.consultations.exists()


def test_registration_closed_events_refuse(event, buyer):
    event.status = "closed"
    event.save()
    with pytest.raises(services.EventError, match="신청할 수 없습니다"):
        services.registration_create(event=event, user=buyer, **officer_fields(buyer))


def test_event_dates_show_in_korean_format(client, event):
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "2099.05.28 (목)" in page
    assert datetime.date(2099, 5, 28).weekday() == 3


def test_staff_download_the_registration_list(client_for, event, buyer, center_staff):
    import io

    import openpyxl

    registration = services.registration_create(event=event, user=buyer, **officer_fields(buyer))
    response = client_for(center_staff).get(reverse("events:registrations_xlsx", args=[event.pk]))
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    assert any(row[0] == registration.name and row[4] == registration.code for row in rows)


@pytest.mark.parametrize("days", [-42, -1, 1])
def test_check_in_is_refused_on_any_other_day_than_the_event_s(event, buyer, center_staff, days):
    """Issue 28 §7: a code scanned six weeks before the event was accepted as attendance."""
    registration = services.registration_create(event=event, user=buyer, **officer_fields(buyer))
    event.date = timezone.localdate() - datetime.timedelta(days=days)
    event.save(update_fields=["date"])
    expected = "아직 열리지 않은 행사입니다" if days < 0 else "지난 행사입니다"
    with pytest.raises(services.EventError, match=expected):
        services.registration_check_in(event=event, code=registration.code, actor=center_staff)
    registration.refresh_from_db()
    assert registration.checked_in_at is None
