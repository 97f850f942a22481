from django.contrib import admin

from procure.catalog.models import Category
from procure.core.admin import AuditedModelAdmin


@admin.register(Category)
class CategoryAdmin(AuditedModelAdmin):
    audit_fields = ["code", "name", "sort_order", "is_active"]
    list_display = ["code", "name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["code", "name"]
