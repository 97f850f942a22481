"""What buying adds to other apps' pages (procure/enterprises/signals.py, core.slots)."""

from urllib.parse import urlencode

from django.urls import reverse

from procure.accounts.models import Role
from procure.buying.selectors import scorecard
from procure.core.slots import Link


def scorecard_on_profile(sender, enterprise, **kwargs):
    """The enterprise's record on the platform: on its public page and on the reviewers' score sheet."""
    card = scorecard(enterprise)
    return ("buying/_scorecard.html", {"scorecard": card, "block": True}) if card else None


def _is_buyer(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.role == Role.BUYER)


def quote_request_for_offering(request, *, offering) -> list[Link]:
    """On an offering's page (catalog's "catalog.offering" slot): a buyer asks its enterprise for a quote."""
    if not _is_buyer(request):
        return []
    url = f"{reverse('buying:request_new')}?{urlencode({'enterprise': offering.enterprise_id})}"
    return [Link(url=url, label="이 기업에 견적 요청", style="primary")]


def quote_request_for_shortlist(request, *, items, is_owner) -> list[Link]:
    """On a buyer's own shortlist ("catalog.shortlist"): one request to every enterprise of the kept offerings."""
    if not (items and is_owner and _is_buyer(request)):
        return []
    enterprises = list(dict.fromkeys(item.offering.enterprise_id for item in items))
    url = f"{reverse('buying:request_new')}?{urlencode([('enterprise', pk) for pk in enterprises])}"
    return [Link(url=url, label="담은 품목의 기업들에 견적 요청", style="primary")]
