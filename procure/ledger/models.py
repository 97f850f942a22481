"""The purchase ledger: one row per contract or purchase, from every source."""

from django.conf import settings
from django.db import models

from procure.enterprises.models import TYPE_PRECEDENCE


class PurchaseKind(models.TextChoices):
    GOODS = "goods", "물품"
    SERVICES = "services", "용역"
    WORKS = "works", "공사"


class ContractMethod(models.TextChoices):
    OPEN = "open", "일반경쟁"
    RESTRICTED = "restricted", "제한경쟁"
    SINGLE_QUOTE = "single_quote", "수의1인견적"
    MULTI_QUOTE = "multi_quote", "수의2인이상견적"
    SHOPPING_MALL = "shopping_mall", "종합쇼핑몰"
    # As 나라장터 publishes them (계약체결방법명): 지명경쟁, and 수의계약 without the number of quotes.
    NOMINATED = "nominated", "지명경쟁"
    PRIVATE = "private", "수의계약"


class PurchaseSource(models.TextChoices):
    PLATFORM = "platform", "플랫폼 주문"
    IMPORT = "import", "가져오기"
    MANUAL = "manual", "직접 입력"
    API = "api", "API 올리기"
    # Collected from the public data portal (procure/g2b): 조달청 계약정보서비스 and 종합쇼핑몰 납품요구.
    G2B = "g2b", "나라장터"
    MALL = "mall", "종합쇼핑몰"


class MatchStatus(models.TextChoices):
    """How a line stands against the platform's own contracts (docs/formats.md §3, "한 계약은 한 번")."""

    NONE = "", "대조할 계약 없음"
    MATCHED = "matched", "이미 센 계약과 같은 계약(자동)"
    PENDING = "pending", "확인 필요"
    LINKED = "linked", "같은 계약으로 확인"
    SEPARATED = "separated", "다른 계약으로 확인"


# Lines the figures count: a line that is (or may be) a copy of a platform contract is held out.
COUNTED_STATUSES = (MatchStatus.NONE, MatchStatus.SEPARATED)


class PurchaseQuerySet(models.QuerySet):
    def counted(self):
        """Lines the figures count: reversals (negative) included, copies of platform contracts not."""
        return self.filter(match_status__in=COUNTED_STATUSES)

    def contracts(self):
        """One row per contract counted: the lines that are not themselves reversals."""
        return self.counted().filter(reversal_of=None)


class LedgerBatch(models.Model):
    """One imported file: who, when, its hash, and every row's outcome (for undo)."""

    filename = models.CharField("파일명", max_length=255)
    sha256 = models.CharField("파일 해시", max_length=64, db_index=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField("가져온 일시", auto_now_add=True)
    rows = models.PositiveIntegerField("행 수", default=0)
    created = models.PositiveIntegerField("새로 등록", default=0)
    updated = models.PositiveIntegerField("변경", default=0)
    unchanged = models.PositiveIntegerField("변경 없음", default=0)
    # One character per data row, in file order: c(reated) u(pdated) =(unchanged).
    outcomes = models.TextField("행별 결과", blank=True)
    # Values of updated rows before this batch, {record id: {field: value}}, for undo.
    previous_values = models.JSONField("변경 전 값", default=dict, blank=True)
    # Departments this import created on purpose (ids): undoing the batch removes them again.
    created_departments = models.JSONField("만든 부서", default=list, blank=True)
    undone_at = models.DateTimeField("되돌린 일시", null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undo_reason = models.CharField("되돌린 사유", max_length=500, blank=True)

    class Meta:
        verbose_name = "원장 가져오기"
        verbose_name_plural = "원장 가져오기"
        ordering = ["-imported_at"]

    def __str__(self):
        return f"{self.filename} ({self.imported_at:%Y-%m-%d %H:%M})"


class PurchaseRecord(models.Model):
    # Few indexes on purpose: every one costs on each of a million imported lines, and dashboards read
    # roll-ups. Kept: identity (re-imports), supplier (recounts, an enterprise's sales), department + date
    # (a department's purchases, newest first). Roll-up rebuilds read whole institution-years: a scan.
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="purchases", db_index=False
    )
    department = models.ForeignKey(
        "institutions.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="purchases",
        db_index=False,
    )
    contract_date = models.DateField("계약일자")
    title = models.CharField("계약명", max_length=300)
    kind = models.CharField("구분", max_length=10, choices=PurchaseKind.choices)
    method = models.CharField("계약방법", max_length=15, choices=ContractMethod.choices, blank=True)
    amount = models.BigIntegerField("계약금액(원)")
    supplier_name = models.CharField("업체명", max_length=200)
    supplier_business_no = models.CharField("사업자등록번호", max_length=10)
    category = models.ForeignKey("catalog.Category", null=True, blank=True, on_delete=models.PROTECT, db_index=False)
    source = models.CharField("출처", max_length=10, choices=PurchaseSource.choices, default=PurchaseSource.IMPORT)
    batch = models.ForeignKey(
        LedgerBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="records", db_index=False
    )
    # Identity of the line for re-imports: institution, department, date, title, kind, supplier and the
    # occurrence among identical lines of one file; a changed amount or method is then an update.
    identity = models.BigIntegerField()
    # Derived, kept current by services: the supplier's certification types on the contract date
    # ("certified_se", "coop,village", or "" for none), and the exclusion that removes the line from counts.
    held_types = models.CharField("계약일 기준 기업유형", max_length=100, blank=True)
    exclusion = models.ForeignKey("Exclusion", null=True, blank=True, on_delete=models.SET_NULL, db_index=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # A reversal (환수 · 계약 해제) is a line of its own: negative, dated by its contract's date so that it nets in
    # the same month and unit, pointing at the line it corrects; the original stays. `line_count` is what the
    # line adds to the number of contracts: 1, -1 for a whole reversal, 0 for a partial one.
    reversal_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversals", db_index=False
    )
    line_count = models.SmallIntegerField("건수 기여", default=1, db_default=1)
    note = models.CharField("사유", max_length=500, blank=True, default="", db_default="")
    # No database constraint: a first load drops and rebuilds the ledger's foreign keys (bulk.SecondaryStructures),
    # and on PostgreSQL dropping one locks the table it refers to — the users table would be locked (no sign-in)
    # for the whole load. Users are deactivated, not deleted; Django's SET_NULL still applies if one is.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # Reconciliation with platform contracts (ledger/reconcile.py): a copy of a platform contract is held out
    # of the figures, automatically when the match is sure, "확인 필요" until an officer decides when it is not.
    match_status = models.CharField(
        "플랫폼 계약 대조", max_length=10, choices=MatchStatus.choices, blank=True, default="", db_default=""
    )
    match_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_copies", db_index=False
    )
    # A collected line's number at its source (나라장터 통합계약번호; 종합쇼핑몰 납품요구번호-품목순번) and the source's
    # revision of it (계약 변경일시; 납품요구 변경차수): a re-collection updates the line, an older revision never
    # overwrites a newer one. Empty for every other source.
    source_ref = models.CharField("출처 번호", max_length=40, blank=True, default="", db_default="")
    source_revision = models.CharField("출처 변경차수", max_length=20, blank=True, default="", db_default="")

    objects = PurchaseQuerySet.as_manager()

    class Meta:
        verbose_name = "구매 실적"
        verbose_name_plural = "구매 실적"
        ordering = ["-contract_date", "-pk"]
        # Named, table-level index and constraints (not field options), so a first load into an empty
        # ledger can drop and rebuild them (ledger/bulk.py: SecondaryStructures).
        indexes = [
            models.Index(fields=["department", "contract_date"], name="purchase_department_date_idx"),
            models.Index(fields=["supplier_business_no"], name="purchase_supplier_idx"),
            # Partial: only the few reversals and copies are in them, so an import pays nothing for them, while
            # deleting lines (a flush, an undone batch) checks these self-references by index, not by a scan of
            # the whole ledger for every line (which took a 250,000-line ledger hours on SQLite).
            models.Index(
                fields=["reversal_of"], name="purchase_reversal_of_idx", condition=models.Q(reversal_of__isnull=False)
            ),
            models.Index(fields=["match_of"], name="purchase_match_of_idx", condition=models.Q(match_of__isnull=False)),
            # Partial: only collected lines (나라장터, 종합쇼핑몰) have a source number. A re-collection finds every
            # line of a contract by it (a joint member dropped, a contract the source deleted: ledger/collected.py).
            # Queries add `.exclude(source_ref="")` so that SQLite sees the index's condition and uses it.
            models.Index(fields=["source_ref"], name="purchase_source_ref_idx", condition=~models.Q(source_ref="")),
        ]
        constraints = [
            # Only a reversal is negative (and never zero).
            models.CheckConstraint(
                condition=models.Q(amount__gt=0) | models.Q(amount__lt=0, reversal_of__isnull=False),
                name="purchase_amount_signed",
            ),
            # Written as an expression so that Django builds it as its own index on SQLite too (a plain
            # unique field is part of the table there and could not be dropped for a first load).
            models.UniqueConstraint(models.F("identity"), name="purchase_identity_unique"),
        ]

    def __str__(self):
        return f"{self.contract_date} {self.title}"


def canonical_types(types) -> str:
    """A stable text for a set of types, strongest first: {"coop", "village"} → "village,coop"."""
    present = set(types)
    return ",".join(t for t in TYPE_PRECEDENCE if t in present)


class Exclusion(models.Model):
    """A named, dated rule that takes purchases out of the figures (e.g. 코로나19 백신 구매, 2021)."""

    name = models.CharField("이름", max_length=100)
    reason = models.TextField("근거", blank=True, max_length=2000)
    valid_from = models.DateField("적용 시작일", null=True, blank=True)
    valid_to = models.DateField("적용 종료일", null=True, blank=True)
    title_contains = models.CharField("계약명에 포함된 말", max_length=100, blank=True)
    category = models.ForeignKey("catalog.Category", null=True, blank=True, on_delete=models.PROTECT)
    supplier_business_no = models.CharField("업체 사업자등록번호", max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "집계 제외 규칙"
        verbose_name_plural = "집계 제외 규칙"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def matches(self, *, title: str, contract_date, category_id, supplier_business_no: str) -> bool:
        if self.valid_from and contract_date < self.valid_from:
            return False
        if self.valid_to and contract_date > self.valid_to:
            return False
        if not (self.title_contains or self.category_id or self.supplier_business_no):
            return False
        return (
            (not self.title_contains or self.title_contains in title)
            and (not self.category_id or self.category_id == category_id)
            and (not self.supplier_business_no or self.supplier_business_no == supplier_business_no)
        )


class Rollup(models.Model):
    """Sums of the ledger by month, unit, kind and supplier types; dashboards read only roll-ups.

    Regime-independent: `held_types` keeps which types the supplier held, so any regime's numerator is a
    filter over roll-ups, and editing a regime needs no recomputation.
    """

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    # PROTECT: figures never vanish because something they refer to was deleted; services rebuild them.
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("institutions.Department", null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10)
    held_types = models.CharField(max_length=100, blank=True)
    exclusion = models.ForeignKey(Exclusion, null=True, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["year", "institution"])]

    def __str__(self):
        return f"{self.year}-{self.month} {self.institution_id} {self.amount}"


class CategoryRollup(models.Model):
    """Yearly sums by category (a separate table keeps the monthly roll-up small)."""

    year = models.PositiveSmallIntegerField()
    # PROTECT: figures never vanish because something they refer to was deleted; services rebuild them.
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("institutions.Department", null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10)
    category = models.ForeignKey("catalog.Category", null=True, on_delete=models.PROTECT, related_name="+")
    held_types = models.CharField(max_length=100, blank=True)
    exclusion = models.ForeignKey(Exclusion, null=True, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["year", "institution"])]

    def __str__(self):
        return f"{self.year} {self.institution_id} {self.category_id} {self.amount}"


class LedgerState(models.Model):
    """One row: a counter bumped whenever figures may change, so cached figures are never stale."""

    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"ledger version {self.version}"
