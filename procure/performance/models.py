from django.db import models


class TargetKind(models.TextChoices):
    AMOUNT = "amount", "금액"
    RATIO = "ratio", "비율"


class Target(models.Model):
    """An annual purchase target of an institution (department empty) or one department."""

    year = models.PositiveSmallIntegerField("연도")
    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="targets")
    department = models.ForeignKey(
        "institutions.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    kind = models.CharField("목표 방식", max_length=10, choices=TargetKind.choices, default=TargetKind.AMOUNT)
    amount = models.BigIntegerField("목표 금액(원)", null=True, blank=True)
    # Basis points (1/100 of a percent) keep ratios as integers: 5.25% = 525.
    ratio_bp = models.PositiveIntegerField("목표 비율(1/100%)", null=True, blank=True)
    # What a ratio target is a share of, as the plan states it (총구매 계획액): ratio × base is the plan's amount.
    base_amount = models.BigIntegerField("기준 총구매액(원)", null=True, blank=True)

    class Meta:
        verbose_name = "구매 목표"
        verbose_name_plural = "구매 목표"
        constraints = [
            models.UniqueConstraint(fields=["year", "institution", "department"], name="one_target_per_unit"),
            models.UniqueConstraint(
                fields=["year", "institution"],
                condition=models.Q(department__isnull=True),
                name="one_institution_target_per_year",
            ),
        ]

    def __str__(self):
        unit = self.department.name if self.department_id else self.institution.name
        return f"{self.year} {unit}"

    @property
    def planned_amount(self) -> int | None:
        """The amount the plan means: the amount, or the ratio of the base the plan states (None: no base)."""
        if self.kind == TargetKind.AMOUNT:
            return self.amount
        if self.base_amount is None or self.ratio_bp is None:
            return None
        return (self.base_amount * self.ratio_bp + 5000) // 10000

    def amount_for(self, total_amount: int) -> int:
        """The target in won; a ratio target is a share of the unit's total purchases."""
        if self.kind == TargetKind.AMOUNT:
            return self.amount or 0
        return (total_amount * (self.ratio_bp or 0) + 5000) // 10000


class PurchasePlan(models.Model):
    """구매계획: the planned social-economy purchase amount of a month."""

    year = models.PositiveSmallIntegerField("연도")
    month = models.PositiveSmallIntegerField("월")
    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="plans")
    department = models.ForeignKey(
        "institutions.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="plans"
    )
    amount = models.BigIntegerField("계획 금액(원)")

    class Meta:
        verbose_name = "구매계획"
        verbose_name_plural = "구매계획"
        constraints = [
            models.UniqueConstraint(fields=["year", "month", "institution", "department"], name="one_plan_per_month")
        ]

    def __str__(self):
        return f"{self.year}.{self.month} {self.institution_id}"


class Regime(models.Model):
    """A counting regime: which enterprise types count, which kinds form the denominator, which exclusions.

    Read only by the figures (performance); the ledger's roll-ups are regime-independent."""

    code = models.SlugField("코드", max_length=30, unique=True)
    name = models.CharField("이름", max_length=100)
    description = models.TextField("설명", blank=True, max_length=2000)
    counted_types = models.JSONField("인정 기업유형", default=list)
    denominator_kinds = models.JSONField("총구매액에 넣는 구분", default=list)
    exclusions = models.ManyToManyField(
        "ledger.Exclusion", verbose_name="적용 제외 규칙", blank=True, db_table="ledger_regime_exclusions"
    )
    is_default = models.BooleanField("기본", default=False)

    class Meta:
        db_table = "ledger_regime"  # kept from when it lived in the ledger app
        verbose_name = "집계 기준"
        verbose_name_plural = "집계 기준"
        ordering = ["-is_default", "code"]

    def __str__(self):
        return self.name


class YearClosing(models.Model):
    """Whether the district closed a year's figures: 확정 from then on, 잠정 until then (or after a reopening).

    One row per year, changed only by the district (performance/services.year_close, year_reopen), every change
    audited with its reason."""

    year = models.PositiveSmallIntegerField("연도", unique=True)
    closed = models.BooleanField("마감", default=True)
    changed_at = models.DateTimeField("바꾼 일시")
    changed_by = models.ForeignKey(
        "accounts.User", verbose_name="바꾼 사람", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField("사유", max_length=1000, blank=True)

    class Meta:
        verbose_name = "연도 마감"
        verbose_name_plural = "연도 마감"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}년 {'확정' if self.closed else '잠정'}"
