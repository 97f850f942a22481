"""The one door into the ledger for single lines: a purchase typed in, a paid platform contract, a reversal, an
officer's decision on a possible copy. Files and API pushes go through the importer (imports.py), which keys
and reconciles its lines with the same functions (keys.py, reconcile.py). Every path adds signed roll-up deltas
(services.rollups_add) — never a rebuild of the year — and writes an audit event.

No path deletes a counted line: a correction is a reversal, a line of its own with a negative amount that
points at the line it corrects, dated by that line's contract date so that it nets in the same month and unit
of the figures; who, when and why are on it and in the audit (docs/architecture.md "The record").
"""

import datetime

from django.db import transaction

from procure.core.errors import ServiceError
from procure.core.services import audit
from procure.institutions.models import Institution
from procure.ledger import keys
from procure.ledger.models import (
    COUNTED_STATUSES,
    Exclusion,
    MatchStatus,
    PurchaseRecord,
    PurchaseSource,
)
from procure.ledger.reconcile import Reconciler, copies_of
from procure.ledger.rules import MAX_AMOUNT, Line
from procure.ledger.services import LedgerClassifier, rollups_add


class LedgerError(ServiceError):
    """A write the ledger's rules do not allow; the message is Korean."""


class DuplicatePurchase(LedgerError):
    """The ledger already has this contract (same unit, date, title, kind and supplier)."""

    def __init__(self):
        super().__init__("같은 계약(기관·부서·계약일자·계약명·구분·업체)이 이미 원장에 있습니다.")


def line_values(record: PurchaseRecord) -> dict:
    """A line as the audit keeps it."""
    return {
        "institution": record.institution_id,
        "department": record.department_id,
        "contract_date": record.contract_date.isoformat(),
        "title": record.title,
        "kind": record.kind,
        "method": record.method,
        "amount": record.amount,
        "supplier_name": record.supplier_name,
        "supplier_business_no": record.supplier_business_no,
        "category": record.category_id,
        "held_types": record.held_types,
        "source": record.source,
        "match_status": record.match_status,
        "match_of": record.match_of_id,
        "reversal_of": record.reversal_of_id,
        "note": record.note,
    }


def count_change(changes: dict, record: PurchaseRecord, sign: int) -> None:
    """Add (sign 1) or take away (-1) a line in the signed roll-up changes that services.rollups_add writes."""
    day = record.contract_date
    key = (
        record.institution_id,
        record.department_id,
        day.year,
        day.month,
        record.kind,
        record.held_types,
        record.exclusion_id,
        record.category_id,
    )
    entry = changes.setdefault(key, [0, 0])
    entry[0] += sign * record.amount
    entry[1] += sign * record.line_count


def _lock_institution(institution_id: int) -> None:
    """Ledger writes of one institution one at a time: roll-up deltas are read, added and written."""
    Institution.objects.select_for_update().filter(pk=institution_id).exists()


def _check_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_AMOUNT:
        raise LedgerError("계약금액은 0원보다 크고 100조 원 이하여야 합니다.")


@transaction.atomic
def line_write(*, actor, institution, department, line: Line, source: str = PurchaseSource.MANUAL) -> PurchaseRecord:
    """One line into the ledger (`line` already validated by rules.LineRules, as a file's lines are).

    Its identity is the one an import of the same contract computes (keys.py, on the unit's ids). A line that is
    not the platform's own is reconciled with the platform's contracts (reconcile.py): a sure copy is kept but not
    counted, an unsure one is held "확인 필요". A paid platform contract is reconciled the other way: a line of
    the institution's own ledger imported before it, that is a copy of it, stops counting."""
    _check_amount(line.amount)
    _lock_institution(institution.pk)
    department_id = department.pk if department else None
    text = keys.key_text(institution.pk, department_id, line.day.isoformat(), line.title, line.kind, line.business_no)
    identity = keys.identity(text, 0)
    if PurchaseRecord.objects.filter(identity=identity).exists():
        raise DuplicatePurchase
    classifier = LedgerClassifier(exclusions=list(Exclusion.objects.all()), business_nos={line.business_no})
    status: str = MatchStatus.NONE
    match_of = None
    if source != PurchaseSource.PLATFORM:
        reconciler = Reconciler(institution_ids={institution.pk}, source=source)
        status, match_of = reconciler.decide(institution.pk, department_id, line.business_no, line.amount, line.day)
    record = PurchaseRecord.objects.create(
        institution=institution,
        department=department,
        contract_date=line.day,
        title=line.title,
        kind=line.kind,
        method=line.method,
        amount=line.amount,
        supplier_name=line.supplier,
        supplier_business_no=line.business_no,
        category_id=line.category_id,
        source=PurchaseSource(source),
        identity=identity,
        held_types=classifier.held_types(line.business_no, line.day),
        exclusion_id=classifier.exclusion_id(line.title, line.day, line.category_id, line.business_no),
        match_status=status,
        match_of_id=match_of,
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    changes: dict = {}
    if record.match_status in COUNTED_STATUSES:
        count_change(changes, record, 1)
    audit(actor=actor, action="ledger.purchase.created", obj=record, after=line_values(record))
    if source == PurchaseSource.PLATFORM:
        for copy, copy_status in copies_of(record):
            before = line_values(copy)
            PurchaseRecord.objects.filter(pk=copy.pk).update(match_status=copy_status, match_of=record)
            for line_or_reversal in [copy, *copy.reversals.all()]:
                count_change(changes, line_or_reversal, -1)
            copy.match_status, copy.match_of_id = copy_status, record.pk
            audit(actor=actor, action="ledger.purchase.matched", obj=copy, before=before, after=line_values(copy))
    rollups_add(changes)
    return record


def reversible_amount(record: PurchaseRecord) -> int:
    """What is left of a line after its reversals."""
    return record.amount + sum(r.amount for r in record.reversals.all())


@transaction.atomic
def line_reverse(
    *, actor, record: PurchaseRecord, reason: str, amount: int | None = None, day: datetime.date | None = None
) -> PurchaseRecord:
    """Withdraw a line, whole (`amount` None: 계약 해제, 취소) or in part (환수), by a reversal line.

    The reversal carries the line's unit, date, kind, supplier types and exclusion, so it nets in the same roll-up
    rows; its own `created_at` is when it was recorded, `note` why, `entered_by` who."""
    _lock_institution(record.institution_id)
    record = PurchaseRecord.objects.select_for_update().get(pk=record.pk)
    if record.reversal_of_id:
        raise LedgerError("환수·해제 줄은 다시 되돌릴 수 없습니다. 원래 계약 줄을 고르세요.")
    reason = reason.strip()
    if not reason:
        raise LedgerError("되돌리는 사유를 적어 주세요.")
    remaining = reversible_amount(record)
    if remaining <= 0:
        raise LedgerError("이미 전액 되돌린 계약입니다.")
    amount = remaining if amount is None else amount
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= remaining:
        raise LedgerError(f"되돌릴 금액은 1원부터 {remaining:,}원까지입니다.")
    number = record.reversals.count() + 1
    reversal = PurchaseRecord.objects.create(
        institution_id=record.institution_id,
        department_id=record.department_id,
        contract_date=record.contract_date,
        title=record.title,
        kind=record.kind,
        method=record.method,
        amount=-amount,
        supplier_name=record.supplier_name,
        supplier_business_no=record.supplier_business_no,
        category_id=record.category_id,
        source=record.source,  # by source, a channel's figures net out
        identity=keys.reversal_identity(record.pk, number),
        held_types=record.held_types,
        exclusion_id=record.exclusion_id,
        reversal_of=record,
        line_count=-1 if amount == remaining else 0,
        note=f"{reason} ({day:%Y.%m.%d})"[:500] if day else reason[:500],
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
        match_status=record.match_status,
        match_of_id=record.match_of_id,
    )
    changes: dict = {}
    if reversal.match_status in COUNTED_STATUSES:
        count_change(changes, reversal, 1)
    rollups_add(changes)
    audit(
        actor=actor,
        action="ledger.purchase.reversed",
        obj=record,
        before={"amount": remaining},
        after={"amount": remaining - amount, "reversal": reversal.pk, "reversed": amount, "reason": reason},
    )
    return reversal


@transaction.atomic
def line_match_decide(*, actor, record: PurchaseRecord, same: bool) -> PurchaseRecord:
    """An officer's decision on a line that may copy a platform contract: the same contract (held out of the
    figures for good) or another one (counted). Its reversals follow it."""
    _lock_institution(record.institution_id)
    record = PurchaseRecord.objects.select_for_update().get(pk=record.pk)
    if record.match_of_id is None or record.reversal_of_id:
        raise LedgerError("플랫폼 계약과 대조할 줄이 아닙니다.")
    before = line_values(record)
    target = MatchStatus.LINKED if same else MatchStatus.SEPARATED
    was_counted, now_counted = record.match_status in COUNTED_STATUSES, target in COUNTED_STATUSES
    lines = [record, *record.reversals.all()]
    PurchaseRecord.objects.filter(pk__in=[line.pk for line in lines]).update(match_status=target)
    changes: dict = {}
    if was_counted != now_counted:
        for line in lines:
            count_change(changes, line, 1 if now_counted else -1)
    rollups_add(changes)
    record.match_status = target
    audit(actor=actor, action="ledger.purchase.match_decided", obj=record, before=before, after=line_values(record))
    return record
