from django.db import models

from procure.core.business_no import format_business_no, validate_business_no


class Enterprise(models.Model):
    """A social economy enterprise. The registry issue adds certifications, profile and documents."""

    name = models.CharField("기업명", max_length=200)
    business_no = models.CharField(
        "사업자등록번호",
        max_length=10,
        unique=True,
        validators=[validate_business_no],
        help_text="숫자 10자리로 저장합니다.",
    )
    main_products = models.CharField("주요 품목·서비스", max_length=300, blank=True)
    is_example = models.BooleanField("예시 기업", default=False, help_text="시연용 가상 기업")
    created_at = models.DateTimeField("등록일시", auto_now_add=True)

    class Meta:
        verbose_name = "사회적경제기업"
        verbose_name_plural = "사회적경제기업"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def business_no_display(self) -> str:
        return format_business_no(self.business_no)
