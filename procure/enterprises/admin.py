from django.contrib import admin

from procure.core.admin import AuditedModelAdmin
from procure.enterprises.models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedModelAdmin):
    audit_fields = ["name", "business_no", "main_products", "is_example"]
    list_display = ["name", "business_no_display", "main_products", "is_example"]
    list_filter = ["is_example"]
    search_fields = ["name", "business_no"]

    def save_model(self, request, obj, form, change):
        from procure.catalog.services import offerings_reindex

        super().save_model(request, obj, form, change)
        offerings_reindex(enterprise=obj)  # name and 사용 feed the catalog search
