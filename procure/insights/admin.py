from django.contrib import admin

from procure.core.admin import AuditedModelAdmin
from procure.insights.models import CategoryMark


@admin.register(CategoryMark)
class CategoryMarkAdmin(AuditedModelAdmin):
    """Staff review what officers taught the finder; a wrong mark is deleted here (audited) or re-marked on the
    finder page."""

    audit_fields = ["title", "category", "institution", "marked_by"]
    list_display = ["title", "category", "scope", "marked_by", "updated_at"]
    list_filter = ["category", "institution"]
    search_fields = ["title"]
    list_select_related = ["institution", "marked_by"]
    readonly_fields = ["normalized_title", "title", "institution", "marked_by", "updated_at"]

    @admin.display(description="적용 범위", ordering="institution__name")
    def scope(self, mark):
        return "구 전체 기관" if mark.district_wide else mark.institution.name

    def has_add_permission(self, request):
        return False  # marks are made on the finder page, from a ledger line
