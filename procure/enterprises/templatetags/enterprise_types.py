"""Enterprise types in templates (a template builtin, config/settings.py)."""

from django import template

from procure.enterprises.models import EnterpriseType

register = template.Library()


@register.filter
def enterprise_type(value):
    """'certified_se' → '인증사회적기업'."""
    try:
        return EnterpriseType(value).label
    except ValueError:
        return value


@register.filter
def split_types(held_types: str) -> list[str]:
    return [t for t in (held_types or "").split(",") if t]
