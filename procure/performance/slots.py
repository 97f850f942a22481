"""What performance offers to pages of lower floors (core.slots)."""

from django.urls import reverse

from procure.core.slots import Link


def sales_of_my_enterprise(request, *, enterprise) -> list[Link]:
    """On an enterprise's own page ("enterprises.mine"): its sales to the institutions, by year."""
    return [Link(url=reverse("performance:enterprise", args=[enterprise.pk]), label="기관 판매 실적")]
