"""Writes shared by every app: the audit trail and notifications."""

import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from procure.core.models import AuditEvent, Notification
from procure.core.signals import notification_mail_wanted


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).isoformat()  # Asia/Seoul, as everywhere people read times
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    """The named fields of a row as JSON-ready values, for audit before/after."""
    data = {}
    for name in fields:
        field = instance._meta.get_field(name)
        data[name] = _jsonable(getattr(instance, field.attname))
    return data


def build_audit_event(
    *, actor, action: str, obj: models.Model | None = None, before: dict | None = None, after: dict | None = None
) -> AuditEvent:
    """An unsaved AuditEvent, for imports that write many at once with bulk_create."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent(
        actor=actor if is_user else None,
        actor_label=(actor.get_username() if is_user else str(actor or "시스템"))[:150],
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        before=_jsonable(before),
        after=_jsonable(after),
    )


def audit(
    *, actor, action: str, obj: models.Model | None = None, before: dict | None = None, after: dict | None = None
) -> AuditEvent:
    """Record that `actor` did `action` (a dotted code such as "institutions.department.created")."""
    event = build_audit_event(actor=actor, action=action, obj=obj, before=before, after=after)
    event.save()
    return event


def notify(*, recipient, title: str, body: str = "", link: str = "", email: bool = True) -> Notification:
    """Tell a user something: an in-app message now, and a mail sent by the background worker."""
    notification = Notification.objects.create(recipient=recipient, title=title, body=body, link=link)
    if email and recipient.email:
        notification_mail_wanted.send(sender=Notification, notification=notification)  # core.tasks queues it
    return notification


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())
