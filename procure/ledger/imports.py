"""import_ledger (docs/formats.md §3): validated, streaming, all-or-nothing, idempotent.

Rows are validated and written in chunks inside one transaction, so a million-row file needs memory for
one chunk, not the file; a bad row anywhere stops writing, every further row is still validated, and the
transaction is rolled back.
"""

import datetime
import hashlib
import re
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from procure.catalog.models import Category
from procure.core.business_no import business_no_check_digit
from procure.core.imports import Importer, ImportResult
from procure.core.services import audit
from procure.core.tabular import Column, RowErrors, Table, clean_text, parse_date, parse_won
from procure.institutions.models import Department, Institution, InstitutionKind
from procure.ledger.models import (
    ContractMethod,
    Exclusion,
    LedgerBatch,
    PurchaseKind,
    PurchaseRecord,
    PurchaseSource,
)
from procure.ledger.services import LedgerClassifier, rollups_rebuild

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
_DIGITS = re.compile(r"\D")
_NOT_BUSINESS_NO = re.compile(r"[^\d\s-]")
INSERT_COLUMNS = [
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
    "batch_id",
    "identity",
    "held_types",
    "exclusion_id",
    "created_at",
]


def _identity(parts: tuple, occurrence: int) -> int:
    """A signed 64-bit key for the line (a small integer index is far cheaper than a text one)."""
    digest = hashlib.blake2b(("\x1f".join(parts) + f"\x1f{occurrence}").encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


_CREATED, _UPDATED, _UNCHANGED = ord("c"), ord("u"), ord("=")


class _SeenLines:
    """Which line keys this file has already had, in fixed memory (16 MB) whatever the file's length.

    A Bloom filter answers "maybe seen" for every repeat and, very rarely (about one line in a million
    for a million-line file), for a new line; such lines get the next occurrence number. The numbering
    depends only on the file's lines in order, so importing the same file again gives the same
    identities, which is all idempotency needs.
    """

    BITS = 1 << 27

    def __init__(self):
        self.bits = bytearray(self.BITS // 8)
        self.counts: dict[int, int] = {}

    def occurrence(self, key: int) -> int:
        positions = [(key >> shift) % self.BITS for shift in (0, 16, 32, 48)]
        positions[0] = (positions[0] * 0x9E3779B1) % self.BITS
        bits = self.bits
        if all(bits[p >> 3] & (1 << (p & 7)) for p in positions):
            occurrence = self.counts.get(key, 0) + 1
            self.counts[key] = occurrence
            return occurrence
        for p in positions:
            bits[p >> 3] |= 1 << (p & 7)
        return 0


class LedgerImporter(Importer):
    kind = "ledger"
    label = "구매실적 원장"
    columns = COLUMNS

    def process(self, table: Table, errors: RowErrors, result: ImportResult, *, actor, source, progress=None):
        self.batch = LedgerBatch.objects.create(
            filename=source["filename"][:255],
            sha256=source["sha256"],
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        self.institutions = {i.name: i for i in Institution.objects.all()}
        self.departments = {(d.institution_id, d.name): d for d in Department.objects.all()}
        self.units: dict[tuple[str, str], tuple[int, int | None]] = {}
        self.categories = {c.code: c.pk for c in Category.objects.all()} | {
            c.name: c.pk for c in Category.objects.all()
        }
        self.classifier = LedgerClassifier(exclusions=list(Exclusion.objects.all()))
        self.seen = _SeenLines()
        # Suppliers repeat on most lines: check each distinct registration number once.
        self.business_numbers: dict[str, tuple[str, str | None]] = {}
        self.check_existing = PurchaseRecord.objects.exists()
        self.outcomes = bytearray()
        self.previous: dict = {}
        self.touched: set[tuple[int, int]] = set()
        self.now = timezone.now()
        chunk = []
        rows = 0
        for number, raw in table.rows():
            rows += 1
            record = self._parse_row(number, raw, errors)
            if record is not None and not errors:
                chunk.append(record)
                if len(chunk) >= CHUNK:
                    self._write(chunk, result)
                    chunk = []
            if progress and rows % CHUNK == 0:
                progress(rows, 0)
        result.rows = rows
        if errors:
            return
        if chunk:
            self._write(chunk, result)
        rollups_rebuild(pairs=self.touched)
        self.batch.rows = rows
        self.batch.created, self.batch.updated, self.batch.unchanged = result.created, result.updated, result.unchanged
        self.batch.outcomes = self.outcomes.decode("ascii")
        self.batch.previous_values = self.previous
        self.batch.save()
        audit(
            actor=actor,
            action="ledger.batch.imported",
            obj=self.batch,
            after={**source, "rows": rows, "created": result.created, "updated": result.updated},
        )

    # --- one row ------------------------------------------------------------------------------------

    def _parse_row(self, number: int, raw: dict, errors: RowErrors):
        before = len(errors.items)
        institution_name = clean_text(raw["institution"])
        if not institution_name:
            errors.add(number, "기관명", "기관명이 비어 있습니다.")
        department_name = clean_text(raw.get("department"))
        try:
            contract_date = parse_date(raw["contract_date"])
        except ValueError as error:
            errors.add(
                number, "계약일자", str(error) if clean_text(raw["contract_date"]) else "계약일자가 비어 있습니다."
            )
            contract_date = None
        title = clean_text(raw["title"])
        if not title:
            errors.add(number, "계약명", "계약명이 비어 있습니다.")
        kind = KINDS.get(clean_text(raw["kind"]).replace(" ", ""))
        if kind is None:
            errors.add(number, "구분", f"구분 ‘{clean_text(raw['kind'])}’은(는) 물품 · 용역 · 공사 중 하나여야 합니다.")
        method_text = clean_text(raw.get("method")).replace(" ", "")
        method = METHODS.get(method_text, "") if method_text else ""
        if method_text and not method:
            errors.add(
                number,
                "계약방법",
                f"계약방법 ‘{method_text}’을(를) 알 수 없습니다. "
                "일반경쟁 · 제한경쟁 · 수의1인견적 · 수의2인이상견적 · 종합쇼핑몰 중 하나로 입력해 주세요.",
            )
        try:
            amount = parse_won(raw["amount"])
            if amount <= 0:
                errors.add(number, "계약금액", "계약금액은 0원보다 커야 합니다.")
        except ValueError as error:
            errors.add(number, "계약금액", str(error) if clean_text(raw["amount"]) else "계약금액이 비어 있습니다.")
            amount = 0
        supplier = clean_text(raw["supplier"])
        if not supplier:
            errors.add(number, "업체명", "업체명이 비어 있습니다.")
        business_no, problem = self._business_no(raw["supplier_business_no"])
        if problem:
            errors.add(number, "사업자등록번호", problem)
        category_text = clean_text(raw.get("category"))
        category_id = None
        if category_text:
            category_id = self.categories.get(category_text.upper(), self.categories.get(category_text))
            if category_id is None:
                errors.add(
                    number,
                    "분류",
                    f"분류 ‘{category_text}’을(를) 알 수 없습니다. 분류 코드(예: PRINT)로 입력해 주세요.",
                )
        if len(errors.items) > before:
            return None
        return Line(
            institution_name[:100],
            department_name[:100],
            contract_date,
            title[:300],
            kind,
            method,
            amount,
            supplier[:200],
            business_no,
            category_id,
        )

    def _business_no(self, raw) -> tuple[str, str | None]:
        key = raw if isinstance(raw, str) else str(raw)
        known = self.business_numbers.get(key)
        if known is None:
            text = clean_text(raw)
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

    # --- a chunk --------------------------------------------------------------------------------------

    def _unit(self, institution_name: str, department_name: str) -> tuple[int, int | None]:
        """Ids of the institution and department, creating them when the file names new ones."""
        unit = self.units.get((institution_name, department_name))
        if unit is not None:
            return unit
        institution = self.institutions.get(institution_name)
        if institution is None:
            institution = Institution.objects.create(name=institution_name, kind=InstitutionKind.OTHER)
            self.institutions[institution_name] = institution
        department = None
        if department_name:
            department = self.departments.get((institution.pk, department_name))
            if department is None:
                department = Department.objects.create(institution=institution, name=department_name)
                self.departments[(institution.pk, department_name)] = department
        unit = (institution.pk, department.pk if department else None)
        self.units[(institution_name, department_name)] = unit
        return unit

    def _write(self, chunk: list["Line"], result: ImportResult):
        keyed = []
        for line in chunk:
            base = (line.institution, line.department, line.day.isoformat(), line.title, line.kind, line.business_no)
            key = _identity(base, 0)
            occurrence = self.seen.occurrence(key)
            keyed.append((key if occurrence == 0 else _identity(base, occurrence), line))
        existing = {}
        if self.check_existing:  # an empty ledger (a first import) has nothing to compare against
            existing = {
                row[0]: row
                for row in PurchaseRecord.objects.filter(identity__in=[k for k, _ in keyed]).values_list(
                    "identity", "pk", "amount", "method", "supplier_name", "category_id"
                )
            }
        inserts, updates = [], []
        for identity, line in keyed:
            institution_id, department_id = self._unit(line.institution, line.department)
            self.touched.add((institution_id, line.day.year))
            exclusion_id = self.classifier.exclusion_id(line.title, line.day, line.category_id, line.business_no)
            old = existing.get(identity)
            if old is None:
                inserts.append(
                    (
                        institution_id,
                        department_id,
                        line.day,
                        line.title,
                        line.kind,
                        line.method,
                        line.amount,
                        line.supplier,
                        line.business_no,
                        line.category_id,
                        PurchaseSource.IMPORT,
                        self.batch.pk,
                        identity,
                        self.classifier.held_types(line.business_no, line.day),
                        exclusion_id,
                        self.now,
                    )
                )
                self.outcomes.append(_CREATED)
                result.created += 1
            elif old[2:6] != (line.amount, line.method, line.supplier, line.category_id):
                self.previous[str(old[1])] = dict(zip(_CHANGEABLE, old[2:6], strict=True))
                updates.append((old[1], line, exclusion_id))
                self.outcomes.append(_UPDATED)
                result.updated += 1
            else:
                self.outcomes.append(_UNCHANGED)
                result.unchanged += 1
        if inserts:
            _insert_many(inserts)
        for pk, line, exclusion_id in updates:
            PurchaseRecord.objects.filter(pk=pk).update(
                amount=line.amount,
                method=line.method,
                supplier_name=line.supplier,
                category_id=line.category_id,
                exclusion_id=exclusion_id,
            )


_CHANGEABLE = ("amount", "method", "supplier_name", "category_id")


class Line(NamedTuple):
    """One validated row of the file."""

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


def _insert_many(rows: list[tuple]) -> None:
    """Plain executemany: the ORM's per-object work would cost more than the validation itself."""
    table = PurchaseRecord._meta.db_table
    placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(INSERT_COLUMNS)}) VALUES ({placeholders})",  # noqa: S608
            rows,
        )
