"""import_ledger (docs/formats.md §3): validated, streaming, all-or-nothing, idempotent.

Rows are validated and written in chunks inside one transaction, so a million-row file needs memory for
one chunk, not the file; a bad row anywhere stops writing, every further row is still validated, and the
transaction is rolled back. A CSV file is first read in whole columns (bulk.py, the column lane); at the
first value that is not valid it is read again row by row (the row lane), which names every bad row. Both
lanes apply `LineRules` and write through `_write`, so they store the same lines (docs/architecture.md).
"""

import contextlib
import datetime
import hashlib
import io
import itertools
import re
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from operator import methodcaller
from typing import NamedTuple

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from procure.catalog.models import Category
from procure.core.business_no import business_no_check_digit
from procure.core.imports import Importer, ImportResult
from procure.core.services import audit
from procure.core.tabular import Column, RowErrors, Table, clean_text, parse_date, parse_won
from procure.institutions.models import Department, Institution, InstitutionKind
from procure.ledger import bulk, keys
from procure.ledger.models import (
    ContractMethod,
    Exclusion,
    LedgerBatch,
    PurchaseKind,
    PurchaseRecord,
    PurchaseSource,
)
from procure.ledger.services import LedgerClassifier, rollups_from_sums, rollups_rebuild

COLUMNS = [
    Column("institution", "기관명", "institution", required=True, aliases=("수요기관", "수요기관명")),
    Column("department", "부서명", "department", aliases=("부서", "요청부서")),
    Column("contract_date", "계약일자", "contract_date", required=True, aliases=("계약일", "계약체결일자")),
    Column("title", "계약명", "title", required=True, aliases=("건명", "계약건명")),
    Column("kind", "구분", "kind", required=True, aliases=("계약구분", "업무구분")),
    Column("method", "계약방법", "method", aliases=("계약방식",)),
    Column("amount", "계약금액", "amount", required=True, aliases=("금액", "계약금액(원)")),
    Column("supplier", "업체명", "supplier", required=True, aliases=("계약업체", "계약상대자", "상호")),
    Column(
        "supplier_business_no",
        "사업자등록번호",
        "supplier_business_no",
        required=True,
        aliases=("업체사업자등록번호", "사업자번호"),
    ),
    Column("category", "분류", "category", aliases=("분류코드",)),
]
KINDS = {label: value for value, label in PurchaseKind.choices} | {v: v for v in PurchaseKind.values}
METHODS = {label: value for value, label in ContractMethod.choices} | {
    "수의계약(1인견적)": ContractMethod.SINGLE_QUOTE,
    "1인견적": ContractMethod.SINGLE_QUOTE,
    "수의계약(2인이상견적)": ContractMethod.MULTI_QUOTE,
    "2인이상견적": ContractMethod.MULTI_QUOTE,
}
CHUNK = 10_000
# No contract of a district comes near it; the bound keeps every sum of a chunk inside 64-bit integers.
MAX_AMOUNT = 10**14
_DIGITS = re.compile(r"\D")
_NOT_BUSINESS_NO = re.compile(r"[^\d\s-]")
# Per line, in bulk.Columns order plus the derived fields; source, batch and time are the same for a batch.
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


_CREATED, _UPDATED, _UNCHANGED = ord("c"), ord("u"), ord("=")


class _SeenLines:
    """Which line keys this file has already had, in fixed memory (16 MB) whatever the file's length.

    A Bloom filter answers "maybe seen" for every repeat and, very rarely (about one line in a million
    for a million-line file), for a new line; such lines get the next occurrence number. The numbering
    depends only on the file's lines in order, so importing the same file again gives the same
    identities, which is all idempotency needs. A chunk of keys is answered at once, exactly as if
    its keys had been looked up one after another.
    """

    BITS = 1 << 27

    def __init__(self):
        self.bits = np.zeros(self.BITS // 8, dtype=np.uint8)
        self.counts: dict[int, int] = {}

    def occurrences(self, keys: np.ndarray) -> np.ndarray:
        size = len(keys)
        positions = np.empty((size, 4), dtype=np.int64)
        for column, shift in enumerate((0, 16, 32, 48)):
            positions[:, column] = (keys >> shift) % self.BITS
        positions[:, 0] = (positions[:, 0] * 0x9E3779B1) % self.BITS
        flat = positions.ravel()
        set_before_chunk = ((self.bits[flat >> 3] >> (flat & 7).astype(np.uint8)) & 1).astype(bool)
        # A bit is also set for a line when an earlier line of this chunk has the same position.
        distinct, first_index = np.unique(flat, return_index=True)
        first_line = (first_index // 4)[np.searchsorted(distinct, flat)]
        line = np.repeat(np.arange(size), 4)
        maybe_seen = (set_before_chunk | (first_line < line)).reshape(size, 4).all(axis=1)
        np.bitwise_or.at(self.bits, flat >> 3, np.left_shift(1, flat & 7).astype(np.uint8))
        occurrences = np.zeros(size, dtype=np.int64)
        for index in np.flatnonzero(maybe_seen):
            key = int(keys[index])
            occurrences[index] = self.counts[key] = self.counts.get(key, 0) + 1
        return occurrences


class LineRules:
    """What a valid cell of each column is. Each rule takes a cell and returns (value, problem); both the
    row-by-row lane and the column lane (bulk.py) apply exactly these rules."""

    def __init__(self):
        categories = list(Category.objects.values_list("pk", "code", "name"))
        self.categories = {code: pk for pk, code, _ in categories} | {name: pk for pk, _, name in categories}
        # Suppliers repeat on most lines: check each distinct registration number once.
        self.business_numbers: dict[str, tuple[str, str | None]] = {}
        self.checks = [
            ("institution", "기관명", self.institution),
            ("department", "부서명", self.department),
            ("contract_date", "계약일자", self.contract_date),
            ("title", "계약명", self.title),
            ("kind", "구분", self.kind),
            ("method", "계약방법", self.method),
            ("amount", "계약금액", self.amount),
            ("supplier", "업체명", self.supplier),
            ("supplier_business_no", "사업자등록번호", self.business_no),
            ("category", "분류", self.category),
        ]

    @staticmethod
    def institution(cell):
        text = clean_text(cell)
        return (text[:100], None) if text else ("", "기관명이 비어 있습니다.")

    @staticmethod
    def department(cell):
        return clean_text(cell)[:100], None

    @staticmethod
    def contract_date(cell):
        try:
            return parse_date(cell), None
        except ValueError as error:
            return None, str(error) if clean_text(cell) else "계약일자가 비어 있습니다."

    @staticmethod
    def title(cell):
        text = clean_text(cell)
        return (text[:300], None) if text else ("", "계약명이 비어 있습니다.")

    @staticmethod
    def kind(cell):
        text = clean_text(cell)
        kind = KINDS.get(text.replace(" ", ""))
        return (kind, None) if kind else (None, f"구분 ‘{text}’은(는) 물품 · 용역 · 공사 중 하나여야 합니다.")

    @staticmethod
    def method(cell):
        text = clean_text(cell).replace(" ", "")
        if not text:
            return "", None
        method = METHODS.get(text)
        if method:
            return method, None
        return "", (
            f"계약방법 ‘{text}’을(를) 알 수 없습니다. "
            "일반경쟁 · 제한경쟁 · 수의1인견적 · 수의2인이상견적 · 종합쇼핑몰 중 하나로 입력해 주세요."
        )

    @staticmethod
    def amount(cell):
        try:
            amount = parse_won(cell)
        except ValueError as error:
            return 0, str(error) if clean_text(cell) else "계약금액이 비어 있습니다."
        if amount <= 0:
            return amount, "계약금액은 0원보다 커야 합니다."
        if amount > MAX_AMOUNT:
            return amount, "계약금액이 100조 원을 넘습니다. 금액을 확인해 주세요."
        return amount, None

    @staticmethod
    def supplier(cell):
        text = clean_text(cell)
        return (text[:200], None) if text else ("", "업체명이 비어 있습니다.")

    def business_no(self, cell):
        key = cell if isinstance(cell, str) else str(cell)
        known = self.business_numbers.get(key)
        if known is None:
            text = clean_text(cell)
            digits = _DIGITS.sub("", text)
            if not text:
                known = ("", "사업자등록번호가 비어 있습니다.")
            elif len(digits) != 10 or _NOT_BUSINESS_NO.search(text):
                known = ("", "사업자등록번호는 숫자 10자리로 입력해 주세요 (예: 123-45-67890).")
            elif business_no_check_digit(digits[:9]) != int(digits[9]):
                known = ("", "사업자등록번호가 올바르지 않습니다. 번호를 다시 확인해 주세요.")
            else:
                known = (digits, None)
            self.business_numbers[key] = known
        return known

    def category(self, cell):
        text = clean_text(cell)
        if not text:
            return None, None
        category_id = self.categories.get(text.upper(), self.categories.get(text))
        if category_id is None:
            return None, f"분류 ‘{text}’을(를) 알 수 없습니다. 분류 코드(예: PRINT)로 입력해 주세요."
        return category_id, None


class Line(NamedTuple):
    """One validated row of the file (the fields of bulk.Columns, in the same order)."""

    institution: str
    department: str
    day: datetime.date
    title: str
    kind: str
    method: str
    amount: int
    supplier: str
    business_no: str
    category_id: int | None


class LedgerImporter(Importer):
    kind = "ledger"
    label = "구매실적 원장"
    columns = COLUMNS

    def process(
        self, table: Table, errors: RowErrors, result: ImportResult, *, actor, source, progress=None, dry_run=False
    ):
        """Import the lines; a dry run (the check) writes nothing at all, so it holds no write lock: within a
        file, lines are told apart by their occurrence numbers, so what a line would do depends only on the
        ledger as it stands and on the lines before it."""
        self.rules = LineRules()
        self.dry_run = dry_run
        self.report_progress = (lambda: progress(self.rows_read, self._estimated_rows(table))) if progress else _nothing
        if table.csv is not None and table.reopen is not None:
            # A savepoint: the column lane's writes go if it gives up (a dry run has none to undo).
            savepoint = contextlib.nullcontext() if dry_run else transaction.atomic()
            try:
                with savepoint:
                    self.rows_read = 0
                    self._import(self._columns(table), errors, result, actor, source)
                return
            except bulk.NeedsRowByRow:
                result.created = result.updated = result.unchanged = 0
                table = table.reopen()
        self.rows_read = 0
        self._import(self._rows(table, errors), errors, result, actor, source)

    def _estimated_rows(self, table: Table) -> int:
        """Lines in the whole file, estimated from how far into it reading has got (0: unknown)."""
        if table.csv is None or table.stream is None:
            return 0
        position = table.stream.tell()
        size = table.stream.seek(0, io.SEEK_END)
        table.stream.seek(position)
        return self.rows_read * size // position if position else 0

    def _columns(self, table: Table):
        """Validated chunks, read in whole columns (CSV only); raises bulk.NeedsRowByRow."""
        for columns in bulk.read_columns(table, self.rules):
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
                    yield bulk.Columns.of_lines(chunk)
                    chunk = []
            if self.rows_read % CHUNK == 0:
                self.report_progress()
        self.report_progress()
        if chunk and not errors:
            yield bulk.Columns.of_lines(chunk)

    def _parse_row(self, number: int, raw: dict, errors: RowErrors) -> Line | None:
        values = []
        failed = False
        for key, column, rule in self.rules.checks:
            value, problem = rule(raw.get(key))
            if problem:
                errors.add(number, column, problem)
                failed = True
            values.append(value)
        return None if failed else Line(*values)

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
        self.institutions = {i.name: i for i in Institution.objects.all()}
        self.departments = {(d.institution_id, d.name): d for d in Department.objects.all()}
        self.units: dict[tuple[str, str], tuple[int, int | None]] = {}
        self.classifier = LedgerClassifier(exclusions=list(Exclusion.objects.all()))
        self.held: dict[tuple[str, datetime.date], str] = {}
        self.seen = _SeenLines()
        self.check_existing = PurchaseRecord.objects.exists()
        self.outcomes = bytearray()
        self.previous: dict = {}
        self.touched: set[tuple[int, int]] = set()
        self.constants = {
            "source": PurchaseSource.IMPORT,
            "batch_id": self.batch.pk if self.batch else None,
            "created_at": connection.ops.adapt_datetimefield_value(timezone.now()),
        }
        # A first load into an empty ledger builds its indexes once, after the lines are in.
        structures = (
            None if self.check_existing or self.dry_run else bulk.SecondaryStructures(PurchaseRecord._meta.db_table)
        )
        if structures:
            structures.drop()
        self.sums: dict[tuple, list[int]] = {}
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
        if errors or self.dry_run:
            return
        if structures:
            rollups_from_sums(self.sums)
            structures.rebuild()
        else:
            rollups_rebuild(pairs=self.touched)
        self.batch.rows = self.rows_read
        self.batch.created, self.batch.updated, self.batch.unchanged = result.created, result.updated, result.unchanged
        self.batch.outcomes = self.outcomes.decode("ascii")
        self.batch.previous_values = self.previous
        self.batch.save()
        audit(
            actor=actor,
            action="ledger.batch.imported",
            obj=self.batch,
            after={**source, "rows": self.rows_read, "created": result.created, "updated": result.updated},
        )

    # --- a chunk --------------------------------------------------------------------------------------

    def _unit(self, institution_name: str, department_name: str) -> tuple[int, int | None]:
        """Ids of the institution and department, creating them when the file names new ones."""
        unit = self.units.get((institution_name, department_name))
        if unit is not None:
            return unit
        institution = self.institutions.get(institution_name)
        if institution is None:
            institution = self._new_unit(Institution, name=institution_name, kind=InstitutionKind.OTHER)
            self.institutions[institution_name] = institution
        department = None
        if department_name:
            department = self.departments.get((institution.pk, department_name))
            if department is None:
                department = self._new_unit(Department, institution=institution, name=department_name)
                self.departments[(institution.pk, department_name)] = department
        unit = (institution.pk, department.pk if department else None)
        self.units[(institution_name, department_name)] = unit
        return unit

    def _new_unit(self, model, **fields):
        """Create it; a dry run only numbers it (negative ids, never stored)."""
        if not self.dry_run:
            return model.objects.create(**fields)
        self.placeholder_ids = getattr(self, "placeholder_ids", 0) - 1
        return model(pk=self.placeholder_ids, **fields)

    def _sum(self, lines: "_ChunkLines", columns: "bulk.Columns") -> None:
        """Roll-up sums of the lines written, for a first load (see services.rollups_from_sums): lines are
        grouped by one integer made of their codes, so the per-line work is NumPy's."""
        day = columns.day
        month_index: dict[tuple[int, int], int] = {}
        month_of_day = np.array([month_index.setdefault((d.year, d.month), len(month_index)) for d in day.values])
        months = list(month_index)
        dimensions = [
            (lines.unit_codes, len(lines.units)),
            (month_of_day[day.codes], len(months)),
            (columns.kind.codes, len(columns.kind.values)),
            (lines.held.codes, len(lines.held.values)),
            (lines.exclusion.codes, len(lines.exclusion.values)),
            (columns.category_id.codes, len(columns.category_id.values)),
        ]
        key = np.zeros(len(columns), dtype=np.int64)
        for codes, size in dimensions:
            key = key * size + codes
        distinct, group = np.unique(key, return_inverse=True)
        totals = np.zeros(len(distinct), dtype=np.int64)
        np.add.at(totals, group, lines.amounts)
        counts = np.bincount(group, minlength=len(distinct))
        for code, amount, count in zip(distinct.tolist(), totals.tolist(), counts.tolist(), strict=True):
            parts = []
            for _, size in reversed(dimensions):
                code, part = divmod(code, size)
                parts.append(part)
            category, exclusion, held, kind, month, unit = parts
            sum_key = (
                *lines.units[unit],
                *months[month],
                columns.kind.values[kind],
                lines.held.values[held],
                lines.exclusion.values[exclusion],
                columns.category_id.values[category],
            )
            entry = self.sums.setdefault(sum_key, [0, 0])
            entry[0] += amount
            entry[1] += count

    def _insert(self, values: list[list]) -> None:
        """Hand the lines to the writer thread: the database stores one chunk while the next is read."""
        self._settle()
        self.pending = self.writer.submit(
            bulk.insert_lines, self.database, PurchaseRecord._meta.db_table, LINE_COLUMNS, values, self.constants
        )

    def _settle(self) -> None:
        """Wait for the chunk being written (and raise its error); needed before any other query."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()

    def _identities(self, texts: list[str]) -> list[int]:
        """Line identities of a chunk; `texts` are the lines' key fields joined, ending in occurrence 0."""
        # map() keeps the per-line work in C: encode, hash, digest, then one array from all digests.
        digests = map(methodcaller("digest"), map(partial(hashlib.blake2b, digest_size=8), map(str.encode, texts)))
        first_keys = np.frombuffer(b"".join(digests), dtype=">i8").astype(np.int64)
        occurrences = self.seen.occurrences(first_keys)
        identities = first_keys.tolist()
        for index in np.flatnonzero(occurrences):
            identities[index] = keys.identity(texts[index][: -len(keys.FIRST)], int(occurrences[index]))
        return identities

    def _lines(self, columns: "bulk.Columns") -> "_ChunkLines":
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
        if any(name not in self.units for name in names):
            self._settle()  # creating an institution or department is a query
        units = [self._unit(*name) for name in names]
        for code in np.unique(unit_codes * len(day.values) + day.codes).tolist():
            unit, day_code = divmod(code, len(day.values))
            self.touched.add((units[unit][0], day.values[day_code].year))
        # Types the supplier held on the contract date, once per distinct (supplier, date).
        combinations, held_of_line = np.unique(business_no.codes * len(day.values) + day.codes, return_inverse=True)
        held = []
        for code in combinations.tolist():
            supplier, day_code = divmod(code, len(day.values))
            key = (business_no.values[supplier], day.values[day_code])
            types = self.held.get(key)
            if types is None:
                types = self.held[key] = self.classifier.held_types(*key)
            held.append(types)
        held = bulk.Coded.of(held)
        if self.classifier.exclusions:
            exclusion = bulk.Coded.of(
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
            exclusion = bulk.Coded(np.zeros(len(columns), dtype=np.intp), [None])
        return _ChunkLines(
            units=units,
            unit_codes=unit_codes,
            held=bulk.Coded(held.codes[held_of_line], held.values),
            exclusion=exclusion,
            amounts=np.array(columns.amount.values, dtype=np.int64)[columns.amount.codes],
        )

    def _write(self, columns: "bulk.Columns", result: ImportResult):
        size = len(columns)
        lines = self._lines(columns)
        days = bulk.objects([d.isoformat() for d in columns.day.values])[columns.day.codes].tolist()
        institutions, departments, kinds, business_nos = (
            columns.institution.per_line(),
            columns.department.per_line(),
            columns.kind.per_line(),
            columns.business_no.per_line(),
        )
        key_fields = zip(
            institutions, departments, days, columns.title, kinds, business_nos, itertools.repeat(keys.FIRST[1:])
        )
        identities = self._identities(list(map("\x1f".join, key_fields)))
        values = [
            np.array([unit[0] for unit in lines.units], dtype=np.int64)[lines.unit_codes].tolist(),
            bulk.objects([unit[1] for unit in lines.units])[lines.unit_codes].tolist(),
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
            self._sum(lines, columns)
            self._insert(values)
            self.outcomes.extend(b"c" * size)
            result.created += size
            return
        existing = {}
        self._settle()
        for start in range(0, size, 5000):
            existing.update(
                (row[0], row)
                for row in PurchaseRecord.objects.filter(identity__in=identities[start : start + 5000]).values_list(
                    "identity", "pk", "amount", "method", "supplier_name", "category_id"
                )
            )
        inserts, updates = [], []
        for line in zip(*values, strict=True):
            old = existing.get(line[10])
            if old is None:
                inserts.append(line)
                self.outcomes.append(_CREATED)
                result.created += 1
            elif old[2:6] != (line[6], line[5], line[7], line[9]):
                self.previous[str(old[1])] = dict(zip(_CHANGEABLE, old[2:6], strict=True))
                updates.append((old[1], line))
                self.outcomes.append(_UPDATED)
                result.updated += 1
            else:
                self.outcomes.append(_UNCHANGED)
                result.unchanged += 1
        if self.dry_run:
            return
        if inserts:
            self._insert([list(column) for column in zip(*inserts, strict=True)])
        self._settle()
        for pk, line in updates:
            PurchaseRecord.objects.filter(pk=pk).update(
                amount=line[6], method=line[5], supplier_name=line[7], category_id=line[9], exclusion_id=line[12]
            )


_CHANGEABLE = ("amount", "method", "supplier_name", "category_id")


def _nothing():
    pass


class _ChunkLines(NamedTuple):
    units: list[tuple[int, int | None]]  # (institution id, department id) of each distinct unit
    unit_codes: np.ndarray  # per line, its unit
    held: "bulk.Coded"
    exclusion: "bulk.Coded"
    amounts: np.ndarray  # per line, int64 won
