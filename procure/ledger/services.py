"""Writes to the ledger and its roll-ups: classification as of the contract date, undo, recounts."""

import contextlib
import datetime
from typing import TypeVar

from django.db import connection, transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from procure.core.errors import ServiceError
from procure.core.services import audit, snapshot
from procure.enterprises.selectors import CertificationCalendar
from procure.institutions.models import Department
from procure.institutions.services import DepartmentInUse, department_delete
from procure.ledger import keys
from procure.ledger.models import (
    COUNTED_STATUSES,
    CategoryRollup,
    Exclusion,
    LedgerBatch,
    LedgerState,
    PurchaseRecord,
    Rollup,
    canonical_types,
)
from procure.ledger.signals import batch_undo_refusals

EXCLUSION_FIELDS = ["name", "reason", "valid_from", "valid_to", "title_contains", "category", "supplier_business_no"]


class LedgerClassifier:
    """Classifies lines: the supplier's types held on the contract date, and the first matching exclusion."""

    def __init__(self, *, exclusions, business_nos=None):
        self.calendar = CertificationCalendar(business_nos)
        self.exclusions = exclusions

    def may_hold_types(self, business_no: str) -> bool:
        return self.calendar.has_periods(business_no)

    def held_types(self, business_no: str, day: datetime.date) -> str:
        return canonical_types(self.calendar.types_on(business_no, day))

    def exclusion_id(self, title, day, category_id, business_no):
        for exclusion in self.exclusions:
            if exclusion.matches(
                title=title, contract_date=day, category_id=category_id, supplier_business_no=business_no
            ):
                return exclusion.pk
        return None


def figures_version() -> int:
    state = LedgerState.objects.filter(pk=1).values_list("version", flat=True).first()
    return state or 0


def figures_changed() -> None:
    """Invalidate every cached figure (roll-ups, regimes or exclusions changed)."""
    if not LedgerState.objects.filter(pk=1).update(version=F("version") + 1):
        LedgerState.objects.get_or_create(pk=1, defaults={"version": 1})


def rollups_rebuild(*, pairs=None) -> None:
    """Recompute the roll-ups of the given (institution id, year) pairs, or of everything.

    INSERT … SELECT … GROUP BY inside the database: no ledger row travels to Python.
    """
    if pairs is None:
        Rollup.objects.all().delete()
        CategoryRollup.objects.all().delete()
        _rollup_insert("", [])
        figures_changed()
        return
    by_year: dict[int, set[int]] = {}
    for institution_id, year in pairs:
        by_year.setdefault(year, set()).add(institution_id)
    for year, institutions in by_year.items():
        Rollup.objects.filter(year=year, institution_id__in=institutions).delete()
        CategoryRollup.objects.filter(year=year, institution_id__in=institutions).delete()
        marks = ", ".join(["%s"] * len(institutions))
        _rollup_insert(
            f"WHERE contract_date >= %s AND contract_date <= %s AND institution_id IN ({marks})",
            [datetime.date(year, 1, 1), datetime.date(year, 12, 31), *sorted(institutions)],
        )
    if by_year:
        figures_changed()


_MONTHLY = ("year", "month", "institution_id", "department_id", "kind", "held_types", "exclusion_id")
_BY_CATEGORY = ("year", "institution_id", "department_id", "kind", "category_id", "held_types", "exclusion_id")
AnyRollup = TypeVar("AnyRollup", Rollup, CategoryRollup)


def _split_sums(sums: dict) -> tuple[dict[tuple, list[int]], dict[tuple, list[int]]]:
    """Line sums keyed (institution, department, year, month, kind, held types, exclusion, category) → the two
    roll-ups' keys (_MONTHLY, _BY_CATEGORY), each [won, lines]."""
    monthly: dict[tuple, list[int]] = {}
    by_category: dict[tuple, list[int]] = {}
    for (institution_id, department_id, year, month, kind, held, exclusion_id, category_id), (
        amount,
        count,
    ) in sums.items():
        for target, key in (
            (monthly, (year, month, institution_id, department_id, kind, held, exclusion_id)),
            (by_category, (year, institution_id, department_id, kind, category_id, held, exclusion_id)),
        ):
            entry = target.setdefault(key, [0, 0])
            entry[0] += amount
            entry[1] += count
    return monthly, by_category


def rollups_from_sums(sums: dict) -> None:
    """Write roll-ups summed while importing into an empty ledger (a GROUP BY over a million fresh lines
    would cost more than the import). `sums` maps (institution id, department id, year, month, kind,
    held types, exclusion id, category id) to [amount, count]; tests check the result equals a rebuild."""
    monthly, by_category = _split_sums(sums)
    pairs = {(key[2], key[0]) for key in monthly}
    for year in {year for _, year in pairs}:
        institutions = {institution for institution, y in pairs if y == year}
        Rollup.objects.filter(year=year, institution_id__in=institutions).delete()
        CategoryRollup.objects.filter(year=year, institution_id__in=institutions).delete()
    _rollups_write(Rollup, _MONTHLY, monthly)
    _rollups_write(CategoryRollup, _BY_CATEGORY, by_category)
    figures_changed()


def _rollups_write(model: type[AnyRollup], fields: tuple[str, ...], totals: dict) -> None:
    model.objects.bulk_create(
        (
            model(**dict(zip(fields, key, strict=True)), amount=amount, count=count)
            for key, (amount, count) in totals.items()
        ),
        batch_size=2000,
    )


def rollups_add(changes: dict) -> None:
    """Add signed sums to the roll-ups — an import into a filled ledger costs O(the file), not O(the year).

    `changes` maps the keys of `rollups_from_sums` to [won, lines], negative for a line's old values when an
    import changed it. Only the roll-up rows of the (institution, year) pairs touched are read; rows that reach
    zero lines are deleted. Tests check the result equals a rebuild."""
    if not changes:
        return
    monthly, by_category = _split_sums(changes)
    by_year: dict[int, set[int]] = {}
    for key in monthly:
        by_year.setdefault(key[0], set()).add(key[2])
    # Both tables are checked before either is written: lines the roll-ups never held mean a recount instead.
    if _rollups_add_to(Rollup, _MONTHLY, monthly, by_year) and _rollups_add_to(
        CategoryRollup, _BY_CATEGORY, by_category, by_year
    ):
        figures_changed()
        return
    rollups_rebuild(pairs={(i, y) for y, institutions in by_year.items() for i in institutions})


def _rollups_add_to(
    model: type[AnyRollup], fields: tuple[str, ...], totals: dict, by_year: dict[int, set[int]]
) -> bool:
    """Adds `totals` to one roll-up table; False (nothing written) when it lacks rows the changes take from."""
    stored: dict[tuple, AnyRollup] = {}
    for year, institutions in by_year.items():
        for row in model.objects.filter(year=year, institution_id__in=institutions):
            stored[tuple(getattr(row, field) for field in fields)] = row
    changed: list[AnyRollup] = []
    created: list[AnyRollup] = []
    emptied: list[AnyRollup] = []
    for key, (amount, count) in totals.items():
        if not amount and not count:
            continue
        found = stored.get(key)
        if found is None and count <= 0:  # the stored roll-ups did not hold these lines: recount those pairs
            return False
        if found is None:
            created.append(model(**dict(zip(fields, key, strict=True)), amount=amount, count=count))
            continue
        found.amount += amount
        found.count += count
        (emptied if found.count <= 0 and not found.amount else changed).append(found)
    model.objects.bulk_create(created, batch_size=2000)
    model.objects.bulk_update(changed, ["amount", "count"], batch_size=2000)
    model.objects.filter(pk__in=[row.pk for row in emptied]).delete()
    return True


def _rollup_insert(where: str, params: list) -> None:
    if connection.vendor == "postgresql":
        year, month = "EXTRACT(YEAR FROM contract_date)::int", "EXTRACT(MONTH FROM contract_date)::int"
    else:
        year = "CAST(strftime('%%Y', contract_date) AS INTEGER)"
        month = "CAST(strftime('%%m', contract_date) AS INTEGER)"
    ledger = PurchaseRecord._meta.db_table
    # Only counted lines (copies of platform contracts are held out); a reversal adds its signed amount and its
    # line_count (-1 for a whole one), so a withdrawn contract nets to nothing in its own roll-up row.
    counted = "match_status IN ({})".format(", ".join(f"'{status}'" for status in COUNTED_STATUSES))
    where = f"{where} AND {counted}" if where else f"WHERE {counted}"
    monthly = "institution_id, department_id, kind, held_types, exclusion_id"
    by_category = "institution_id, department_id, kind, category_id, held_types, exclusion_id"
    with connection.cursor() as cursor:
        cursor.execute(  # noqa: S608 — table and column names are ours, values are parameters
            f"INSERT INTO {Rollup._meta.db_table} (year, month, {monthly}, amount, count) "  # noqa: S608
            f"SELECT {year}, {month}, {monthly}, SUM(amount), SUM(line_count) FROM {ledger} {where} "
            f"GROUP BY {year}, {month}, {monthly} HAVING SUM(line_count) > 0 OR SUM(amount) <> 0",
            params,
        )
        cursor.execute(  # noqa: S608 — table and column names are ours, values are parameters
            f"INSERT INTO {CategoryRollup._meta.db_table} (year, {by_category}, amount, count) "  # noqa: S608
            f"SELECT {year}, {by_category}, SUM(amount), SUM(line_count) FROM {ledger} {where} "
            f"GROUP BY {year}, {by_category} HAVING SUM(line_count) > 0 OR SUM(amount) <> 0",
            params,
        )


@transaction.atomic
def purchases_reclassify(*, business_nos) -> int:
    """After a certification change: recompute the affected suppliers' lines and their roll-ups."""
    business_nos = set(business_nos)
    if not business_nos:
        return 0
    classifier = LedgerClassifier(exclusions=[], business_nos=business_nos)
    changed, pairs = [], set()
    for record in PurchaseRecord.objects.filter(supplier_business_no__in=business_nos).only(
        "pk", "supplier_business_no", "contract_date", "held_types", "institution_id"
    ):
        held = classifier.held_types(record.supplier_business_no, record.contract_date)
        if held != record.held_types:
            record.held_types = held
            changed.append(record)
            pairs.add((record.institution_id, record.contract_date.year))
    PurchaseRecord.objects.bulk_update(changed, ["held_types"], batch_size=2000)
    rollups_rebuild(pairs=pairs)
    return len(changed)


@transaction.atomic
def exclusion_save(*, actor, exclusion: Exclusion, **fields) -> Exclusion:
    """Create or change an exclusion rule; every line's exclusion and every roll-up follow at once."""
    before = snapshot(Exclusion.objects.get(pk=exclusion.pk), EXCLUSION_FIELDS) if exclusion.pk else None
    for name, value in fields.items():
        setattr(exclusion, name, value)
    exclusion.full_clean()
    exclusion.save()
    after = snapshot(exclusion, EXCLUSION_FIELDS)
    if before != after:
        audit(
            actor=actor,
            action="ledger.exclusion.changed" if before else "ledger.exclusion.created",
            obj=exclusion,
            before=before,
            after=after,
        )
        exclusions_reapply(actor=actor)
    return exclusion


@transaction.atomic
def exclusion_delete(*, actor, exclusion: Exclusion) -> None:
    """Remove a rule: the lines it excluded count again (or fall to the next matching rule)."""
    before = snapshot(exclusion, EXCLUSION_FIELDS)
    PurchaseRecord.objects.filter(exclusion=exclusion).update(exclusion=None)
    # Roll-ups protect their exclusion (figures never vanish silently): they are rebuilt right after.
    Rollup.objects.filter(exclusion=exclusion).delete()
    CategoryRollup.objects.filter(exclusion=exclusion).delete()
    audit(actor=actor, action="ledger.exclusion.deleted", obj=exclusion, before=before)
    exclusion.delete()
    exclusions_reapply(actor=actor)


@transaction.atomic
def exclusions_reapply(*, actor=None) -> None:
    """After exclusions change: re-derive every line's exclusion and every roll-up."""
    PurchaseRecord.objects.exclude(exclusion=None).update(exclusion=None)
    for exclusion in reversed(list(Exclusion.objects.order_by("pk"))):  # the first rule wins
        lines = PurchaseRecord.objects.all()
        if not (exclusion.title_contains or exclusion.category_id or exclusion.supplier_business_no):
            continue
        if exclusion.valid_from:
            lines = lines.filter(contract_date__gte=exclusion.valid_from)
        if exclusion.valid_to:
            lines = lines.filter(contract_date__lte=exclusion.valid_to)
        if exclusion.title_contains:
            lines = lines.filter(title__contains=exclusion.title_contains)
        if exclusion.category_id:
            lines = lines.filter(category_id=exclusion.category_id)
        if exclusion.supplier_business_no:
            lines = lines.filter(supplier_business_no=exclusion.supplier_business_no)
        lines.update(exclusion=exclusion)
    rollups_rebuild()
    audit(actor=actor, action="ledger.exclusions.reapplied")


def _empty_ledger() -> None:
    """Delete every line. PostgreSQL truncates; SQLite (which checks foreign keys line by line) drops the
    indexes first, so no index is updated a million times, and builds them again on the empty table."""
    from procure.ledger.bulk import SecondaryStructures

    table = PurchaseRecord._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {table}")
            return
        structures = SecondaryStructures(table)
        structures.drop()
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        structures.rebuild()


class BatchAlreadyUndone(ServiceError):
    pass


class BatchUndoRefused(ServiceError):
    """An undo the rules do not allow (no reason, a closed year); the message is Korean."""


@transaction.atomic
def batch_undo(*, actor, batch: LedgerBatch, reason: str) -> None:
    """Take a whole import back — the rule a public body can defend (docs/architecture.md "The record"):

    - Always with a reason; who, when and why are audited (`ledger.batch.undone`) and kept on the batch's lines.
    - Refused (BatchUndoRefused, a Korean message) once a year its lines count in is closed: a closed year's figures
      are final (확정, performance asks through ledger.signals.batch_undo_checked); such a file is corrected line by
      line (환수·해제) or after the district reopens the year, with its own reason.
    - Otherwise each line the batch created is withdrawn by a reversal line (negative, the reason in its note, who
      in entered_by, when in created_at) and the original stays, re-keyed out of the way (identity "withdrawn") so
      that a corrected file imports afresh — re-import stays idempotent. Lines the batch changed get their values
      from before it back, as the import recorded them (`previous_values`); their exclusion is the one the current
      rules give the restored values — the recorded one, unless a rule changed since (then every line was re-derived).
    - Refused (BatchUndoRefused) when a 환수·해제 was recorded after the batch on a line it created or changed: the
      undo would withdraw or restore around a correction made against the file's figures (withdrawing what is left
      and re-importing would bring the line back whole, the 환수 lost). The officer sees those corrections first and
      corrects the file's lines one by one. A line changed by the batch whose reversals all predate it is restored.
    - One exception, deletion: a first load (the batch is the whole ledger, so nothing else — no other file, no
      platform contract, no collected line, no correction — was recorded against it) is emptied at once, as fast as
      it came in (`_empty_ledger`). Withdrawing a million lines line by line would double the table to say only
      that the set-up was wrong; the audit keeps the file's name, hash, line count, who, when and why.
    """
    reason = (reason or "").strip()
    if not reason:
        raise BatchUndoRefused("되돌리는 사유를 적어 주세요.")
    batch = LedgerBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.undone_at:
        raise BatchAlreadyUndone
    created = PurchaseRecord.objects.filter(batch=batch, reversal_of=None)
    changed = {
        record.pk: record
        for record in PurchaseRecord.objects.filter(pk__in=[int(pk) for pk in batch.previous_values]).prefetch_related(
            "reversals"
        )
    }
    years = {day.year for day in created.dates("contract_date", "year")}
    years |= {record.contract_date.year for record in changed.values()}
    refusals = batch_undo_refusals(sender=LedgerBatch, years=years)
    if refusals:
        raise BatchUndoRefused(" ".join(refusals))
    _refuse_if_corrected_since(batch, changed)
    withdrawn, deleted, kept = 0, 0, []
    if PurchaseRecord.objects.exclude(batch=batch).exists():
        pairs = {(i, day.year) for i, day in created.values_list("institution_id", "contract_date").distinct()}
        classifier = LedgerClassifier(exclusions=list(Exclusion.objects.order_by("pk")))
        for pk, previous in batch.previous_values.items():
            record = changed.get(int(pk))
            if record is None:
                kept.append(int(pk))
                continue
            values = {name: previous[name] for name in _RESTORED if name in previous}
            values["exclusion_id"] = classifier.exclusion_id(
                record.title, record.contract_date, values.get("category_id"), record.supplier_business_no
            )
            # Its reversals (all recorded before the batch) carry the line's category and exclusion: they follow.
            PurchaseRecord.objects.filter(pk=record.pk).update(**values)
            PurchaseRecord.objects.filter(reversal_of=record).update(
                category_id=values.get("category_id", record.category_id), exclusion_id=values["exclusion_id"]
            )
            pairs.add((record.institution_id, record.contract_date.year))
        withdrawn = _batch_withdraw(actor=actor, batch=batch, reason=reason)
    else:  # the batch is the whole ledger (a first load): empty it at once, and every roll-up with it
        deleted = created.count()
        _empty_ledger()
        pairs = None
    batch.undone_at = timezone.now()
    batch.undone_by = actor if getattr(actor, "is_authenticated", False) else None
    batch.undo_reason = reason[:500]
    batch.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    rollups_rebuild(pairs=pairs)
    # Departments the batch created on purpose go with it, unless something else uses them by now (a withdrawn line
    # still names its department: then it stays).
    for department in Department.objects.filter(pk__in=batch.created_departments):
        with contextlib.suppress(DepartmentInUse):
            department_delete(actor=actor, department=department)
    audit(
        actor=actor,
        action="ledger.batch.undone",
        obj=batch,
        before={"created": batch.created, "updated": batch.updated},
        after={
            "reason": reason,
            "withdrawn": withdrawn,
            "deleted": deleted,
            "restored": len(batch.previous_values) - len(kept),
            "not_restored": kept[:200],
            "file": batch.filename,
            "sha256": batch.sha256,
        },
    )


# What an undo puts back on a line the batch changed (the import's _CHANGEABLE); the exclusion is re-derived.
_RESTORED = ("amount", "method", "supplier_name", "category_id")


def _refuse_if_corrected_since(batch: LedgerBatch, changed: dict[int, PurchaseRecord]) -> None:
    """BatchUndoRefused, in Korean, if a 환수·해제 was recorded on the batch's figures: on a line it created (any
    reversal: an undo's own are only written after this check) or, after the batch, on a line it changed."""
    corrected = [
        (record.title, record.contract_date)
        for record in PurchaseRecord.objects.filter(batch=batch, reversal_of=None, reversals__isnull=False)
        .distinct()
        .order_by("pk")
    ]
    for pk in sorted(changed):
        record = changed[pk]
        reversals = record.reversals.all()
        previous = batch.previous_values.get(str(pk), {})
        restored = previous.get("amount", record.amount)
        if any(r.created_at >= batch.imported_at for r in reversals) or restored + sum(r.amount for r in reversals) < 0:
            corrected.append((record.title, record.contract_date))
    if not corrected:
        return
    named = ", ".join(f"‘{title}’({day:%Y.%m.%d})" for title, day in corrected[:3])
    more = f" 외 {len(corrected) - 3}건" if len(corrected) > 3 else ""
    raise BatchUndoRefused(
        f"이 파일이 등록하거나 바꾼 계약에 그 뒤 환수·해제가 기록되어 있어 파일 전체를 되돌릴 수 없습니다: "
        f"{named}{more}. 되돌리면 그 환수·해제가 빠지거나 엉뚱한 금액에 걸립니다. 그 정정을 먼저 확인하고, "
        "파일의 줄은 한 줄씩 환수·해제로 바로잡아 주세요."
    )


WITHDRAWN_CHUNK = 5000


def _batch_withdraw(*, actor, batch: LedgerBatch, reason: str) -> int:
    """A reversal line for what is left of every line the batch created, chunk by chunk (no batch is held in
    memory whole); the originals are re-keyed so that the same file, corrected or not, imports again."""
    entered_by = actor.pk if getattr(actor, "is_authenticated", False) else None
    note = f"가져오기 되돌림: {reason} (파일 ‘{batch.filename}’)"[:500]
    fields = (
        "pk",
        "institution_id",
        "department_id",
        "contract_date",
        "title",
        "kind",
        "method",
        "amount",
        "supplier_name",
        "supplier_business_no",
        "category_id",
        "source",
        "held_types",
        "exclusion_id",
        "match_status",
        "match_of_id",
    )
    table = PurchaseRecord._meta.db_table
    count, after = 0, 0
    while True:
        rows = list(
            PurchaseRecord.objects.filter(batch=batch, reversal_of=None, pk__gt=after)
            .order_by("pk")
            .annotate(reversed_won=Coalesce(Sum("reversals__amount"), 0), reversal_count=Count("reversals"))
            .values_list(*fields, "reversed_won", "reversal_count", named=True)[:WITHDRAWN_CHUNK]
        )
        if not rows:
            return count
        after = rows[-1].pk
        reversals = []
        for row in rows:
            remaining = row.amount + row.reversed_won
            if remaining <= 0:
                continue
            reversals.append(
                PurchaseRecord(
                    **{name: getattr(row, name) for name in fields if name not in ("pk", "amount")},
                    amount=-remaining,
                    identity=keys.reversal_identity(row.pk, row.reversal_count + 1),
                    reversal_of_id=row.pk,
                    line_count=-1,
                    note=note,
                    entered_by_id=entered_by,
                )
            )
        PurchaseRecord.objects.bulk_create(reversals, batch_size=2000)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET identity = %s WHERE id = %s",  # noqa: S608 — our table name, values are parameters
                [(keys.identity(f"withdrawn\x1f{row.pk}", 0), row.pk) for row in rows],
            )
        count += len(reversals)
