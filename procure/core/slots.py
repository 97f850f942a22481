"""Slots: how a page of a lower floor links to pages of higher floors without naming them.

An app knows only the floors below it (docs/architecture.md) — for imports, which import-linter checks, and for
URL names, which tests/test_name_floors.py checks. Yet a catalog offering's page should carry "이 기업에 견적
요청", which buying answers, and an event's page the open surveys, which surveys own. So the lower page declares a
*slot* and the higher app fills it from its AppConfig.ready():

    # procure/buying/apps.py
    slots.provide("catalog.offering", receivers.quote_request_link)

    # procure/catalog/templates/catalog/detail.html
    {% slot_links "catalog.offering" offering=offering as links %}
    {% for link in links %}<a class="krds-btn {{ link.style }}" href="{{ link.url }}">{{ link.label }}</a>{% endfor %}

A provider is called with the request (None outside one) and the slot's keyword context and returns a list of
`Link` (empty when it has nothing to offer this user). With no provider installed the slot is simply empty, so a
lower app works — and is tested — without the apps above it.

`page_url(name, *args)` is the same idea for Python code of a lower floor that must hand out the address of a
higher floor's page (the kernel's import job notifications link to the shell's job page).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    url: str
    label: str
    style: str = "tertiary"  # KRDS button style (primary / secondary / tertiary); the template may ignore it
    note: str = ""  # a short line beside the link (a date, a count)


_providers: dict[str, list[Callable[..., list[Link]]]] = defaultdict(list)
_pages: dict[str, Callable[..., str]] = {}


def provide(slot: str, provider: Callable[..., list[Link]]) -> None:
    """Registers `provider` for `slot` (once: registering the same function again changes nothing)."""
    if provider not in _providers[slot]:
        _providers[slot].append(provider)


def links(slot: str, *, request: object = None, **context: object) -> list[Link]:
    """Every link the installed apps offer for `slot`, in the order they were registered."""
    found: list[Link] = []
    for provider in _providers.get(slot, ()):
        found.extend(provider(request, **context))
    return found


def provide_page(name: str, resolver: Callable[..., str]) -> None:
    _pages[name] = resolver


def page_url(name: str, *args: object) -> str:
    """The address of a page a higher app answers for `name`; "" when no installed app answers it."""
    resolver = _pages.get(name)
    return resolver(*args) if resolver else ""
