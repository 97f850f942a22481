"""What the search read from a request besides its words (shown above the results)."""

from django import template

from procure.catalog.query_understanding import understand

register = template.Library()


@register.simple_tag
def understood(query: str) -> str:
    """'단가 3,000원 이하, 수량 40' for "단가 3천원 이하 … 40개"; empty when the request holds no price or quantity."""
    asked = understand(query or "")
    said = asked.describe()
    if asked.max_price is not None or asked.min_price is not None:
        said += " (단가가 정해지지 않은 품목은 빼고 찾았습니다)"
    return said
