"""Writes shared by every app: the audit trail and notifications."""

import datetime
import decimal
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
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
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    """The named fields of a row as JSON-ready values, for audit before/after."""
    data = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if not isinstance(field, models.Field):  # a reverse relation holds no value of the row
            raise ValueError(f"{name} is not a field of {type(instance).__name__}")
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


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"

    def __bool__(self) -> bool:
        return False


KEEP: Any = _Keep()
"""The default of an update service's keyword argument: the field is left as it is (None may be a value)."""

ModelT = TypeVar("ModelT", bound=models.Model)


def audited_save(
    instance: ModelT,
    *,
    actor,
    action: str,
    fields: Sequence[str],
    changes: Mapping[str, Any] | None = None,
    prepare: Callable[[ModelT], None] | None = None,
    clean: bool = True,
    clean_exclude: Sequence[str] = (),
    extra: Callable[[ModelT], dict] | None = None,
) -> bool:
    """The one way a service changes a row and leaves its trace: snapshot `fields` → apply `changes` (values
    that are `KEEP` are left alone) → `prepare` (derived fields, checks) → `full_clean` → save → audit
    before/after only if something changed. A row not saved yet has no before and is always audited.
    `extra` adds what the row's own fields do not hold (many-to-many, say) to both snapshots. Returns whether
    it was audited (something changed). Call it inside the service's transaction."""
    creating = instance._state.adding
    before = None if creating else snapshot(instance, list(fields)) | (extra(instance) if extra else {})
    for name, value in (changes or {}).items():
        if value is not KEEP:
            setattr(instance, name, value)
    if prepare is not None:
        prepare(instance)
    if clean:
        instance.full_clean(exclude=list(clean_exclude) or None)
    instance.save()
    after = snapshot(instance, list(fields)) | (extra(instance) if extra else {})
    if before == after:
        return False
    audit(actor=actor, action=action, obj=instance, before=before, after=after)
    return True


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
