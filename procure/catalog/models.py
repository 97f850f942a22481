from django.db import models


class CategoryQuerySet(models.QuerySet):
    def suppliable(self):
        """Categories a social economy enterprise can supply (everything but NONE)."""
        return self.filter(is_active=True).exclude(code="NONE")


class Category(models.Model):
    code = models.CharField("코드", max_length=20, unique=True)
    name = models.CharField("분류명", max_length=100)
    sort_order = models.PositiveSmallIntegerField("순서", default=0)
    is_active = models.BooleanField("사용", default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = "분류"
        verbose_name_plural = "분류"
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name
