from django.contrib import admin

from procure.core.admin import AuditedModelAdmin
from procure.performance.models import PurchasePlan, Target


@admin.register(Target)
class TargetAdmin(AuditedModelAdmin):
    audit_fields = ["year", "institution", "department", "kind", "amount", "ratio_bp"]
    list_display = ["year", "institution", "department", "kind", "amount", "ratio_bp"]
    list_filter = ["year", "institution"]


@admin.register(PurchasePlan)
class PurchasePlanAdmin(AuditedModelAdmin):
    audit_fields = ["year", "month", "institution", "department", "amount"]
    list_display = ["year", "month", "institution", "department", "amount"]
    list_filter = ["year", "institution"]
