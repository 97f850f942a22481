"""Rules that change with the law, as dated data: which contract routes a purchase may take."""

from django.db import models
from django.db.models import Q

from procure.core.money import WonValidator


class Regime(models.TextChoices):
    LOCAL = "local", "지방계약법 (지방자치단체·지방공기업·출자출연기관)"
    NATIONAL = "national", "국가계약법 (국가기관·공공기관)"


class SupplierGroup(models.TextChoices):
    """The supplier groups of 지방계약법 시행령 §25①5 and 국가계약법 시행령 §26①5가 (domain-research §1.3a). The
    codes other than ANYONE and SOCIAL_ECONOMY are those enterprises.selectors.supplier_groups_on returns."""

    ANYONE = "anyone", "누구나"
    SOCIAL_ECONOMY = "social_economy", "사회적기업·사회적협동조합·자활기업·마을기업"
    SMALL_MICRO = "small_micro", "소기업·소상공인"
    WOMEN = "women", "여성기업"
    DISABLED = "disabled", "장애인기업"
    YOUTH_STARTUP = "youth_startup", "청년창업기업"


class KindScope(models.TextChoices):
    GOODS_SERVICES = "goods_services", "물품·용역"
    WORKS = "works", "공사 (종류 무관)"
    WORKS_GENERAL = "works_general", "종합공사"
    WORKS_SPECIALTY = "works_specialty", "전문공사"
    WORKS_OTHER = "works_other", "기타 공사 (전기·정보통신·소방 등)"


class WorksType(models.TextChoices):
    """The three kinds of works with their own 수의계약 limits (§25①5가, §26①5가1))."""

    GENERAL = "general", "종합공사"
    SPECIALTY = "specialty", "전문공사"
    OTHER = "other", "기타 공사 (전기·정보통신·소방 등)"


class Route(models.TextChoices):
    SINGLE_QUOTE = "single_quote", "1인 견적 수의계약"
    MULTI_QUOTE = "multi_quote", "2인 이상 견적 수의계약"


class RouteRuleQuerySet(models.QuerySet):
    def effective_on(self, day):
        return self.filter(
            Q(effective_from__isnull=True) | Q(effective_from__lte=day),
            Q(effective_to__isnull=True) | Q(effective_to__gte=day),
        )


class RouteRule(models.Model):
    """Up to `max_amount` won (추정가격, VAT excluded) a purchase of `kind_scope` from a supplier of `group` may
    take `route`, between `effective_from` and `effective_to` (inclusive), under `regime`. A rule that is not
    `verified` was read from a secondary source and says so until the district administrator confirms it."""

    regime = models.CharField("적용 법령", max_length=10, choices=Regime.choices)
    group = models.CharField("공급자", max_length=20, choices=SupplierGroup.choices)
    kind_scope = models.CharField("구분", max_length=20, choices=KindScope.choices)
    route = models.CharField("계약 방법", max_length=20, choices=Route.choices)
    max_amount = models.BigIntegerField("한도(추정가격, 원)", validators=[WonValidator("한도")])
    min_vulnerable_share_bp = models.PositiveIntegerField(
        "취약계층 고용비율 하한(만분율)", null=True, blank=True, help_text="3000 = 30%. 비워 두면 조건 없음"
    )
    basis = models.CharField("법적 근거", max_length=200)
    effective_from = models.DateField("시행일", null=True, blank=True)
    effective_to = models.DateField("종료일", null=True, blank=True, help_text="이날까지 적용. 비워 두면 계속")
    source_url = models.URLField("출처", max_length=500, blank=True)
    verified = models.BooleanField("확인됨", default=False, help_text="법령 원문으로 확인한 값인지")
    checked = models.TextField(
        "확인한 범위", blank=True, max_length=1000, help_text="무엇을 어디서 읽었고 무엇을 읽지 못했는지"
    )
    condition = models.TextField(
        "조건 (조건부)",
        blank=True,
        max_length=1000,
        help_text="플랫폼이 알 수 없는 요건. 적으면 이 규칙으로 가능한 금액은 '조건부'로 답하고 이 문구를 보여 줍니다",
    )
    note = models.TextField("비고", blank=True, max_length=1000)

    objects = RouteRuleQuerySet.as_manager()

    class Meta:
        verbose_name = "수의계약 한도 규칙"
        verbose_name_plural = "수의계약 한도 규칙"
        ordering = ["regime", "kind_scope", "group", "route", "effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(max_amount__gt=0), name="route_rule_amount_positive"),
            models.CheckConstraint(
                condition=Q(effective_from__isnull=True)
                | Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="route_rule_period_in_order",
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_regime_display()} {self.get_group_display()} {self.get_route_display()} ≤ {self.max_amount:,}원"
        )


class RequestStatus(models.TextChoices):
    OPEN = "open", "견적 받는 중"
    AWARDED = "awarded", "계약함"
    CLOSED = "closed", "마감"


class QuoteRequest(models.Model):
    """A buyer asks one or several enterprises for a quote."""

    institution = models.ForeignKey(
        "institutions.Institution", verbose_name="기관", on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "institutions.Department",
        verbose_name="부서",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_by = models.ForeignKey("accounts.User", verbose_name="요청자", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("건명", max_length=200)
    kind = models.CharField("구분", max_length=10, choices=[("goods", "물품"), ("services", "용역"), ("works", "공사")])
    works_type = models.CharField("공사 종류", max_length=10, choices=WorksType.choices, blank=True)
    category = models.ForeignKey(
        "catalog.Category", verbose_name="분류", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    estimated_price = models.BigIntegerField(
        "추정가격 (부가세 제외, 원)",
        null=True,
        blank=True,
        help_text="견적을 받기 전에 정한 값. 계약 방법은 이 금액으로 판단합니다",
    )
    tax_status = models.CharField(
        "과세 구분", max_length=10, choices=[("taxable", "과세 (부가세 10%)"), ("exempt", "면세")], default="taxable"
    )
    description = models.TextField("요청 내용 (품목·수량·규격)", max_length=4000)
    delivery_place = models.CharField("납품 장소", max_length=200, blank=True)
    deliver_by = models.DateField("납품 기한", null=True, blank=True)
    budget = models.BigIntegerField("예산 (원, 부가세 포함)", null=True, blank=True)
    answer_by = models.DateField("견적 마감일")
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise", verbose_name="요청 받은 기업", related_name="quote_requests"
    )
    status = models.CharField("상태", max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    # The 분할 check when the request was made: the earlier requests it matched, their total with this one, the
    # limit they pass together and the officer's reason for going on ({} when nothing matched).
    split_check = models.JSONField("분할계약 점검", default=dict, blank=True, editable=False)
    created_at = models.DateTimeField("요청 일시", auto_now_add=True)

    class Meta:
        verbose_name = "견적 요청"
        verbose_name_plural = "견적 요청"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class Quote(models.Model):
    """An enterprise's answer to a request."""

    request = models.ForeignKey(QuoteRequest, verbose_name="견적 요청", on_delete=models.CASCADE, related_name="quotes")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="기업", on_delete=models.PROTECT, related_name="+"
    )
    supply_amount = models.BigIntegerField("공급가액 (부가세 제외, 원)")
    vat = models.BigIntegerField("부가세 (원)", default=0)
    valid_until = models.DateField("견적 유효기간")
    terms = models.TextField("납품 조건", max_length=2000, blank=True)
    submitted_at = models.DateTimeField("제출 일시", auto_now_add=True)

    class Meta:
        verbose_name = "견적"
        verbose_name_plural = "견적"
        ordering = ["supply_amount"]
        constraints = [
            models.UniqueConstraint(fields=["request", "enterprise"], name="one_quote_per_enterprise"),
            models.CheckConstraint(condition=Q(supply_amount__gt=0) & Q(vat__gte=0), name="quote_amounts_valid"),
        ]

    def __str__(self):
        return f"{self.request.title} — {self.enterprise.name}"

    @property
    def amount(self) -> int:
        return self.supply_amount + self.vat


class ContractStatus(models.TextChoices):
    SIGNED = "signed", "계약"
    COMPLETED = "completed", "완료 보고"
    INSPECTED = "inspected", "검수 합격"
    FAILED = "failed", "검수 불합격"
    CLAIMED = "claimed", "대금 청구"
    PAID = "paid", "지급 완료"
    CANCELLED = "cancelled", "취소"


class Contract(models.Model):
    """A quote accepted by a lawful route: completion, 검수 and payment follow; paid, it is a ledger line."""

    number = models.CharField("계약번호", max_length=30, unique=True)
    request = models.OneToOneField(
        QuoteRequest, verbose_name="견적 요청", on_delete=models.PROTECT, related_name="contract"
    )
    quote = models.OneToOneField(Quote, verbose_name="견적", on_delete=models.PROTECT, related_name="contract")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="기업", on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "institutions.Institution", verbose_name="기관", on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "institutions.Department",
        verbose_name="부서",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("계약명", max_length=200)
    kind = models.CharField("구분", max_length=10)
    amount = models.BigIntegerField("계약금액 (원, 부가세 포함)")
    supply_amount = models.BigIntegerField("추정가격 (부가세 제외, 원)")
    route = models.CharField("계약 방법", max_length=20)
    route_label = models.CharField("계약 방법 이름", max_length=50)
    basis = models.CharField("법적 근거", max_length=200)
    contract_date = models.DateField("계약일")
    status = models.CharField("상태", max_length=10, choices=ContractStatus.choices, default=ContractStatus.SIGNED)
    completed_at = models.DateTimeField("완료 보고 일시", null=True, blank=True)
    inspected_at = models.DateTimeField("검수 일시", null=True, blank=True)
    inspection_note = models.TextField("검수 의견", max_length=2000, blank=True)
    claimed_at = models.DateTimeField("대금 청구 일시", null=True, blank=True)
    paid_at = models.DateTimeField("대금 지급 일시", null=True, blank=True)
    cancel_reason = models.TextField("취소 사유", max_length=1000, blank=True)
    rating = models.PositiveSmallIntegerField(
        "납품 평가 (1~5)", null=True, blank=True, choices=[(n, f"{n}점") for n in range(1, 6)]
    )
    purchase_id = models.BigIntegerField("구매실적 행", null=True, blank=True, editable=False)
    # Reminders already sent, {"<stage>:<due date>": "<sent on>"}: each is sent once (send_buying_reminders).
    reminders_sent = models.JSONField("보낸 알림", default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="계약 담당", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("등록일시", auto_now_add=True)

    class Meta:
        verbose_name = "계약"
        verbose_name_plural = "계약"
        ordering = ["-contract_date", "-pk"]

    def __str__(self):
        return f"{self.number} {self.title}"


class QuoteDecline(models.Model):
    """An enterprise says it will not quote, and why (the buyer need not wait for it)."""

    request = models.ForeignKey(
        QuoteRequest, verbose_name="견적 요청", on_delete=models.CASCADE, related_name="declines"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="기업", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("사유", max_length=1000)
    created_at = models.DateTimeField("일시", auto_now_add=True)

    class Meta:
        verbose_name = "견적 사양"
        verbose_name_plural = "견적 사양"
        constraints = [models.UniqueConstraint(fields=["request", "enterprise"], name="one_decline_per_enterprise")]

    def __str__(self):
        return f"{self.request.title} — {self.enterprise.name} 사양"


class RequestMessage(models.Model):
    """A question and its answers about a request: one thread per invited enterprise."""

    request = models.ForeignKey(
        QuoteRequest, verbose_name="견적 요청", on_delete=models.CASCADE, related_name="messages"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="기업", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey("accounts.User", verbose_name="작성자", on_delete=models.PROTECT, related_name="+")
    body = models.TextField("내용", max_length=2000)
    created_at = models.DateTimeField("작성 일시", auto_now_add=True)

    class Meta:
        verbose_name = "견적 문의"
        verbose_name_plural = "견적 문의"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.request.title} — {self.enterprise.name}"


def attachment_upload_to(instance, filename):
    from procure.core.uploads import generated_upload_name

    return generated_upload_name(f"buying/{instance.request_id}", filename)


class Attachment(models.Model):
    """A file on a request (the buyer's specifications), a quote or a completion report (the enterprise's)."""

    STAGES = [("request", "요청"), ("quote", "견적"), ("completion", "완료 보고")]
    request = models.ForeignKey(
        QuoteRequest, verbose_name="견적 요청", on_delete=models.CASCADE, related_name="attachments"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="기업", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField("단계", max_length=12, choices=STAGES)
    file = models.FileField("파일", upload_to=attachment_upload_to)
    label = models.CharField("설명", max_length=200)
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name="올린 사람", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("올린 일시", auto_now_add=True)

    class Meta:
        verbose_name = "첨부 파일"
        verbose_name_plural = "첨부 파일"
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.label


class ContractNumber(models.Model):
    """The last contract number given per institution and year: awards take the next one under a row lock, so two
    awards at the same moment never get the same number."""

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="one_contract_number_row")]

    def __str__(self):
        return f"{self.institution_id}-{self.year}: {self.last}"


class CorrectionKind(models.TextChoices):
    RESCIND = "rescind", "계약 해제 (전액)"
    REFUND = "refund", "환수 (일부 금액)"


class CorrectionStatus(models.TextChoices):
    REQUESTED = "requested", "승인 대기"
    APPROVED = "approved", "승인"
    REJECTED = "rejected", "반려"


class ContractCorrection(models.Model):
    """A correction after the enterprise claimed or was paid: asked by the buyer with a reason, decided by the
    district or the center. Approved after payment, it is a reversal in the ledger (ledger/writer.line_reverse)."""

    contract = models.ForeignKey(Contract, verbose_name="계약", on_delete=models.PROTECT, related_name="corrections")
    kind = models.CharField("구분", max_length=10, choices=CorrectionKind.choices)
    amount = models.BigIntegerField("금액 (원)")
    reason = models.TextField("사유", max_length=1000)
    status = models.CharField(
        "상태", max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.REQUESTED
    )
    requested_by = models.ForeignKey("accounts.User", verbose_name="요청자", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("요청 일시", auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User", verbose_name="결정한 사람", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("결정 일시", null=True, blank=True)
    decision_note = models.TextField("결정 의견", max_length=1000, blank=True)
    reversal_id = models.BigIntegerField("되돌린 원장 줄", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "계약 정정 (환수·해제)"
        verbose_name_plural = "계약 정정 (환수·해제)"
        ordering = ["-requested_at", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="correction_amount_positive")]

    def __str__(self):
        return f"{self.contract.number} {self.get_kind_display()} {self.amount:,}원"


class ContractChange(models.Model):
    """A 변경계약: the amount before and after, the estimate (추정가격) it was judged on and the reason. Before 검수
    the buyer changes the contract; after 검수 the change waits for the district's or the center's approval."""

    contract = models.ForeignKey(Contract, verbose_name="계약", on_delete=models.PROTECT, related_name="changes")
    amount_before = models.BigIntegerField("변경 전 계약금액 (원)")
    amount_after = models.BigIntegerField("변경 후 계약금액 (원)")
    supply_before = models.BigIntegerField("변경 전 공급가액 (원)")
    supply_after = models.BigIntegerField("변경 후 공급가액 (원)")
    estimated_price = models.BigIntegerField("추정가격 (부가세 제외, 원)", null=True, blank=True)
    reason = models.TextField("변경 사유", max_length=1000)
    status = models.CharField(
        "상태", max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.APPROVED
    )
    requested_by = models.ForeignKey("accounts.User", verbose_name="요청자", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("요청 일시", auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User", verbose_name="승인한 사람", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("결정 일시", null=True, blank=True)
    decision_note = models.TextField("결정 의견", max_length=1000, blank=True)

    class Meta:
        verbose_name = "변경계약"
        verbose_name_plural = "변경계약"
        ordering = ["requested_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_after__gt=0) & Q(supply_after__gt=0), name="contract_change_amounts_positive"
            )
        ]

    def __str__(self):
        return f"{self.contract.number} {self.amount_before:,}원 → {self.amount_after:,}원"
