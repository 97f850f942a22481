from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from procure.events.models import Registration
from procure.events.qr import checkin_qr_png


@task()
def send_registration_mail(registration_id: int) -> None:
    """The confirmation (or waiting-list) mail, with the personal check-in code as a QR image attached."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or not registration.email:
        return
    page = settings.SITE_URL + reverse("events:registration_detail", args=[registration.code])
    body = render_to_string(
        "events/registration_mail.txt", {"registration": registration, "event": registration.event, "page": page}
    )
    mail = EmailMultiAlternatives(
        subject=f"[관악구 공공구매] {registration.event.title} {registration.get_status_display()}",
        body=body,
        to=[registration.email],
    )
    mail.attach(f"checkin-{registration.code}.png", checkin_qr_png(registration), "image/png")
    mail.send()


@task()
def send_confirmation_request_mail(registration_id: int) -> None:
    """The mail that asks the address's owner to confirm a registration made without an account. It carries no
    text from the form (not even the name), so a stranger cannot have us send their words to anyone; no QR code
    either, since the registration holds no seat until it is confirmed."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or not registration.email or registration.status != "pending":
        return
    page = settings.SITE_URL + reverse("events:registration_detail", args=[registration.code])
    body = render_to_string(
        "events/registration_confirm_mail.txt",
        {"registration": registration, "event": registration.event, "page": page},
    )
    EmailMultiAlternatives(
        subject=f"[관악구 공공구매] {registration.event.title} 참가 신청 확인",
        body=body,
        to=[registration.email],
    ).send()
