"""Reads for events: who may see which event, attendance, timetables, and what the event led to."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from procure.buying.models import Contract, ContractStatus, QuoteRequest
from procure.events.models import (
    ENDED_STATUSES,
    Consultation,
    Event,
    EventStatus,
    FollowUp,
    Registration,
    RegistrationStatus,
)
from procure.ledger.models import PurchaseRecord

FOLLOW_UP_WINDOWS = (3, 6, 12)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def public_events():
    return Event.objects.exclude(status=EventStatus.DRAFT)


def attendance(event: Event) -> dict:
    rows = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    rows["percent"] = round(100 * rows["checked_in"] / rows["confirmed"]) if rows["confirmed"] else 0
    return rows


def consultations_of(event: Event):
    return event.consultations.select_related(
        "slot", "booth__enterprise", "registration__institution", "registration__department"
    ).order_by("slot__starts_at", "booth__number")


def timetable_grid(event: Event) -> dict:
    """Slots × booths, each cell the meetings in it (for the staff's schedule page and the printout)."""
    slots = list(event.slots.all())
    booths = list(event.booths.select_related("enterprise"))
    cells = defaultdict(list)
    for consultation in consultations_of(event):
        cells[consultation.slot_id, consultation.booth_id].append(consultation)
    return {
        "booths": booths,
        "rows": [{"slot": s, "cells": [cells.get((s.pk, b.pk), []) for b in booths]} for s in slots],
    }


@dataclass
class EffectRow:
    label: str
    attendees: int = 0
    consultations: int = 0
    follow_ups: int = 0
    requests: dict = field(default_factory=lambda: dict.fromkeys(FOLLOW_UP_WINDOWS, 0))
    contracts: dict = field(default_factory=lambda: dict.fromkeys(FOLLOW_UP_WINDOWS, 0))
    amounts: dict = field(default_factory=lambda: dict.fromkeys(FOLLOW_UP_WINDOWS, 0))


def event_effect(event: Event) -> dict:
    """What the consultations led to: for each consulted (institution, enterprise) pair, the quote requests and
    contracts between the two within 3, 6 and 12 months after the event day (requests from the buying workflow;
    contracts from the purchase ledger — imported lines and paid platform contracts — plus platform contracts
    signed and not yet paid). A contract that followed is not proof the consultation caused it; the page says so."""
    consultations = list(
        Consultation.objects.filter(event=event)
        .select_related("registration__institution", "booth__enterprise")
        .annotate(follow_ups=Count("notes", filter=~Q(notes__follow_up=FollowUp.NONE)))
    )
    by_institution: dict[int, EffectRow] = {}
    by_enterprise: dict[int, EffectRow] = {}
    totals = EffectRow("합계")
    for registration in event.registrations.filter(checked_in_at__isnull=False).select_related("institution"):
        row = by_institution.setdefault(registration.institution_id, EffectRow(registration.institution.name))
        row.attendees += 1
        totals.attendees += 1
    pairs = {}
    for c in consultations:
        institution, enterprise = c.registration.institution, c.booth.enterprise
        i_row = by_institution.setdefault(institution.pk, EffectRow(institution.name))
        e_row = by_enterprise.setdefault(enterprise.pk, EffectRow(enterprise.name))
        for row in (i_row, e_row, totals):
            row.consultations += 1
            row.follow_ups += 1 if c.follow_ups else 0
        pairs[institution.pk, enterprise.pk] = (i_row, e_row, enterprise.business_no)
    start = event.date
    end = add_months(start, max(FOLLOW_UP_WINDOWS))
    limits = {months: add_months(start, months) for months in FOLLOW_UP_WINDOWS}

    def count(i_row, e_row, day, amount, kind):
        for months, limit in limits.items():
            if start < day <= limit:
                for row in (i_row, e_row, totals):
                    if kind == "request":
                        row.requests[months] += 1
                    else:
                        row.contracts[months] += 1
                        row.amounts[months] += amount

    institution_ids = {i for i, _ in pairs}
    enterprise_ids = {e for _, e in pairs}
    if pairs:
        requests = QuoteRequest.objects.filter(
            institution_id__in=institution_ids,
            enterprises__in=enterprise_ids,
            created_at__date__gt=start,
            created_at__date__lte=end,
        ).values_list("institution_id", "enterprises", "created_at")
        seen = set()
        for institution_id, enterprise_id, created_at in requests:
            key = (institution_id, enterprise_id)
            if key in pairs and (key, created_at) not in seen:
                seen.add((key, created_at))
                i_row, e_row, _ = pairs[key]
                count(i_row, e_row, timezone.localdate(created_at), 0, "request")  # the day in Seoul
        numbers = {business_no: e for (_, e), (_, _, business_no) in pairs.items()}
        for institution_id, business_no, day, amount in (
            PurchaseRecord.objects.counted()
            .filter(
                institution_id__in=institution_ids,
                supplier_business_no__in=list(numbers),
                contract_date__gt=start,
                contract_date__lte=end,
            )
            .values_list("institution_id", "supplier_business_no", "contract_date", "amount")
        ):
            key = (institution_id, numbers[business_no])
            if key in pairs:
                count(*pairs[key][:2], day, amount, "contract")
        unpaid = Contract.objects.filter(
            institution_id__in=institution_ids,
            enterprise_id__in=enterprise_ids,
            contract_date__gt=start,
            contract_date__lte=end,
        ).exclude(status__in=[ContractStatus.PAID, ContractStatus.CANCELLED])
        for institution_id, enterprise_id, day, amount in unpaid.values_list(
            "institution_id", "enterprise_id", "contract_date", "amount"
        ):
            key = (institution_id, enterprise_id)
            if key in pairs:
                count(*pairs[key][:2], day, amount, "contract")
    institutions = sorted(by_institution.values(), key=lambda r: (-r.attendees, r.label))
    enterprises = sorted(by_enterprise.values(), key=lambda r: (-r.consultations, r.label))
    return {
        "windows": FOLLOW_UP_WINDOWS,
        "institutions": institutions,
        "enterprises": enterprises,
        "totals": totals,
        "attendance": attendance(event),
        "limits": limits,
    }


def registrations_for_user(user):
    return Registration.objects.filter(user=user).exclude(status__in=ENDED_STATUSES).select_related("event")


def events_between(start: datetime.date, end: datetime.date):
    """Events held from `start` to `end` (drafts too: the center runs them), by day."""
    return Event.objects.filter(date__gte=start, date__lte=end).order_by("date", "pk")
