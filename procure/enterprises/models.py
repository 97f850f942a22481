import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from procure.core.business_no import format_business_no, validate_business_no
from procure.core.uploads import generated_upload_name
from procure.enterprises.qualification_kinds import KIND_BY_CODE, kind_label


class EnterpriseType(models.TextChoices):
    CERTIFIED_SOCIAL_ENTERPRISE = "certified_se", "인증사회적기업"
    PRE_SOCIAL_ENTERPRISE = "pre_se", "예비사회적기업"
    SOCIAL_COOPERATIVE = "social_coop", "사회적협동조합"
    COOPERATIVE = "coop", "협동조합"
    VILLAGE_ENTERPRISE = "village", "마을기업"
    SELF_SUFFICIENCY_ENTERPRISE = "self_sufficiency", "자활기업"


# The longest a designation of a type lasts, in years (dated law: 예비사회적기업 is designated for at most three years,
# ../shared/design/domain-research.md §3.5). A period of such a type needs its start and ends by then at the latest.
MAXIMUM_TERM_YEARS = {EnterpriseType.PRE_SOCIAL_ENTERPRISE: 3}


def term_end_limit(type_: str, valid_from: datetime.date | None) -> datetime.date | None:
    """The last day a period of `type_` started on `valid_from` may last (None: no limit)."""
    years = MAXIMUM_TERM_YEARS.get(type_)
    if years is None or valid_from is None:
        return None
    try:
        anniversary = valid_from.replace(year=valid_from.year + years)
    except ValueError:  # 29 February
        anniversary = valid_from.replace(year=valid_from.year + years, day=28) + datetime.timedelta(days=1)
    return anniversary - datetime.timedelta(days=1)


def term_problem(type_: str, valid_from: datetime.date | None, valid_to: datetime.date | None) -> str | None:
    """What is wrong with a period against its type's longest term, in Korean (a blank end is filled in later)."""
    years = MAXIMUM_TERM_YEARS.get(type_)
    if years is None:
        return None
    label = EnterpriseType(type_).label
    if valid_from is None:
        return f"{label} 지정은 최대 {years}년이라 인증(지정)일자가 있어야 합니다."
    limit = term_end_limit(type_, valid_from)
    if valid_to is not None and valid_to > limit:
        return (
            f"{label} 지정은 최대 {years}년입니다: {valid_from:%Y.%m.%d} 지정이면 {limit:%Y.%m.%d}까지입니다. "
            "그 뒤는 인증사회적기업 등 새 지정으로 등록해 주세요."
        )
    return None


# When one enterprise holds several certifications on the same day, figures are attributed to the
# first type in this order (the strongest legal status first).
TYPE_PRECEDENCE = [
    EnterpriseType.CERTIFIED_SOCIAL_ENTERPRISE,
    EnterpriseType.PRE_SOCIAL_ENTERPRISE,
    EnterpriseType.SOCIAL_COOPERATIVE,
    EnterpriseType.VILLAGE_ENTERPRISE,
    EnterpriseType.SELF_SUFFICIENCY_ENTERPRISE,
    EnterpriseType.COOPERATIVE,
]
TYPE_BY_LABEL = {label: value for value, label in EnterpriseType.choices}


def open_on(day: datetime.date) -> Q:
    """Not closed or suspended on `day` by the tax service's answer (BusinessStatus.inactive_from)."""
    return (
        Q(business_status__isnull=True)
        | Q(business_status__inactive_from__isnull=True)
        | Q(business_status__inactive_from__gt=day)
    )


class EnterpriseQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        """Enterprises holding an approved certification valid on `day`."""
        return self.filter(
            Q(certifications__status=CertificationStatus.APPROVED),
            Q(certifications__valid_from__isnull=True) | Q(certifications__valid_from__lte=day),
            Q(certifications__valid_to__isnull=True) | Q(certifications__valid_to__gte=day),
            open_on(day),
            is_active=True,
        ).distinct()

    def pickable(self):
        """Enterprises an officer may pick (quote requests, suppliers): active and not closed or suspended by
        the tax service's last answer (BusinessStatus.inactive_from), unless the center cleared it. Independent
        of the date, so a form may build its queryset once."""
        return self.filter(
            Q(business_status__isnull=True) | Q(business_status__inactive_from__isnull=True), is_active=True
        )


class Enterprise(models.Model):
    """A social economy enterprise and its public profile. Its types live in its certifications."""

    name = models.CharField("기업명", max_length=200)
    business_no = models.CharField(
        "사업자등록번호", max_length=10, unique=True, validators=[validate_business_no], help_text="숫자 10자리"
    )
    representative = models.CharField("대표자", max_length=50, blank=True)
    address = models.CharField("소재지", max_length=300, blank=True)
    phone = models.CharField("전화", max_length=30, blank=True)
    homepage = models.URLField("홈페이지", max_length=300, blank=True)
    main_products = models.CharField("주요 품목·서비스", max_length=300, blank=True)
    description = models.TextField("기업 소개", blank=True, max_length=4000)
    employees = models.PositiveIntegerField("전체 근로자 수", null=True, blank=True)
    vulnerable_employees = models.PositiveIntegerField("취약계층 근로자 수", null=True, blank=True)
    categories = models.ManyToManyField("catalog.Category", verbose_name="주요 분야", blank=True)
    # A member's change of name waits for staff review, as a certification does (names are on the
    # public page, in purchase figures and in statutory exports).
    requested_name = models.CharField("검토 중인 새 기업명", max_length=200, blank=True)
    name_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="기업명 변경 요청자",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name_requested_at = models.DateTimeField("기업명 변경 요청 일시", null=True, blank=True)
    is_example = models.BooleanField("예시 기업", default=False, help_text="시연용 가상 기업")
    is_active = models.BooleanField("사용", default=True)
    created_at = models.DateTimeField("등록일시", auto_now_add=True)
    updated_at = models.DateTimeField("수정일시", auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = "사회적경제기업"
        verbose_name_plural = "사회적경제기업"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def business_no_display(self) -> str:
        return format_business_no(self.business_no)

    @property
    def vulnerable_share(self) -> Decimal | None:
        """Share of 취약계층 employees, exact (the 30% threshold is compared without rounding)."""
        if not self.employees or self.vulnerable_employees is None:
            return None
        return Decimal(self.vulnerable_employees) / Decimal(self.employees)

    @property
    def vulnerable_share_percent(self) -> int | None:
        """Share of 취약계층 employees, in whole percent rounded down (30% is a legal threshold)."""
        if not self.employees or self.vulnerable_employees is None:
            return None
        return self.vulnerable_employees * 100 // self.employees

    @property
    def is_local(self) -> bool:
        return "관악구" in self.address


def category_model():
    """The catalog's taxonomy (Enterprise.categories), reached through the relation: the catalog is a floor
    above the registry, so the registry never imports it."""
    return Enterprise._meta.get_field("categories").related_model


class CertificationStatus(models.TextChoices):
    PENDING = "pending", "승인 대기"
    APPROVED = "approved", "승인"
    REJECTED = "rejected", "반려"


class CertificationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=CertificationStatus.APPROVED)

    def valid_on(self, day: datetime.date):
        return self.approved().filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


def certification_upload_to(instance, filename):
    return generated_upload_name(f"certifications/{instance.enterprise_id}", filename)


class Certification(models.Model):
    """One period during which an enterprise held one type (예비 → 인증 is two rows)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="기업", on_delete=models.CASCADE, related_name="certifications"
    )
    type = models.CharField("기업유형", max_length=20, choices=EnterpriseType.choices)
    number = models.CharField("인증·지정 번호", max_length=50, blank=True)
    issuer = models.CharField("인증·지정 기관", max_length=100, blank=True)
    valid_from = models.DateField("인증일자", null=True, blank=True, help_text="비워 두면 처음부터 유효")
    valid_to = models.DateField("만료일자", null=True, blank=True, help_text="유효한 마지막 날. 비워 두면 기한 없음")
    document = models.FileField("증빙 서류", upload_to=certification_upload_to, blank=True)
    status = models.CharField(
        "상태", max_length=10, choices=CertificationStatus.choices, default=CertificationStatus.APPROVED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("검토 일시", null=True, blank=True)
    rejection_reason = models.TextField("반려 사유", blank=True, max_length=2000)
    expiry_notice = models.CharField(
        "만료 안내",
        max_length=10,
        blank=True,
        help_text="보낸 만료 안내 단계(soon/expired) — 같은 안내를 반복하지 않음",
    )
    created_at = models.DateTimeField("등록일시", auto_now_add=True)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = "인증·지정"
        verbose_name_plural = "인증·지정"
        ordering = ["enterprise", "valid_from"]
        indexes = [models.Index(fields=["enterprise", "status", "valid_from", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="certification_period_in_order",
                violation_error_message="만료일자는 인증일자보다 빠를 수 없습니다.",
            )
        ]

    def __str__(self):
        return f"{self.enterprise.name} {self.get_type_display()}"

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        problem = term_problem(self.type, self.valid_from, self.valid_to)
        if problem:
            raise ValidationError({"valid_to" if self.valid_from else "valid_from": problem})
        if self.valid_to is None:
            self.valid_to = term_end_limit(self.type, self.valid_from)

    def is_valid_on(self, day: datetime.date) -> bool:
        return (
            self.status == CertificationStatus.APPROVED
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_to is None or day <= self.valid_to)
        )


def photo_upload_to(instance, filename):
    return generated_upload_name(f"enterprise-photos/{instance.enterprise_id}", filename)


class EnterprisePhoto(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("사진", upload_to=photo_upload_to)
    caption = models.CharField("설명", max_length=200, blank=True, help_text="화면낭독기가 읽는 사진 설명")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "기업 사진"
        verbose_name_plural = "기업 사진"
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.caption or f"{self.enterprise_id} 사진"


def validate_qualification_kind(value: str) -> None:
    from django.core.exceptions import ValidationError

    if value not in KIND_BY_CODE:
        raise ValidationError("알 수 없는 자격 종류입니다. 목록에서 골라 주세요.")


def qualification_upload_to(instance, filename):
    return generated_upload_name(f"qualifications/{instance.enterprise_id}", filename)


class QualificationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=CertificationStatus.APPROVED)

    def valid_on(self, day: datetime.date):
        return self.approved().filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )


class EnterpriseQualification(models.Model):
    """A 확인서 that puts the enterprise in a supplier group of the decree (소기업·소상공인, 여성기업, …) or an
    업종 registration/licence it holds (실내건축공사업, 전기공사업, …), with its validity. The kinds are data:
    procure/enterprises/qualification_kinds.py. Recorded by the enterprise (pending until the center checks
    it) or by the center (approved), like certifications."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="기업", on_delete=models.CASCADE, related_name="qualifications"
    )
    kind = models.CharField("자격 종류", max_length=40, validators=[validate_qualification_kind])
    number = models.CharField("확인서·등록 번호", max_length=50, blank=True)
    issuer = models.CharField("발급 기관", max_length=100, blank=True)
    valid_from = models.DateField("유효 시작일", null=True, blank=True, help_text="비워 두면 처음부터 유효")
    valid_until = models.DateField(
        "유효 종료일", null=True, blank=True, help_text="유효한 마지막 날. 비워 두면 기한 없음"
    )
    note = models.CharField("메모", max_length=500, blank=True)
    document = models.FileField("증빙 서류", upload_to=qualification_upload_to, blank=True)
    status = models.CharField(
        "상태", max_length=10, choices=CertificationStatus.choices, default=CertificationStatus.APPROVED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("검토 일시", null=True, blank=True)
    rejection_reason = models.TextField("반려 사유", blank=True, max_length=2000)
    created_at = models.DateTimeField("등록일시", auto_now_add=True)

    objects = QualificationQuerySet.as_manager()

    class Meta:
        verbose_name = "기업 자격(확인서·면허)"
        verbose_name_plural = "기업 자격(확인서·면허)"
        ordering = ["enterprise", "kind", "valid_from"]
        indexes = [models.Index(fields=["kind", "status", "valid_from", "valid_until"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="qualification_period_in_order",
                violation_error_message="유효 종료일은 시작일보다 빠를 수 없습니다.",
            )
        ]

    def __str__(self):
        return f"{self.enterprise.name} {self.kind_label}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def family(self) -> str:
        kind = KIND_BY_CODE.get(self.kind)
        return kind.family if kind else ""

    def is_valid_on(self, day: datetime.date) -> bool:
        return (
            self.status == CertificationStatus.APPROVED
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_until is None or day <= self.valid_until)
        )


class ProposalAction(models.TextChoices):
    NEW = "new", "새 인증"
    CHANGE = "change", "인증 정보 변경"
    END = "end", "인증 종료"
    UNCERTAIN = "uncertain", "대조 불확실"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "확인 대기"
    APPLIED = "applied", "반영"
    DISMISSED = "dismissed", "반영 안 함"


class RegistryListCheck(models.Model):
    """One reading of the ministry's certified social enterprise list against the registry (issue 32 §4).
    It only proposes; center staff confirm each proposal (registry_check.py)."""

    source = models.CharField("출처", max_length=10)  # "api", "json", "xlsx", "csv"
    filename = models.CharField("파일명", max_length=200, blank=True)
    list_date = models.DateField("목록 기준일", null=True, blank=True)
    complete = models.BooleanField(
        "전국 전체 목록", default=True, help_text="전체 목록일 때만 목록에 없는 등록 기업의 인증 종료를 제안"
    )
    rows = models.PositiveIntegerField("행 수", default=0)
    summary = models.JSONField("요약", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("대조 일시", auto_now_add=True)

    class Meta:
        verbose_name = "인증 사회적기업 목록 대조"
        verbose_name_plural = "인증 사회적기업 목록 대조"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_source_display()} {self.created_at:%Y-%m-%d}"

    def get_source_display(self) -> str:
        return {"api": "공공데이터 API", "json": "API 응답 파일", "xlsx": "XLSX", "csv": "CSV"}.get(
            self.source, self.source
        )


class RegistryProposal(models.Model):
    check_run = models.ForeignKey(
        RegistryListCheck, verbose_name="대조", on_delete=models.CASCADE, related_name="proposals"
    )
    action = models.CharField("제안", max_length=10, choices=ProposalAction.choices)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="기업", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    certification = models.ForeignKey(
        Certification, verbose_name="인증", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    row = models.PositiveIntegerField("목록 행", null=True, blank=True)
    name = models.CharField("목록의 기관명", max_length=200, blank=True)
    business_no = models.CharField("목록의 사업자등록번호", max_length=10, blank=True)
    cert_no = models.CharField("목록의 인증번호", max_length=50, blank=True)
    valid_from = models.DateField("목록의 인증일자", null=True, blank=True)
    listed = models.JSONField("목록의 값", default=dict, blank=True)
    current = models.JSONField("등록부의 값", default=dict, blank=True)
    reason = models.CharField("사유", max_length=500)
    status = models.CharField("상태", max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("처리 일시", null=True, blank=True)
    decision_note = models.CharField("처리 메모", max_length=500, blank=True)

    class Meta:
        verbose_name = "등록부 변경 제안"
        verbose_name_plural = "등록부 변경 제안"
        ordering = ["check_run", "action", "row", "pk"]
        indexes = [models.Index(fields=["status", "action"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.name}"


class TaxStatus(models.TextChoices):
    ACTIVE = "01", "계속사업자"
    SUSPENDED = "02", "휴업자"
    CLOSED = "03", "폐업자"
    UNREGISTERED = "none", "국세청 미등록 번호"


class BusinessStatus(models.Model):
    """What the tax service last said about the enterprise's 사업자등록번호 (issue 32 §5, business_status.py).

    `inactive_from`: from that day on the enterprise is closed or suspended — hidden from pickers and the public
    lists, and its purchases dated that day or later are not counted as social-economy — until center staff
    clear it (`cleared_by`, with a reason: the tax data was wrong, or a successor continues the business)."""

    enterprise = models.OneToOneField(
        Enterprise, verbose_name="기업", on_delete=models.CASCADE, related_name="business_status"
    )
    status = models.CharField("납세자 상태", max_length=4, choices=TaxStatus.choices)
    tax_type = models.CharField("과세유형", max_length=100, blank=True)
    closed_on = models.DateField("폐업일", null=True, blank=True)
    first_seen_on = models.DateField("이 상태를 처음 확인한 날", null=True, blank=True)
    inactive_from = models.DateField("휴·폐업으로 보는 날", null=True, blank=True)
    checked_at = models.DateTimeField("확인 일시")
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cleared_at = models.DateTimeField("지원센터 확인 일시", null=True, blank=True)
    clear_reason = models.CharField("지원센터 확인 사유", max_length=500, blank=True)

    class Meta:
        verbose_name = "사업자 상태"
        verbose_name_plural = "사업자 상태"
        indexes = [models.Index(fields=["inactive_from"])]

    def __str__(self):
        return f"{self.enterprise.name} {self.get_status_display()}"

    @property
    def is_flagged(self) -> bool:
        """Closed, suspended or unknown to the tax service, and not cleared by the center."""
        return self.status != TaxStatus.ACTIVE and self.cleared_at is None
