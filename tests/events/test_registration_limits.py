"""Issue 26 §5: registering without an account (30 registrations in 1.4 s used to fill an event and mail any
address). Now it is limited per client address and per event (a Korean 429 page, nothing written), an address gets
one confirmation mail per event per hour, and the registration takes a seat only when the link in its mail is
followed; unconfirmed, it holds nothing and expires."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from procure.accounts.models import Role
from procure.core.models import AuditEvent
from procure.events import services
from procure.events.models import Event, Registration, RegistrationStatus
from procure.events.selectors import attendance
from tests.events.conftest import officer_fields

pytestmark = pytest.mark.django_db


def form(institution, n, **extra):
    return {
        "name": f"스팸 문구 {n}",
        "email": f"target{n}@example.org",
        "institution": institution.pk,
        "max_meetings": 1,
        "consent": "on",
    } | extra


def anonymous(n, **extra):
    return {"name": f"외부 문구 {n}", "email": f"person{n}@example.org", "categories": [], "max_meetings": 1} | extra


def test_registrations_from_one_address_are_limited_with_a_korean_429_and_nothing_written(
    client, event, buyer, settings, django_capture_on_commit_callbacks
):
    settings.EVENT_REGISTRATIONS_PER_ADDRESS = 3
    url = reverse("events:register", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        codes = [
            client.post(url, form(buyer.institution, n), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
            for n in range(4)
        ]
    assert codes == [302, 302, 302, 429]  # a forwarded-for header of its own does not make a new client
    refused = client.post(url, form(buyer.institution, 9))
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 3600
    page = refused.content.decode()
    assert "신청이 너무 많이 들어왔습니다" in page and "분 뒤에 다시 신청해 주세요" in page
    assert Registration.objects.count() == 3
    assert AuditEvent.objects.filter(action="events.registration.created").count() == 3
    assert len(mail.outbox) == 3
    # Another address, and a signed-in officer at this one, still register.
    assert client.post(url, form(buyer.institution, 10), REMOTE_ADDR="198.51.100.7").status_code == 302
    client.force_login(buyer)
    signed_in = client.post(url, {"name": "밥", "email": "bob@example.org", "max_meetings": 1, "consent": "on"})
    assert signed_in.status_code == 302 and Registration.objects.get(user=buyer).status == "confirmed"


def test_registrations_for_one_event_are_limited_across_addresses(client, event, buyer, settings):
    settings.EVENT_REGISTRATIONS_PER_EVENT = 2
    url = reverse("events:register", args=[event.pk])
    codes = [client.post(url, form(buyer.institution, n), REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert Registration.objects.count() == 2
    other = Event.objects.create(
        title="다른 설명회",
        date=event.date,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue="구청",
        capacity=5,
        status="open",
    )
    assert client.post(reverse("events:register", args=[other.pk]), form(buyer.institution, 7)).status_code == 302


def test_an_unconfirmed_registration_holds_no_seat_and_confirms_into_the_waiting_list_in_order(
    event, buyer, make_user, django_capture_on_commit_callbacks
):
    first = services.registration_create(event=event, **anonymous(1, institution=buyer.institution))
    assert first.status == RegistrationStatus.PENDING
    officers = [make_user(Role.BUYER) for _ in range(3)]
    made = [services.registration_create(event=event, user=o, **officer_fields(o)) for o in officers]
    assert [r.status for r in made] == ["confirmed", "confirmed", "waitlisted"]  # capacity 2: the pending took none
    assert attendance(event)["confirmed"] == 2

    confirmed = services.registration_confirm(registration=first)
    assert confirmed.status == RegistrationStatus.WAITLISTED and confirmed.confirmed_at is not None
    # The waiting list goes by confirmation: the officer who joined it first gets the freed place.
    promoted = services.registration_cancel(registration=made[0])
    assert promoted.pk == made[2].pk
    assert services.registration_confirm(registration=first).status == RegistrationStatus.WAITLISTED  # again: same


def test_one_confirmation_mail_per_address_per_event_per_hour_with_none_of_the_form_s_text(
    event, buyer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(
            event=event, **anonymous(1, institution=buyer.institution, interests="광고 문구")
        )
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["person1@example.org"] and not sent.attachments
    assert reverse("events:registration_detail", args=[registration.code]) in sent.body
    assert "외부 문구" not in sent.body + sent.subject and "광고 문구" not in sent.body

    # The form again, within the hour: refused, no mail. Cancelling and registering again does not reset it.
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(services.EventError, match="1시간"):
            services.registration_create(event=event, **anonymous(1, institution=buyer.institution))
        services.registration_cancel(registration=registration)
        with pytest.raises(services.EventError, match="1시간"):
            services.registration_create(event=event, **anonymous(1, institution=buyer.institution))
    assert len(mail.outbox) == 1

    # An hour later the address may be mailed again.
    later = timezone.now() + datetime.timedelta(minutes=61)
    with django_capture_on_commit_callbacks(execute=True), pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        again = services.registration_create(event=event, **anonymous(1, institution=buyer.institution))
    assert again.status == RegistrationStatus.PENDING and len(mail.outbox) == 2


def test_sending_the_form_again_for_a_pending_registration_resends_its_mail_after_an_hour(
    event, buyer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(event=event, **anonymous(1, institution=buyer.institution))
    Registration.objects.filter(pk=registration.pk).update(mailed_at=timezone.now() - datetime.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        again = services.registration_create(
            event=event, **anonymous(1, institution=buyer.institution, name="바꾼 이름")
        )
    assert again.pk == registration.pk and again.name != "바꾼 이름"  # the same registration, unchanged
    assert len(mail.outbox) == 2 and Registration.objects.count() == 1


def test_opening_the_link_confirms_nothing_until_the_button_is_pressed(client, event, buyer):
    registration = services.registration_create(event=event, **anonymous(1, institution=buyer.institution))
    link = reverse("events:registration_detail", args=[registration.code])
    page = client.get(link).content.decode()  # what a mail scanner does
    assert "신청 확정" in page and "<svg" not in page and 'id="checkin-code"' not in page
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING
    client.post(link, {"confirm": "1"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_an_unconfirmed_registration_expires_cannot_check_in_and_frees_its_address(event, buyer, center_staff):
    registration = services.registration_create(event=event, **anonymous(1, institution=buyer.institution))
    with pytest.raises(services.EventError, match="메일 확인"):
        services.registration_check_in(event=event, code=registration.code, actor=center_staff)
    Registration.objects.filter(pk=registration.pk).update(mailed_at=timezone.now() - datetime.timedelta(hours=25))
    registration.refresh_from_db()
    assert registration.get_status_display() == "확인 기한 지남"
    with pytest.raises(services.EventError, match="기한"):
        services.registration_confirm(registration=registration)
    again = services.registration_create(event=event, **anonymous(1, institution=buyer.institution))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.EXPIRED and again.status == RegistrationStatus.PENDING
    assert AuditEvent.objects.filter(action="events.registrations.expired").exists()


def test_behind_a_trusted_proxy_the_limit_is_per_forwarded_client(client, event, buyer, settings):
    """TRUSTED_PROXY_COUNT=1: the proxy's address is everyone's, so the limit reads the address the proxy saw."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.EVENT_REGISTRATIONS_PER_ADDRESS = 2
    url = reverse("events:register", args=[event.pk])
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    codes = [
        client.post(
            url, form(buyer.institution, n), HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5", **proxy
        ).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]  # what the client wrote left of the proxy's entry is not believed
    refused = client.post(url, form(buyer.institution, 7), HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert refused.status_code == 429 and "Retry-After" in refused
    other = client.post(url, form(buyer.institution, 8), HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy)
    assert other.status_code == 302
    assert Registration.objects.count() == 3
