from django.contrib import admin

from procure.catalog.models import Category, Offering, SearchSynonym
from procure.core.admin import AuditedModelAdmin
from procure.core.forms import bound_won


@admin.register(Category)
class CategoryAdmin(AuditedModelAdmin):
    audit_fields = ["code", "name", "sort_order", "is_active"]
    list_display = ["code", "name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Offering)
class OfferingAdmin(AuditedModelAdmin):
    audit_fields = ["name", "kind", "category", "unit_price", "is_hidden", "hidden_reason"]
    list_display = ["name", "enterprise", "kind", "category", "unit_price", "is_hidden"]
    list_filter = ["kind", "category", "is_hidden"]
    search_fields = ["name", "enterprise__name"]
    list_select_related = ["enterprise", "category"]
    exclude = ["search_text"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "unit_price":  # 0 .. 100조 원: the model's column alone allows ±2⁶³
            bound_won(field, noun="단가", positive=False)
        return field

    def save_model(self, request, obj, form, change):
        from procure.catalog.search import build_document, index_changed

        obj.search_text = build_document(obj)
        super().save_model(request, obj, form, change)
        index_changed()


@admin.register(SearchSynonym)
class SearchSynonymAdmin(AuditedModelAdmin):
    audit_fields = ["term", "variants", "is_active"]
    list_display = ["term", "variants", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["term", "variants"]
