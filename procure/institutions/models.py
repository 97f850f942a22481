import re

from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower

# 행정표준 기관코드 (관악구 3200000) or a code 조달청 assigned (Z013176, B551220): 7 digits or capital letters.
CODE_PATTERN = re.compile(r"[0-9A-Z]{7}")
institution_code_validator = RegexValidator(
    r"^[0-9A-Z]{7}\Z", "기관코드는 숫자나 영문 대문자 7자입니다 (예: 관악구 3200000)."
)


class InstitutionKind(models.TextChoices):
    DISTRICT_OFFICE = "district_office", "구청"
    DISTRICT_COUNCIL = "district_council", "구의회"
    FACILITIES_CORPORATION = "facilities_corporation", "시설관리공단"
    CULTURAL_FOUNDATION = "cultural_foundation", "문화재단"
    OTHER = "other", "기타"


class Institution(models.Model):
    name = models.CharField("기관명", max_length=100)
    kind = models.CharField("기관 유형", max_length=30, choices=InstitutionKind.choices)
    # How collected public data (나라장터 계약, 종합쇼핑몰 납품요구) finds the institution (docs/formats.md §3a).
    code = models.CharField(
        "기관코드",
        max_length=7,
        blank=True,
        default="",
        db_default="",
        validators=[institution_code_validator],
        help_text="행정표준 기관코드 7자리 또는 조달청이 부여한 코드 (예: 관악구 3200000)",
    )
    is_active = models.BooleanField("사용", default=True)
    created_at = models.DateTimeField("등록일시", auto_now_add=True)

    class Meta:
        verbose_name = "기관"
        verbose_name_plural = "기관"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="institution_name_unique",
                violation_error_message="같은 이름의 기관이 이미 있습니다.",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~models.Q(code=""),
                name="institution_code_unique",
                violation_error_message="같은 기관코드의 기관이 이미 있습니다.",
            ),
        ]

    def __str__(self):
        return self.name


class Department(models.Model):
    institution = models.ForeignKey(
        Institution, verbose_name="기관", on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField("부서명", max_length=100)
    is_active = models.BooleanField("사용", default=True)
    created_at = models.DateTimeField("등록일시", auto_now_add=True)

    class Meta:
        verbose_name = "부서"
        verbose_name_plural = "부서"
        ordering = ["institution__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"],
                name="department_name_unique_in_institution",
                violation_error_message="이 기관에 같은 이름의 부서가 이미 있습니다.",
            )
        ]

    def __str__(self):
        return f"{self.institution.name} {self.name}"


class InstitutionAlias(models.Model):
    """Another name a file uses for an institution (e.g. "관악구 시설관리공단" for 관악구시설관리공단)."""

    institution = models.ForeignKey(Institution, verbose_name="기관", on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("다른 이름", max_length=100)
    key = models.CharField("비교용 이름", max_length=100, unique=True, editable=False)
    created_at = models.DateTimeField("등록일시", auto_now_add=True)

    class Meta:
        verbose_name = "기관 다른 이름"
        verbose_name_plural = "기관 다른 이름"
        ordering = ["institution__name", "name"]

    def __str__(self):
        return f"{self.name} → {self.institution.name}"


class DepartmentAlias(models.Model):
    """Another name a file uses for a department; saved when staff map an unknown name to it."""

    department = models.ForeignKey(Department, verbose_name="부서", on_delete=models.CASCADE, related_name="aliases")
    institution = models.ForeignKey(Institution, verbose_name="기관", on_delete=models.CASCADE, related_name="+")
    name = models.CharField("다른 이름", max_length=100)
    key = models.CharField("비교용 이름", max_length=100, editable=False)
    created_at = models.DateTimeField("등록일시", auto_now_add=True)

    class Meta:
        verbose_name = "부서 다른 이름"
        verbose_name_plural = "부서 다른 이름"
        ordering = ["institution__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "key"], name="department_alias_unique_in_institution")
        ]

    def __str__(self):
        return f"{self.name} → {self.department.name}"
