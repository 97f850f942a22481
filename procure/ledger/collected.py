"""Lines collected from public sources (나라장터 계약, 종합쇼핑몰 납품요구; procure/g2b) into the ledger.

The same record as every other source: the lines are keyed (keys.py), classified (supplier types on the contract
date, exclusions), reconciled with the platform's own contracts (reconcile.py — a platform contract also
published by 나라장터 counts once) and counted by signed roll-up deltas (services.rollups_add), and the writes are
audited. What differs is the identity: a collected line is known by its source's own number (통합계약번호 and the
joint-contract member; 납품요구번호 and 품목순번), so collecting it again updates it rather than adding a line, and
a source revision older than the one stored (a 변경차수 below the one already collected) never overwrites it.

A counted line is never deleted and never left counted once its source withdraws it: a 납품요구 품목 cancelled
in a later 변경차수 (its amount 0), a 나라장터 contract in the source's deletion history (삭제이력,
`collected_withdraw`), and a joint-contract member missing from a later revision of its contract (공동도급 구성원
변경) are each reversed by a reversal line (writer.line_reverse) that says why, when and from which answer; the
original line stays.
"""

import datetime
from typing import NamedTuple

from django.db import transaction

from procure.core.services import audit
from procure.institutions.models import Institution
from procure.ledger import keys
from procure.ledger.models import COUNTED_STATUSES, Exclusion, MatchStatus, PurchaseRecord, PurchaseSource
from procure.ledger.reconcile import Reconciler
from procure.ledger.rules import MAX_AMOUNT
from procure.ledger.services import LedgerClassifier, rollups_add
from procure.ledger.writer import count_change, line_reverse, reversible_amount

COLLECTED_SOURCES = (PurchaseSource.G2B, PurchaseSource.MALL)
# What a later collection may change on a line with the same source number.
CHANGEABLE = ("department_id", "contract_date", "title", "kind", "method", "amount", "supplier_name")


class CollectedLine(NamedTuple):
    source: str  # PurchaseSource.G2B or .MALL
    ref: str  # the source's number: 통합계약번호, or 납품요구번호-품목순번
    member: str  # which line of that number: the joint-contract member's 사업자등록번호 ("" for one line)
    revision: str  # sortable: a later change of the source's record compares greater
    institution_id: int
    department_id: int | None
    day: datetime.date
    title: str
    kind: str
    method: str
    amount: int
    supplier: str
    business_no: str
    # The source reports the line cancelled (a 납품요구 품목 whose amount a later 변경차수 set to 0): a line already
    # collected is reversed, none is created.
    cancelled: bool = False


def collected_identity(source: str, ref: str, member: str) -> int:
    return keys.identity(f"collected\x1f{source}\x1f{ref}\x1f{member}", 0)


class CollectedCounts(NamedTuple):
    created: int
    updated: int
    unchanged: int
    reversed: int = 0  # lines withdrawn by a reversal: cancelled, deleted at the source, or a dropped member


def lines_of_refs(source: str, refs) -> list[PurchaseRecord]:
    """The collected lines (never the reversals) of these source numbers, with their reversals."""
    refs = sorted({ref[:40] for ref in refs if ref})
    found: list[PurchaseRecord] = []
    for start in range(0, len(refs), 500):
        found.extend(
            PurchaseRecord.objects.filter(source=source, source_ref__in=refs[start : start + 500], reversal_of=None)
            .exclude(source_ref="")  # the partial index's condition, so that SQLite uses it
            .prefetch_related("reversals")
        )
    return found


def _withdraw(*, actor, record: PurchaseRecord, reason: str) -> bool:
    """Reverse what is left of a collected line (False when nothing is: withdrawn already)."""
    if reversible_amount(record) <= 0:
        return False
    line_reverse(actor=actor, record=record, reason=reason[:480])
    return True


@transaction.atomic
def collected_write(*, actor, lines: list[CollectedLine], origin: dict) -> CollectedCounts:
    """Write collected lines (validated by the collector): new ones created, changed ones updated, the rest left.

    `origin` says where they came from (source, day, file) for the audit."""
    if not lines:
        return CollectedCounts(0, 0, 0)
    for line in lines:
        if line.source not in COLLECTED_SOURCES:
            raise ValueError(f"not a collected source: {line.source}")
        if line.cancelled:
            continue
        if isinstance(line.amount, bool) or not 0 < line.amount <= MAX_AMOUNT:
            raise ValueError(f"amount out of bounds: {line.amount}")
    institution_ids = sorted({line.institution_id for line in lines})
    # A contract is known whole by its latest revision in the answer: the lines of that revision (every joint member
    # it lists), the same line twice the later one. A member only an older revision lists is no line of it.
    latest: dict[tuple[str, str], str] = {}
    for line in lines:
        key = (line.source, line.ref[:40])
        latest[key] = max(latest.get(key, ""), line.revision)
    by_identity: dict[int, CollectedLine] = {}
    for line in lines:
        if line.revision == latest[(line.source, line.ref[:40])]:
            by_identity[collected_identity(line.source, line.ref, line.member)] = line
    stored: list[PurchaseRecord] = []
    for source in {line.source for line in lines}:
        stored.extend(lines_of_refs(source, {ref for s, ref in latest if s == source}))
    institution_ids = sorted(set(institution_ids) | {record.institution_id for record in stored})
    list(Institution.objects.select_for_update().filter(pk__in=institution_ids).values_list("pk", flat=True))
    existing = {record.identity: record for record in stored}
    reversed_count = 0
    # Lines the latest revision of their contract no longer lists (a joint-contract member dropped, a supplier
    # replaced): reversed, unless the answer is older than what was collected.
    for record in stored:
        if record.identity in by_identity:
            continue
        revision = latest[(record.source, record.source_ref)]
        if revision < record.source_revision:
            continue
        if _withdraw(
            actor=actor,
            record=record,
            reason=f"나라장터 계약 {record.source_ref} 변경(변경일시 {_stamp(revision)})으로 업체 목록에서 빠짐 "
            f"(공동도급 구성원 변경)",
        ):
            reversed_count += 1
    classifier = LedgerClassifier(
        exclusions=list(Exclusion.objects.all()), business_nos={line.business_no for line in by_identity.values()}
    )
    reconcilers: dict[str, Reconciler] = {}  # per source: compared with the platform and the institution's ledger
    changes: dict = {}
    created, updated, unchanged = [], 0, 0
    for identity, line in by_identity.items():
        record = existing.get(identity)
        if line.cancelled:
            if record is not None and line.revision >= record.source_revision:
                what = "종합쇼핑몰 납품요구" if line.source == PurchaseSource.MALL else "나라장터 계약"
                if _withdraw(
                    actor=actor,
                    record=record,
                    reason=f"{what} {line.ref} 취소 (출처 변경차수 {int(line.revision or 0)}에서 금액 0원)",
                ):
                    reversed_count += 1
                    PurchaseRecord.objects.filter(pk=record.pk).update(source_revision=line.revision[:20])
                    continue
            unchanged += 1
            continue
        if record is not None and reversible_amount(record) <= 0:
            # Withdrawn before (cancelled, deleted, dropped): a later answer listing it again does not count it
            # silently; it stays withdrawn until an officer records it again (docs/formats.md). Said once per revision.
            if line.revision > record.source_revision:
                PurchaseRecord.objects.filter(pk=record.pk).update(source_revision=line.revision[:20])
                audit(
                    actor=actor,
                    action="ledger.purchase.collected_reappeared",
                    obj=record,
                    after={"revision": line.revision, "amount": line.amount} | origin,
                )
            unchanged += 1
            continue
        values = {
            "institution_id": line.institution_id,
            "department_id": line.department_id,
            "contract_date": line.day,
            "title": line.title[:300],
            "kind": line.kind,
            "method": line.method,
            "amount": line.amount,
            "supplier_name": line.supplier[:200],
            "supplier_business_no": line.business_no,
            "held_types": classifier.held_types(line.business_no, line.day),
            "exclusion_id": classifier.exclusion_id(line.title[:300], line.day, None, line.business_no),
            "source_revision": line.revision[:20],
        }
        if record is None:
            status: str = MatchStatus.NONE
            match_of = None
            if line.source not in reconcilers:
                reconcilers[line.source] = Reconciler(institution_ids=set(institution_ids), source=line.source)
            reconciler = reconcilers[line.source]
            if reconciler:
                status, match_of = reconciler.decide(
                    line.institution_id, line.department_id, line.business_no, line.amount, line.day
                )
            record = PurchaseRecord(
                **values,
                source=line.source,
                source_ref=line.ref[:40],
                identity=identity,
                match_status=status,
                match_of_id=match_of,
            )
            if record.match_status in COUNTED_STATUSES:
                count_change(changes, record, 1)
            created.append(record)
            continue
        if line.revision < record.source_revision or all(
            getattr(record, name) == value for name, value in values.items()
        ):
            unchanged += 1
            continue
        before = {name: _plain(getattr(record, name)) for name in values}
        counted = record.match_status in COUNTED_STATUSES
        if counted:
            count_change(changes, record, -1)
        for name, value in values.items():
            setattr(record, name, value)
        if counted:
            count_change(changes, record, 1)
        record.save(update_fields=[name.removesuffix("_id") if name.endswith("_id") else name for name in values])
        # Reversals recorded against the line follow its unit, date and kind, so that they net where it counts.
        for reversal in record.reversals.all():
            if reversal.match_status in COUNTED_STATUSES:
                count_change(changes, reversal, -1)
            for name in ("department_id", "contract_date", "kind", "held_types", "exclusion_id"):
                setattr(reversal, name, getattr(record, name))
            reversal.save(update_fields=["department", "contract_date", "kind", "held_types", "exclusion"])
            if reversal.match_status in COUNTED_STATUSES:
                count_change(changes, reversal, 1)
        audit(
            actor=actor,
            action="ledger.purchase.collected_changed",
            obj=record,
            before=before,
            after={name: _plain(value) for name, value in values.items()} | origin,
        )
        updated += 1
    PurchaseRecord.objects.bulk_create(created, batch_size=2000)
    rollups_add(changes)
    if created or updated or reversed_count:
        audit(
            actor=actor,
            action="ledger.collected.applied",
            after={
                **origin,
                "created": len(created),
                "updated": updated,
                "unchanged": unchanged,
                "reversed": reversed_count,
                "refs": sorted({record.source_ref for record in created})[:200],
            },
        )
    return CollectedCounts(len(created), updated, unchanged, reversed_count)


@transaction.atomic
def collected_withdraw(*, actor, source: str, deleted: dict[str, str], origin: dict) -> int:
    """Reverse every line of the source numbers the source reports deleted (나라장터 삭제이력: 통합계약번호 → 삭제일시).

    Numbers that are not in the ledger are skipped; lines already withdrawn stay as they are. Returns how many lines
    were reversed."""
    if source not in COLLECTED_SOURCES:
        raise ValueError(f"not a collected source: {source}")
    records = lines_of_refs(source, deleted)
    if not records:
        return 0
    list(
        Institution.objects.select_for_update()
        .filter(pk__in=sorted({record.institution_id for record in records}))
        .values_list("pk", flat=True)
    )
    count = 0
    for record in records:
        when = deleted.get(record.source_ref, "")
        if _withdraw(
            actor=actor,
            record=record,
            reason=f"나라장터 계약 {record.source_ref} 삭제(취소·해지) — 나라장터 삭제이력 {when}".strip(),
        ):
            count += 1
    if count:
        audit(actor=actor, action="ledger.collected.withdrawn", after={**origin, "reversed": count})
    return count


def _stamp(revision: str) -> str:
    """A 나라장터 revision (변경일시 digits) as 2026-05-01 15:08:37; other revisions as they are."""
    if len(revision) == 14 and revision.isdigit():
        return f"{revision[:4]}-{revision[4:6]}-{revision[6:8]} {revision[8:10]}:{revision[10:12]}:{revision[12:]}"
    return revision


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value
