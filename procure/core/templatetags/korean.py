"""Template filters loaded everywhere (see TEMPLATES builtins): {{ amount|won }}, {{ day|kdate }}."""

from django import template

from procure.core import slots
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


@register.filter(needs_autoescape=True)
def highlight(text, terms, autoescape=True):
    """Wrap the matched search words in <mark>. Words are found in the text itself and every piece is escaped
    afterwards, so a word never matches inside an entity (searching `lt` must not break `&lt;`)."""
    import re

    from django.utils.html import conditional_escape, escape
    from django.utils.safestring import mark_safe

    words = sorted({t for t in (terms or []) if t}, key=len, reverse=True)
    if not words:
        return conditional_escape(text) if autoescape else str(text)
    plain = str(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    pieces, last = [], 0
    for match in pattern.finditer(plain):
        pieces.append(escape(plain[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(plain[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 — every piece of user text is escaped above


@register.filter
def lookup(mapping, key):
    """mapping[key] in a template ({{ row.amounts|lookup:12 }}); empty when absent."""
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return ""


@register.filter
def josa(word, particle):
    """‘{{ name }}’{{ name|josa:"을/를" }} → ‘연필’을, ‘a4용지’를 (core/text.py)."""
    from procure.core.text import josa as particle_for

    return particle_for(word, particle)


@register.simple_tag(takes_context=True)
def slot_links(context, slot, **values):
    """{% slot_links "catalog.offering" offering=offering as links %}: what higher apps offer here (core.slots)."""
    return slots.links(slot, request=context.get("request"), **values)
