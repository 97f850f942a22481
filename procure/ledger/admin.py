from django.contrib import admin

from procure.core.admin import AuditedModelAdmin
from procure.ledger.models import Exclusion, LedgerBatch, PurchaseRecord, Regime


@admin.register(Regime)
class RegimeAdmin(AuditedModelAdmin):
    audit_fields = ["code", "name", "counted_types", "denominator_kinds", "is_default"]
    list_display = ["name", "code", "is_default"]
    filter_horizontal = ["exclusions"]


@admin.register(Exclusion)
class ExclusionAdmin(AuditedModelAdmin):
    audit_fields = ["name", "valid_from", "valid_to", "title_contains", "category", "supplier_business_no"]
    list_display = ["name", "valid_from", "valid_to", "title_contains", "category"]

    def save_model(self, request, obj, form, change):
        from procure.ledger.services import exclusions_reapply

        super().save_model(request, obj, form, change)
        exclusions_reapply(actor=request.user)


@admin.register(PurchaseRecord)
class PurchaseRecordAdmin(admin.ModelAdmin):
    list_display = ["contract_date", "institution", "department", "title", "amount", "supplier_name", "held_types"]
    list_filter = ["institution", "kind", "source"]
    search_fields = ["title", "supplier_name", "supplier_business_no"]
    date_hierarchy = "contract_date"
    list_select_related = ["institution", "department"]
    readonly_fields = [f.name for f in PurchaseRecord._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(LedgerBatch)
class LedgerBatchAdmin(admin.ModelAdmin):
    list_display = ["imported_at", "filename", "rows", "created", "updated", "unchanged", "undone_at"]
    exclude = ["outcomes", "previous_values"]
    readonly_fields = [
        "filename",
        "sha256",
        "imported_by",
        "rows",
        "created",
        "updated",
        "unchanged",
        "undone_at",
        "undone_by",
    ]
