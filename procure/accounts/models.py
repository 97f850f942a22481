from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", "구 관리자"
    CENTER_STAFF = "center_staff", "지원센터 담당자"
    BUYER = "buyer", "구매담당자"
    ENTERPRISE = "enterprise", "기업회원"
    REVIEWER = "reviewer", "심사위원"


class User(AbstractUser):
    """A person who signs in. Exactly one role; buyers belong to a department, members to an enterprise."""

    name = models.CharField("이름", max_length=50, blank=True)
    role = models.CharField("역할", max_length=20, choices=Role.choices)
    phone = models.CharField("전화번호", max_length=20, blank=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name="소속 기관",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    department = models.ForeignKey(
        "institutions.Department",
        verbose_name="소속 부서",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="소속 기업",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    class Meta:
        verbose_name = "회원"
        verbose_name_plural = "회원"
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="buyer") | models.Q(institution__isnull=False, department__isnull=False),
                name="buyer_has_institution_and_department",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="enterprise") | models.Q(enterprise__isnull=False),
                name="enterprise_member_has_enterprise",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.get_full_name() or self.username

    def clean(self):
        super().clean()
        errors = {}
        if self.role == Role.BUYER:
            if not self.institution_id:
                errors["institution"] = "구매담당자는 소속 기관이 필요합니다."
            if not self.department_id:
                errors["department"] = "구매담당자는 소속 부서가 필요합니다."
        if self.role == Role.ENTERPRISE and not self.enterprise_id:
            errors["enterprise"] = "기업회원은 소속 기업이 필요합니다."
        if self.department_id and self.institution_id and self.department.institution_id != self.institution_id:
            errors["department"] = "소속 부서는 소속 기관의 부서여야 합니다."
        if errors:
            raise ValidationError(errors)
