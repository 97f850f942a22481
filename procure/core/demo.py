"""Helpers the apps' demo seeders share (part of seed_demo): working days before and after the day the demo is
made, and dating what a service wrote (its audit trail and notices) on the day the story says it happened, so last
year's decisions are not dated today."""

import datetime
from contextlib import contextmanager

from django.db.models import Max
from django.utils import timezone

from procure.core.calendar import add_business_days, is_business_day, next_business_day
from procure.core.models import AuditEvent, Notification


def working_day_before(day: datetime.date, days: int = 1) -> datetime.date:
    """The day `days` business days before `day` (the day itself not counted)."""
    while days > 0:
        day -= datetime.timedelta(days=1)
        if is_business_day(day):
            days -= 1
    return day


def working_day_on_or_before(day: datetime.date) -> datetime.date:
    return day if is_business_day(day) else working_day_before(day)


def working_day_after(day: datetime.date, days: int = 1) -> datetime.date:
    return add_business_days(day, days)


def working_day_on_or_after(day: datetime.date) -> datetime.date:
    return next_business_day(day)


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """`day` at office hours in the site's time zone (Asia/Seoul)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@contextmanager
def happened_at(when: datetime.datetime, *, read: bool = False):
    """Everything the block writes to the audit trail and the inbox is dated `when` (and read then, when `read`:
    a notice from last year has been opened since)."""
    audit_from = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    notice_from = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
    yield
    AuditEvent.objects.filter(pk__gt=audit_from).update(created_at=when)
    notices = Notification.objects.filter(pk__gt=notice_from)
    notices.update(created_at=when, **({"read_at": when} if read else {}))
