"""Registered enterprises' 사업자등록번호 against the tax service's status (issue 32 §5; public-data.md §6).

Weekly (`check_business_status`, task `check_business_status_weekly`): every active enterprise's number, 100 a
request. A 휴업자 or 폐업자 answer (or a number the tax service does not know) flags the enterprise to the center and
sets `BusinessStatus.inactive_from` — 폐업: the day after 폐업일 (`end_dt`); 휴업 or no date: the day it was first
seen. From that day the enterprise is hidden from pickers and the public lists (EnterpriseQuerySet.pickable,
valid_on) and holds no type (selectors.enterprise_types_on, CertificationCalendar), so the ledger — told through
the registry's `certifications_changed` event — stops counting its purchases dated then or later as social-economy.
Center staff look and either leave it so or clear it with a reason (the tax data was wrong, a successor continues):
clearing counts the purchases again.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from procure.core.services import audit, notify, snapshot
from procure.enterprises.models import BusinessStatus, Enterprise, TaxStatus
from procure.enterprises.services import _staff
from procure.enterprises.signals import certifications_changed_send

STATUS_FIELDS = ["status", "tax_type", "closed_on", "first_seen_on", "inactive_from", "clear_reason"]
UNREGISTERED_TEXT = "국세청에 등록되지 않은"


def _compact_date(value) -> datetime.date | None:
    text = str(value or "").strip().replace("-", "")
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def read_answer(item: dict) -> tuple[str, str, datetime.date | None]:
    """(TaxStatus, tax type text, 폐업일) of one `data` item."""
    code = str(item.get("b_stt_cd") or "").strip()
    tax_type = str(item.get("tax_type") or "").strip()[:100]
    if code not in (TaxStatus.ACTIVE, TaxStatus.SUSPENDED, TaxStatus.CLOSED):
        label = str(item.get("b_stt") or "").strip()
        code = {"계속사업자": TaxStatus.ACTIVE, "휴업자": TaxStatus.SUSPENDED, "폐업자": TaxStatus.CLOSED}.get(
            label, TaxStatus.UNREGISTERED
        )
    return code, tax_type, _compact_date(item.get("end_dt"))


def _inactive_from(status: str, closed_on, first_seen_on) -> datetime.date | None:
    if status == TaxStatus.CLOSED:
        return closed_on + datetime.timedelta(days=1) if closed_on else first_seen_on
    if status == TaxStatus.SUSPENDED:
        return first_seen_on
    return None  # 계속사업자; an unknown number is flagged for a look but changes no figure


@transaction.atomic
def record_status(*, enterprise: Enterprise, item: dict, today: datetime.date, now=None) -> str | None:
    """Keep the tax service's answer for one enterprise; returns "flagged" or "reopened" when that changed."""
    now = now or timezone.now()
    status, tax_type, closed_on = read_answer(item)
    record = BusinessStatus.objects.select_for_update().filter(enterprise=enterprise).first()
    before = snapshot(record, STATUS_FIELDS) if record else None
    if record is None:
        record = BusinessStatus(enterprise=enterprise, status=status, checked_at=now)
    same = before is not None and record.status == status and record.closed_on == closed_on
    if not same:
        record.first_seen_on = today if status != TaxStatus.ACTIVE else None
        record.cleared_by = None
        record.cleared_at = None
        record.clear_reason = ""
    record.status = status
    record.tax_type = tax_type
    record.closed_on = closed_on
    record.checked_at = now
    if not same:
        record.inactive_from = _inactive_from(status, closed_on, record.first_seen_on)
    record.save()
    after = snapshot(record, STATUS_FIELDS)
    if before == after or (before is None and status == TaxStatus.ACTIVE):
        return None
    audit(actor=None, action="enterprises.business_status.changed", obj=enterprise, before=before, after=after)
    if (before or {}).get("inactive_from") != after["inactive_from"]:  # the ledger recounts the lines
        certifications_changed_send(sender=BusinessStatus, business_nos={enterprise.business_no})
    if status == TaxStatus.ACTIVE:
        return "reopened"
    what = record.get_status_display()
    if closed_on:
        what += f" (폐업일 {closed_on:%Y.%m.%d})"
    for staff in _staff():
        notify(
            recipient=staff,
            title=f"[{enterprise.name}] 국세청 사업자 상태: {what}",
            body=(
                "국세청 사업자등록 상태조회 결과입니다. 구매 기업 선택 목록과 공개 목록에서 빠졌고, "
                + (
                    f"{record.inactive_from:%Y.%m.%d} 이후 구매는 사회적경제 실적으로 세지 않습니다. "
                    if record.inactive_from
                    else ""
                )
                + "확인 후 잘못된 자료이면 ‘계속 거래’로 확인해 주세요."
            ),
            link=reverse("enterprises:business_status_list"),
        )
    return "flagged"


def check_all(*, client=None, today: datetime.date | None = None, enterprises=None) -> dict[str, int]:
    """Ask the tax service about every active enterprise (100 numbers a request) and keep the answers."""
    from procure.enterprises.odcloud import Client

    client = client or Client()
    today = today or timezone.localdate()
    by_number = {
        e.business_no: e
        for e in (enterprises if enterprises is not None else Enterprise.objects.filter(is_active=True))
    }
    numbers = sorted(by_number)
    answers = client.business_statuses(numbers)
    counts = {"checked": len(numbers), "answered": 0, "flagged": 0, "reopened": 0, "not_answered": 0}
    answered = set()
    now = timezone.now()
    for item in answers:
        number = str(item.get("b_no") or "").replace("-", "").strip()
        enterprise = by_number.get(number)
        if enterprise is None or number in answered:
            continue
        answered.add(number)
        counts["answered"] += 1
        change = record_status(enterprise=enterprise, item=item, today=today, now=now)
        if change:
            counts[change] += 1
    counts["not_answered"] = len(numbers) - len(answered)
    counts["calls"] = client.calls
    return counts


@transaction.atomic
def clear_flag(*, actor, record: BusinessStatus, reason: str) -> BusinessStatus:
    """The center has looked: the enterprise goes on as before (pickers, lists, figures) until the status changes."""
    reason = reason.strip()
    if not reason:
        raise ValueError("확인 사유를 적어 주세요.")
    record = BusinessStatus.objects.select_for_update().get(pk=record.pk)
    before = snapshot(record, STATUS_FIELDS)
    had_inactive = record.inactive_from is not None
    record.inactive_from = None
    record.cleared_by = actor
    record.cleared_at = timezone.now()
    record.clear_reason = reason[:500]
    record.save()
    audit(
        actor=actor,
        action="enterprises.business_status.cleared",
        obj=record.enterprise,
        before=before,
        after=snapshot(record, STATUS_FIELDS),
    )
    if had_inactive:
        certifications_changed_send(sender=BusinessStatus, business_nos={record.enterprise.business_no})
    return record
