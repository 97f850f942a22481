"""The main menu: one list, filtered by the signed-in user's role. New features add their entry here."""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from procure.accounts.models import Role
from procure.accounts.permissions import has_role, speaks_for_an_enterprise
from procure.core.access import public, signed_in


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    rule: object
    kwargs: tuple = ()


STAFF = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF)

MENU = [
    MenuItem("사업 안내", "site:home", public),
    MenuItem("내 업무", "site:my_work", signed_in),
    MenuItem("품목 찾기", "catalog:search", public),
    MenuItem("기업 찾기", "enterprises:directory", public),
    MenuItem("우리 기업", "enterprises:my_enterprise", speaks_for_an_enterprise),
    MenuItem("우리 품목", "catalog:my_offerings", speaks_for_an_enterprise),
    MenuItem("관심목록", "catalog:shortlist", has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER)),
    MenuItem(
        "견적·계약",
        "buying:request_list",
        has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER, Role.ENTERPRISE),
    ),
    MenuItem("구매실적", "performance:overview", has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER)),
    MenuItem("구매 기회", "insights:home", has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER)),
    MenuItem(
        "기업 모집·심사",
        "vetting:round_list",
        has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.ENTERPRISE, Role.REVIEWER),
    ),
    MenuItem("설명회·상담회", "events:list", public),
    MenuItem("운영 관리", "site:manage", STAFF),
    MenuItem("구매실적 공시", "disclosure:index", public),
]


@lru_cache(maxsize=128)
def _menu_url(url_name: str, kwargs: tuple, script_prefix: str, urlconf: str) -> str:
    """`script_prefix` is not passed on (reverse reads it itself): it is part of the cache key."""
    return reverse(url_name, kwargs=dict(kwargs) or None, urlconf=urlconf)


def menu_for(user, current_path: str) -> list[dict]:
    # Every page draws the menu: its addresses are reversed once per process (they change only with the URL
    # configuration or the prefix the site is served under), not thirteen times a page.
    prefix, urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    items = []
    for item in MENU:
        if getattr(item.rule, "is_public", False) or (user.is_authenticated and item.rule(user)):
            items.append({"label": item.label, "url": _menu_url(item.url_name, item.kwargs, prefix, urlconf)})
    # The deepest menu entry containing the current page is the active one (/enterprises/mine/ → 우리 기업).
    matches = [i for i in items if current_path == i["url"] or (i["url"] != "/" and current_path.startswith(i["url"]))]
    active = max(matches, key=lambda i: len(i["url"]), default=None)
    for item in items:
        item["active"] = item is active
    return items
