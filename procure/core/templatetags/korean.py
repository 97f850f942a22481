"""Template filters loaded everywhere (see TEMPLATES builtins): {{ amount|won }}, {{ day|kdate }}."""

from django import template

from procure.core.business_no import format_business_no
from procure.core.formatting import format_date, format_datetime, format_won, format_won_in

register = template.Library()


@register.filter
def won(amount):
    return format_won(amount)


@register.filter
def won_in(amount, unit="천원"):
    return format_won_in(amount, unit)


@register.filter
def kdate(value):
    return format_date(value)


@register.filter
def kdatetime(value):
    return format_datetime(value)


@register.filter
def business_no(value):
    return format_business_no(value)


@register.simple_tag
def page_numbers(page):
    """Page numbers around the current one, with … gaps: 1 … 4 5 [6] 7 8 … 20."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def enterprise_type(value):
    """'certified_se' → '인증사회적기업'."""
    from procure.enterprises.models import EnterpriseType

    try:
        return EnterpriseType(value).label
    except ValueError:
        return value


@register.filter
def split_types(held_types: str) -> list[str]:
    return [t for t in (held_types or "").split(",") if t]


@register.filter(needs_autoescape=True)
def highlight(text, terms, autoescape=True):
    """Wrap the matched search words in <mark> (the text is escaped first)."""
    import re

    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    escaped = conditional_escape(text) if autoescape else str(text)
    words = sorted({t for t in (terms or []) if t}, key=len, reverse=True)
    if not words:
        return escaped
    pattern = re.compile("|".join(re.escape(conditional_escape(w)) for w in words), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", str(escaped)))  # noqa: S308
