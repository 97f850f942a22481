"""What a valid line of a purchase ledger is (docs/formats.md §3): its columns and one rule per column.

Each rule takes a cell and returns (value, Korean problem or None). Both import lanes and the manual entry
form apply exactly these rules, so a line typed in and a line imported are checked alike.
"""

import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError

from procure.catalog.models import Category
from procure.core.business_no import normalize_business_no, validate_business_no
from procure.core.money import MAX_WON
from procure.core.tabular import Column, clean_text, parse_date, parse_won
from procure.core.text import quoted
from procure.institutions.selectors import UnitDirectory
from procure.ledger.models import ContractMethod, PurchaseKind

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
# The kernel's bound on a won amount (100조 원): no contract of a district comes near it, and it keeps every sum of
# a chunk inside 64-bit integers.
MAX_AMOUNT = MAX_WON


class LineRules:
    """What a valid cell of each column is. Each rule takes a cell and returns (value, problem); both the
    row-by-row lane and the column lane (column_lane.py) apply exactly these rules; so does the form for
    a purchase typed in by hand (forms.py)."""

    def __init__(self, directory: UnitDirectory | None = None):
        # Institutions are reference data: a line names one that is declared (or an alias of it).
        self.directory = directory or UnitDirectory()
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

    def institution(self, cell):
        text = clean_text(cell)
        if not text:
            return "", "기관명이 비어 있습니다."
        if self.directory.institution(text) is None:
            nearest = self.directory.institution_suggestions(text)
            hint = f" 비슷한 기관: {', '.join(nearest)}." if nearest else ""
            return text[:100], (
                f"기관 {quoted(text, '은/는')} 등록된 기관이 아닙니다.{hint} "
                "기관은 구 관리자가 기관 관리(또는 import_institutions)에서 먼저 등록합니다."
            )
        return text[:100], None

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
        return (kind, None) if kind else (None, f"구분 {quoted(text, '은/는')} 물품 · 용역 · 공사 중 하나여야 합니다.")

    @staticmethod
    def method(cell):
        text = clean_text(cell).replace(" ", "")
        if not text:
            return "", None
        method = METHODS.get(text)
        if method:
            return method, None
        return "", (
            f"계약방법 {quoted(text, '을/를')} 알 수 없습니다. "
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
            if not text:
                known = ("", "사업자등록번호가 비어 있습니다.")
            else:
                try:
                    validate_business_no(text)  # the kernel's rule: the same messages as every form
                    known = (normalize_business_no(text), None)
                except ValidationError as error:
                    known = ("", error.messages[0])
            self.business_numbers[key] = known
        return known

    def category(self, cell):
        text = clean_text(cell)
        if not text:
            return None, None
        category_id = self.categories.get(text.upper(), self.categories.get(text))
        if category_id is None:
            return None, f"분류 {quoted(text, '을/를')} 알 수 없습니다. 분류 코드(예: PRINT)로 입력해 주세요."
        return category_id, None


class Line(NamedTuple):
    """One validated row of the file (the fields of column_lane.Columns, in the same order)."""

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
