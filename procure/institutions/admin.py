from django.contrib import admin

from procure.core.admin import AuditedModelAdmin
from procure.institutions.models import Department, Institution


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0
    fields = ["name", "is_active"]


@admin.register(Institution)
class InstitutionAdmin(AuditedModelAdmin):
    audit_fields = ["name", "kind", "code", "is_active"]
    list_display = ["name", "kind", "code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    audit_fields = ["institution", "name", "is_active"]
    list_display = ["name", "institution", "is_active"]
    list_filter = ["institution", "is_active"]
    search_fields = ["name", "institution__name"]
    list_select_related = ["institution"]
