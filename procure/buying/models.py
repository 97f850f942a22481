"""Rules that change with the law, as dated data: which contract routes a purchase may take."""

from django.db import models
from django.db.models import Q


class Regime(models.TextChoices):
    LOCAL = "local", "지방계약법 (지방자치단체·지방공기업·출자출연기관)"
    NATIONAL = "national", "국가계약법 (국가기관·공공기관)"


class SupplierGroup(models.TextChoices):
    ANYONE = "anyone", "누구나"
    SOCIAL_ECONOMY = "social_economy", "사회적기업·사회적협동조합·자활기업·마을기업"


class KindScope(models.TextChoices):
    GOODS_SERVICES = "goods_services", "물품·용역"
    WORKS = "works", "공사"


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
    max_amount = models.BigIntegerField("한도(추정가격, 원)")
    min_vulnerable_share_bp = models.PositiveIntegerField(
        "취약계층 고용비율 하한(만분율)", null=True, blank=True, help_text="3000 = 30%. 비워 두면 조건 없음"
    )
    basis = models.CharField("법적 근거", max_length=200)
    effective_from = models.DateField("시행일", null=True, blank=True)
    effective_to = models.DateField("종료일", null=True, blank=True, help_text="이날까지 적용. 비워 두면 계속")
    source_url = models.URLField("출처", max_length=500, blank=True)
    verified = models.BooleanField("확인됨", default=False, help_text="법령 원문으로 확인한 값인지")
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
