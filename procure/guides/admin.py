from django.contrib import admin

from procure.core.admin import AuditedModelAdmin
from procure.guides.models import Guide


@admin.register(Guide)
class GuideAdmin(AuditedModelAdmin):
    audit_fields = ["title", "slug", "is_published", "body"]
    list_display = ["title", "slug", "order", "is_published", "updated_at"]
