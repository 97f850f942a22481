from django.contrib import admin

from procure.core.admin import AuditedModelAdmin
from procure.enterprises.models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedModelAdmin):
    audit_fields = ["name", "business_no", "main_products", "is_example"]
    list_display = ["name", "business_no_display", "main_products", "is_example"]
    list_filter = ["is_example"]
    search_fields = ["name", "business_no"]
