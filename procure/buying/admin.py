from django.contrib import admin

from procure.buying.models import RouteRule
from procure.buying.services import RULE_FIELDS
from procure.core.admin import AuditedModelAdmin


@admin.register(RouteRule)
class RouteRuleAdmin(AuditedModelAdmin):
    """The district administrator corrects a limit or its dates when the law changes (audited)."""

    audit_fields = RULE_FIELDS
    list_display = [
        "regime",
        "group",
        "kind_scope",
        "route",
        "max_amount",
        "effective_from",
        "effective_to",
        "verified",
    ]
    list_filter = ["regime", "route", "verified"]
