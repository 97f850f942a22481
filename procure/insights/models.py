"""What officers taught the opportunity finder: "this purchase is really that category" or "no social economy
enterprise could supply this" (NONE). A mark holds for every line with the same title once its period is taken
out (classifier.title_key: year, month, quarter, round): recurring purchases — maintenance contracts, fees — come back
under the same name every month and year.

Whose lines: an officer's mark holds for their own institution's lines only (`institution`); the district (program
staff) may make one for every institution (`institution` empty), shown as such. An institution's own mark wins over
the district's for its lines."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class CategoryMark(models.Model):
    normalized_title = models.CharField("계약명 (기간 제외, 정규화)", max_length=300)
    title = models.CharField("계약명", max_length=300)
    category = models.CharField("분류 코드", max_length=20, help_text="NONE: 사회적경제기업이 공급할 수 없는 구매")
    # No key to the ledger line itself: a first load's undo empties the ledger table whole (TRUNCATE), and the mark
    # outlives the line anyway. The audit event names the line.
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name="적용 기관 (비어 있으면 구 전체)",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="표시한 사람", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("표시한 때", auto_now=True)

    class Meta:
        verbose_name = "분류 표시"
        verbose_name_plural = "분류 표시"
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "normalized_title"],
                condition=Q(institution__isnull=False),
                name="category_mark_one_per_institution_title",
            ),
            models.UniqueConstraint(
                fields=["normalized_title"],
                condition=Q(institution__isnull=True),
                name="category_mark_one_district_wide_per_title",
            ),
        ]

    def __str__(self):
        return f"{self.title} → {self.category}"

    @property
    def district_wide(self) -> bool:
        return self.institution_id is None
