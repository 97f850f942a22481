"""The main menu: one list, filtered by the signed-in user's role. New features add their entry here."""

from dataclasses import dataclass

from django.urls import reverse

from procure.accounts.models import Role
from procure.accounts.permissions import has_role
from procure.core.access import public, signed_in


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    rule: object


MENU = [
    MenuItem("사업 안내", "core:home", public),
    MenuItem("기관·부서 관리", "institutions:list", has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF)),
    MenuItem("알림함", "core:inbox", signed_in),
    MenuItem("내 정보", "accounts:profile", signed_in),
]


def menu_for(user, current_path: str) -> list[dict]:
    items = []
    for item in MENU:
        if getattr(item.rule, "is_public", False) or (user.is_authenticated and item.rule(user)):
            url = reverse(item.url_name)
            active = current_path == url if url == "/" else current_path.startswith(url)
            items.append({"label": item.label, "url": url, "active": active})
    return items
