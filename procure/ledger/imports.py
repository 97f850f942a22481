"""import_ledger (docs/formats.md §3): validated, streaming, all-or-nothing, idempotent — the importer's
state machine. What a valid cell is lives in rules.py, line identities in keys.py, the column lane's reader
in column_lane.py, bulk writing in bulk.py and the roll-up sums of a first load in rollups.py.

Rows are validated and written in chunks inside one transaction, so a million-row file needs memory for
one chunk, not the file; a bad row anywhere stops writing, every further row is still validated, and the
transaction is rolled back. A CSV file is first read in whole columns (the column lane); at the first value
that is not valid it is read again row by row (the row lane), which names every bad row. Both lanes apply
`LineRules` and write through `_write`, so they store the same lines (docs/architecture.md).
"""

import contextlib
import datetime
import io
import itertools
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from procure.core.imports import Importer, ImportResult
from procure.core.services import audit
from procure.core.tabular import RowErrors, Table, open_table
from procure.ledger import bulk, column_lane, keys
from procure.ledger.column_lane import Coded, Columns, NeedsRowByRow, objects
from procure.ledger.models import COUNTED_STATUSES, Exclusion, LedgerBatch, MatchStatus, PurchaseRecord, PurchaseSource
from procure.ledger.preview import ImportPreview
from procure.ledger.reconcile import Reconciler
from procure.ledger.rollups import RollupSums
from procure.ledger.rules import COLUMNS, Line, LineRules
from procure.ledger.services import LedgerClassifier, rollups_add
from procure.ledger.units import UnitResolver, UnknownDepartment

__all__ = ["COLUMNS", "INSERT_COLUMNS", "LINE_COLUMNS", "LedgerImporter", "Line", "LineRules"]

CHUNK = 10_000
# Per line, in column_lane.Columns order plus the derived fields; source, batch and time are the same for a batch.
LINE_COLUMNS = [
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
    "identity",
    "held_types",
    "exclusion_id",
]
INSERT_COLUMNS = [*LINE_COLUMNS, "source", "batch_id", "created_at"]


class StoredLine(NamedTuple):
    """One line as it is written (the fields of LINE_COLUMNS, in that order)."""

    institution_id: int
    department_id: int | None
    contract_date: str
    title: str
    kind: str
    method: str
    amount: int
    supplier_name: str
    supplier_business_no: str
    category_id: int | None
    identity: int
    held_types: str
    exclusion_id: int | None


assert list(StoredLine._fields) == LINE_COLUMNS


_CREATED, _UPDATED, _UNCHANGED = ord("c"), ord("u"), ord("=")


class LedgerImporter(Importer):
    kind = "ledger"
    label = "구매실적 원장"
    columns = COLUMNS

    def __init__(
        self,
        *,
        create_departments: bool = False,
        department_decisions: dict | None = None,
        institution=None,
        line_source: str = PurchaseSource.IMPORT,
    ):
        """`create_departments`: departments the institution does not have are created (the command's
        --create-departments); `department_decisions`: {units.decision_key: department id or "create"}, what
        staff chose in the web preview; `institution`: the only institution the lines may belong to (an API
        token's), checked after alias resolution; `line_source`: what the lines are stored as (import, api)."""
        self.create_departments = create_departments
        self.department_decisions = department_decisions or {}
        self.only_institution = institution
        self.line_source = PurchaseSource(line_source)

    def process(
        self, table: Table, errors: RowErrors, result: ImportResult, *, actor, source, progress=None, dry_run=False
    ):
        """Import the lines; a dry run (the check) writes nothing at all, so it holds no write lock: within a
        file, lines are told apart by their occurrence numbers, so what a line would do depends only on the
        ledger as it stands and on the lines before it."""
        self.rules = LineRules()
        self.dry_run = dry_run
        self.resolver = UnitResolver(
            self.rules.directory,
            create_departments=self.create_departments,
            decisions=self.department_decisions,
            dry_run=dry_run,
            actor=actor,
        )
        self.report_progress = (lambda: progress(self.rows_read, self._estimated_rows(table))) if progress else _nothing
        if table.kind == "csv":
            # A savepoint: the column lane's writes go if it gives up (a dry run has none to undo).
            savepoint = contextlib.nullcontext() if dry_run else transaction.atomic()
            try:
                with savepoint:
                    self.rows_read = 0
                    self._import(self._columns(table), errors, result, actor, source)
                return
            except NeedsRowByRow:
                result.created = result.updated = result.unchanged = 0
                table.stream.seek(0)
                table = open_table(table.stream, COLUMNS, mapping=table.mapping)
        self.rows_read = 0
        self._import(self._rows(table, errors), errors, result, actor, source)

    def _estimated_rows(self, table: Table) -> int:
        """Lines in the whole file, estimated from how far into it reading has got (0: unknown)."""
        if table.kind != "csv":
            return 0
        position = table.stream.tell()
        size = table.stream.seek(0, io.SEEK_END)
        table.stream.seek(position)
        return self.rows_read * size // position if position else 0

    def _columns(self, table: Table):
        """Validated chunks, read in whole columns (CSV only); raises NeedsRowByRow."""
        for columns in column_lane.read_ahead(column_lane.read_columns(table, self.rules)):
            self.rows_read += len(columns)
            self.report_progress()
            yield columns

    def _rows(self, table: Table, errors: RowErrors):
        """Validated chunks, read row by row; after the first bad row, rows are only checked."""
        chunk = []
        for number, raw in table.rows():
            self.rows_read += 1
            line = self._parse_row(number, raw, errors)
            if line is not None and not errors:
                chunk.append(line)
                if len(chunk) >= CHUNK:
                    yield Columns.of_lines(chunk)
                    chunk = []
            if self.rows_read % CHUNK == 0:
                self.report_progress()
        self.report_progress()
        if chunk and not errors:
            yield Columns.of_lines(chunk)

    def _parse_row(self, number: int, raw: dict, errors: RowErrors) -> Line | None:
        values = []
        failed = False
        for key, column, rule in self.rules.checks:
            value, problem = rule(raw.get(key))
            if problem:
                errors.add(number, column, problem)
                failed = True
            values.append(value)
        if failed:
            return None
        line = Line(*values)
        if self.only_institution is not None:
            found = self.rules.directory.institution(line.institution)
            if found is None or found.pk != self.only_institution.pk:
                errors.add(
                    number,
                    "기관명",
                    f"기관 ‘{line.institution}’: 이 토큰은 {self.only_institution.name}의 장부만 올릴 수 있습니다.",
                )
                return None
        problem = self.resolver.problem(line.institution, line.department, amount=line.amount)
        if problem:
            errors.add(number, "부서명", problem)
            return None
        return line

    def _import(self, chunks, errors: RowErrors, result: ImportResult, actor, source):
        self.batch = (
            None
            if self.dry_run
            else LedgerBatch.objects.create(
                filename=source["filename"][:255],
                sha256=source["sha256"],
                imported_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        )
        self.classifier = LedgerClassifier(exclusions=list(Exclusion.objects.all()))
        self.held: dict[tuple[str, datetime.date], str] = {}
        self.seen = keys.SeenLines()
        self.check_existing = PurchaseRecord.objects.exists()
        self.outcomes = bytearray()
        self.previous: dict = {}
        self.touched: set[tuple[int, int]] = set()
        self.changes: dict[tuple, list[int]] = {}  # signed roll-up sums of a filled ledger's import (rollups_add)
        # Lines that copy a contract the platform already counts are kept but not counted (reconcile.py).
        self.reconciler = Reconciler(source=self.line_source) if self.check_existing else None
        self.matches: list[tuple[int, str, int]] = []  # (identity, match status, the platform line)
        self.constants = {
            "source": self.line_source,
            "batch_id": self.batch.pk if self.batch else None,
            "created_at": connection.ops.adapt_datetimefield_value(timezone.now()),
        }
        # A first load into an empty ledger builds its indexes once, after the lines are in.
        structures = (
            None if self.check_existing or self.dry_run else bulk.SecondaryStructures(PurchaseRecord._meta.db_table)
        )
        if structures:
            structures.drop()
        self.sums = RollupSums()
        self.preview = ImportPreview()
        self.pending = None
        connection.ensure_connection()
        self.database = connection.connection
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ledger-writer") as self.writer:
            try:
                for columns in chunks:
                    self._write(columns, result)
            finally:
                self._settle()
        result.rows = self.rows_read
        result.details = self.preview.summary(self.resolver.summary())
        result.details["platform_matched"] = sum(1 for _, status, _ in self.matches if status == MatchStatus.MATCHED)
        result.details["platform_pending"] = sum(1 for _, status, _ in self.matches if status == MatchStatus.PENDING)
        if errors or self.dry_run:
            return
        self._settle()
        for identity, status, match_of in self.matches:
            PurchaseRecord.objects.filter(identity=identity).update(match_status=status, match_of_id=match_of)
        self.resolver.save_aliases()
        if structures:
            self.sums.write()
            structures.rebuild()
        else:
            rollups_add(self.changes)
        self.batch.rows = self.rows_read
        self.batch.created, self.batch.updated, self.batch.unchanged = result.created, result.updated, result.unchanged
        self.batch.outcomes = self.outcomes.decode("ascii")
        self.batch.previous_values = self.previous
        self.batch.created_departments = [department.pk for department in self.resolver.created]
        self.batch.save()
        audit(
            actor=actor,
            action="ledger.batch.imported",
            obj=self.batch,
            after={**source, "rows": self.rows_read, "created": result.created, "updated": result.updated},
        )

    # --- a chunk --------------------------------------------------------------------------------------

    def _unit(self, institution_name: str, department_name: str) -> tuple[int, int | None]:
        """Ids of the institution and department; a department not yet decided on sends the file to the row
        lane, which names its rows (units.UnitResolver)."""
        try:
            return self.resolver.resolve(institution_name, department_name)
        except UnknownDepartment:
            raise NeedsRowByRow(f"unknown department {department_name}") from None

    def _insert(self, values: list[list]) -> None:
        """Hand the lines to the writer thread: the database stores one chunk while the next is read."""
        self._settle()
        self.pending = self.writer.submit(
            bulk.insert_lines, self.database, PurchaseRecord._meta.db_table, LINE_COLUMNS, values, self.constants
        )

    def _count(self, line, sign: int) -> None:
        """Add a stored line (StoredLine, or a row read back with the _COUNTED fields) to the roll-up changes."""
        day = line.contract_date
        year, month = (int(day[:4]), int(day[5:7])) if isinstance(day, str) else (day.year, day.month)
        key = (
            line.institution_id,
            line.department_id,
            year,
            month,
            line.kind,
            line.held_types,
            line.exclusion_id,
            line.category_id,
        )
        entry = self.changes.setdefault(key, [0, 0])
        entry[0] += sign * line.amount
        entry[1] += sign

    def _settle(self) -> None:
        """Wait for the chunk being written (and raise its error); needed before any other query."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()

    def _lines(self, columns: Columns) -> "_ChunkLines":
        """What a chunk's lines need besides the file's values: unit ids, held types, exclusion."""
        institution, department, day, business_no = (
            columns.institution,
            columns.department,
            columns.day,
            columns.business_no,
        )
        # Units (institution + department) of the chunk, one per distinct pair of names.
        pairs, unit_codes = np.unique(
            institution.codes * len(department.values) + department.codes, return_inverse=True
        )
        names = [divmod(pair, len(department.values)) for pair in pairs.tolist()]
        names = [(institution.values[i], department.values[d]) for i, d in names]
        if any(name not in self.resolver.units for name in names):
            self._settle()  # creating an institution or department is a query
        units = [self._unit(*name) for name in names]
        for code in np.unique(unit_codes * len(day.values) + day.codes).tolist():
            unit, day_code = divmod(code, len(day.values))
            self.touched.add((units[unit][0], day.values[day_code].year))
        # Types the supplier held on the contract date, once per distinct (supplier, date) — and only for the
        # suppliers that ever held one: the lines of every other supplier hold none, whatever the date.
        certified = np.array([self.classifier.may_hold_types(number) for number in business_no.values], dtype=bool)
        held_of_line = np.zeros(len(columns), dtype=np.intp)
        held = [""]
        lines_certified = certified[business_no.codes]
        if lines_certified.any():
            combinations, inverse = np.unique(
                business_no.codes[lines_certified] * len(day.values) + day.codes[lines_certified],
                return_inverse=True,
            )
            for code in combinations.tolist():
                supplier, day_code = divmod(code, len(day.values))
                key = (business_no.values[supplier], day.values[day_code])
                types = self.held.get(key)
                if types is None:
                    types = self.held[key] = self.classifier.held_types(*key)
                held.append(types)
            held_of_line[lines_certified] = inverse.ravel() + 1
        held = Coded.of(held)
        if self.classifier.exclusions:
            exclusion = Coded.of(
                [
                    self.classifier.exclusion_id(title, contract_date, category_id, number)
                    for title, contract_date, category_id, number in zip(
                        columns.title,
                        day.per_line(),
                        columns.category_id.per_line(),
                        business_no.per_line(),
                        strict=True,
                    )
                ]
            )
        else:
            exclusion = Coded(np.zeros(len(columns), dtype=np.intp), [None])
        return _ChunkLines(
            units=units,
            unit_codes=unit_codes,
            held=Coded(held.codes[held_of_line], held.values),
            exclusion=exclusion,
            amounts=np.array(columns.amount.values, dtype=np.int64)[columns.amount.codes],
        )

    def _write(self, columns: Columns, result: ImportResult):
        size = len(columns)
        lines = self._lines(columns)
        self.preview.add(columns, lines)
        days = objects([d.isoformat() for d in columns.day.values])[columns.day.codes].tolist()
        kinds, business_nos = columns.kind.per_line(), columns.business_no.per_line()
        # Keyed on the resolved ids (keys.py): a file that writes an institution another way is the same unit.
        unit_texts = objects([keys.unit_text(*unit) for unit in lines.units])[lines.unit_codes].tolist()
        key_fields = zip(unit_texts, days, columns.title, kinds, business_nos, itertools.repeat(keys.FIRST[1:]))
        identities = keys.chunk_identities(list(map("\x1f".join, key_fields)), self.seen)
        values = [
            np.array([unit[0] for unit in lines.units], dtype=np.int64)[lines.unit_codes].tolist(),
            objects([unit[1] for unit in lines.units])[lines.unit_codes].tolist(),
            days,
            columns.title,
            kinds,
            columns.method.per_line(),
            lines.amounts.tolist(),
            columns.supplier.per_line(),
            business_nos,
            columns.category_id.per_line(),
            identities,
            lines.held.per_line(),
            lines.exclusion.per_line(),
        ]
        if not self.check_existing:  # an empty ledger (a first import) has nothing to compare against
            if self.dry_run:
                self.outcomes.extend(b"c" * size)
                result.created += size
                return
            self.sums.add(lines, columns)
            self._insert(values)
            self.outcomes.extend(b"c" * size)
            result.created += size
            return
        existing = {}
        self._settle()
        for start in range(0, size, 5000):
            existing.update(
                (row.identity, row)
                for row in PurchaseRecord.objects.filter(identity__in=identities[start : start + 5000]).values_list(
                    "identity", "pk", *_CHANGEABLE, *_COUNTED, named=True
                )
            )
        inserts, updates, held = [], [], set()
        for line in map(StoredLine._make, zip(*values, strict=True)):
            old = existing.get(line.identity)
            if old is None:
                inserts.append(line)
                if self.reconciler:
                    status, match_of = self.reconciler.decide(
                        line.institution_id,
                        line.department_id,
                        line.supplier_business_no,
                        line.amount,
                        datetime.date.fromisoformat(line.contract_date),
                    )
                    if match_of is not None:
                        self.matches.append((line.identity, status, match_of))
                        held.add(line.identity)
                self.outcomes.append(_CREATED)
                result.created += 1
            elif any(getattr(old, name) != getattr(line, name) for name in _CHANGEABLE):
                # With the exclusion the change may move it out of (or into): an undo restores both.
                self.previous[str(old.pk)] = {name: getattr(old, name) for name in (*_CHANGEABLE, "exclusion_id")}
                updates.append((old.pk, line, old))
                self.outcomes.append(_UPDATED)
                result.updated += 1
            else:
                self.outcomes.append(_UNCHANGED)
                result.unchanged += 1
        if self.dry_run:
            return
        for line in inserts:
            if line.identity not in held:
                self._count(line, 1)
        for _, line, old in updates:
            if old.match_status in COUNTED_STATUSES:  # a copy held out of the figures stays out
                self._count(old, -1)
                self._count(line, 1)
        if inserts:
            self._insert([list(column) for column in zip(*inserts, strict=True)])
        self._settle()
        for pk, line, _ in updates:
            PurchaseRecord.objects.filter(pk=pk).update(
                amount=line.amount,
                method=line.method,
                supplier_name=line.supplier_name,
                category_id=line.category_id,
                exclusion_id=line.exclusion_id,
            )


# What a later import may change on a line with the same identity (the same names on StoredLine).
_CHANGEABLE = ("amount", "method", "supplier_name", "category_id")
# What the roll-ups count a line by (read back so that a changed line's old sums can be taken away).
_COUNTED = ("institution_id", "department_id", "contract_date", "kind", "held_types", "exclusion_id", "match_status")


def _nothing():
    pass


class _ChunkLines(NamedTuple):
    units: list[tuple[int, int | None]]  # (institution id, department id) of each distinct unit
    unit_codes: np.ndarray  # per line, its unit
    held: Coded
    exclusion: Coded
    amounts: np.ndarray  # per line, int64 won
