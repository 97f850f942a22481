from django.contrib import admin

from procure.core.admin import AuditedModelAdmin
from procure.surveys.models import Survey


@admin.register(Survey)
class SurveyAdmin(AuditedModelAdmin):
    """Surveys only: responses, participations and codes are not browsable here (anonymity)."""

    audit_fields = ["title", "status", "audience", "anonymous"]
    list_display = ["title", "status", "audience", "anonymous", "created_at"]
