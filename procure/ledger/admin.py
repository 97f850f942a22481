from django.contrib import admin
from django.utils.html import format_html

from procure.core.formatting import format_won
from procure.enterprises.models import EnterpriseType
from procure.ledger import services
from procure.ledger.models import Exclusion, LedgerBatch, PurchaseRecord


@admin.register(Exclusion)
class ExclusionAdmin(admin.ModelAdmin):
    """Every change goes through the ledger's services: audited, and the lines and roll-ups follow."""

    list_display = ["name", "valid_from", "valid_to", "title_contains", "category"]

    def save_model(self, request, obj, form, change):
        services.exclusion_save(actor=request.user, exclusion=obj)

    def get_deleted_objects(self, objs, request):
        # Roll-ups protect their exclusion against a bare delete; the service rebuilds them, so they do not
        # stand in the way here.
        deleted, model_count, perms_needed, _protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, perms_needed, []

    def delete_model(self, request, obj):
        services.exclusion_delete(actor=request.user, exclusion=obj)

    def delete_queryset(self, request, queryset):
        for exclusion in queryset:
            services.exclusion_delete(actor=request.user, exclusion=exclusion)


@admin.register(PurchaseRecord)
class PurchaseRecordAdmin(admin.ModelAdmin):
    list_display = ["contract_date", "institution", "department", "title_wide", "amount_won", "supplier_name", "types"]
    list_filter = ["institution", "kind", "source"]
    search_fields = ["title", "supplier_name", "supplier_business_no"]
    date_hierarchy = "contract_date"
    list_select_related = ["institution", "department"]
    readonly_fields = [f.name for f in PurchaseRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A counted line is never deleted: it is reversed with who, when and why (ledger/writer.line_reverse).
        return False

    @admin.display(description="계약명", ordering="title")
    def title_wide(self, record):
        return format_html('<span style="display:inline-block;min-width:16em">{}</span>', record.title)

    @admin.display(description="계약금액", ordering="amount")
    def amount_won(self, record):
        return format_won(record.amount)

    @admin.display(description="계약일 기준 기업유형")
    def types(self, record):
        labels = [EnterpriseType(t).label for t in record.held_types.split(",") if t in EnterpriseType.values]
        return ", ".join(labels) or "—"


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

    def has_delete_permission(self, request, obj=None):
        # A batch is undone with a reason (ledger:batch_undo), never deleted: its lines would lose their file.
        return False
