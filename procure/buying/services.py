"""Writes of the buying app."""

from django.db import transaction

from procure.buying.models import RouteRule
from procure.core.services import audit, snapshot

RULE_FIELDS = [
    "regime",
    "group",
    "kind_scope",
    "route",
    "max_amount",
    "min_vulnerable_share_bp",
    "basis",
    "effective_from",
    "effective_to",
    "verified",
]


@transaction.atomic
def route_rule_confirm(*, actor, rule: RouteRule) -> RouteRule:
    """The district administrator checked the figure against the decree's text: the UI stops warning."""
    before = snapshot(rule, RULE_FIELDS)
    rule.verified = True
    rule.save(update_fields=["verified"])
    audit(actor=actor, action="buying.routerule.confirmed", obj=rule, before=before, after=snapshot(rule, RULE_FIELDS))
    return rule
