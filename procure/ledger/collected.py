"""Lines collected from public sources (나라장터 계약, 종합쇼핑몰 납품요구; procure/g2b) into the ledger.

The same record as every other source: the lines are keyed (keys.py), classified (supplier types on the contract
date, exclusions), reconciled with the platform's own contracts (reconcile.py — a platform contract also
published by 나라장터 counts once) and counted by signed roll-up deltas (services.rollups_add), and the writes are
audited. What differs is the identity: a collected line is known by its source's own number (통합계약번호 and the
joint-contract member; 납품요구번호 and 품목순번), so collecting it again updates it rather than adding a line, and
a source revision older than the one stored (a 변경차수 below the one already collected) never overwrites it.
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
from procure.ledger.writer import count_change

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


def collected_identity(source: str, ref: str, member: str) -> int:
    return keys.identity(f"collected\x1f{source}\x1f{ref}\x1f{member}", 0)


class CollectedCounts(NamedTuple):
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def collected_write(*, actor, lines: list[CollectedLine], origin: dict) -> CollectedCounts:
    """Write collected lines (validated by the collector): new ones created, changed ones updated, the rest left.

    `origin` says where they came from (source, day, file) for the audit."""
    if not lines:
        return CollectedCounts(0, 0, 0)
    for line in lines:
        if line.source not in COLLECTED_SOURCES:
            raise ValueError(f"not a collected source: {line.source}")
        if isinstance(line.amount, bool) or not 0 < line.amount <= MAX_AMOUNT:
            raise ValueError(f"amount out of bounds: {line.amount}")
    institution_ids = sorted({line.institution_id for line in lines})
    list(Institution.objects.select_for_update().filter(pk__in=institution_ids).values_list("pk", flat=True))
    by_identity: dict[int, CollectedLine] = {}
    for line in lines:  # the same line twice in one answer: the later revision wins
        identity = collected_identity(line.source, line.ref, line.member)
        kept = by_identity.get(identity)
        if kept is None or line.revision >= kept.revision:
            by_identity[identity] = line
    existing = {
        record.identity: record
        for record in PurchaseRecord.objects.filter(identity__in=list(by_identity)).prefetch_related("reversals")
    }
    classifier = LedgerClassifier(
        exclusions=list(Exclusion.objects.all()), business_nos={line.business_no for line in by_identity.values()}
    )
    reconcilers: dict[str, Reconciler] = {}  # per source: compared with the platform and the institution's ledger
    changes: dict = {}
    created, updated, unchanged = [], 0, 0
    for identity, line in by_identity.items():
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
        record = existing.get(identity)
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
    if created or updated:
        audit(
            actor=actor,
            action="ledger.collected.applied",
            after={
                **origin,
                "created": len(created),
                "updated": updated,
                "unchanged": unchanged,
                "refs": sorted({record.source_ref for record in created})[:200],
            },
        )
    return CollectedCounts(len(created), updated, unchanged)


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value
