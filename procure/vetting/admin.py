from django.contrib import admin

from procure.core.admin import AuditedModelAdmin
from procure.vetting.models import Application, Criterion, Question, Round


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Round)
class RoundAdmin(AuditedModelAdmin):
    audit_fields = ["title", "opens_on", "closes_on", "status", "select_count"]
    list_display = ["title", "opens_on", "closes_on", "status"]
    inlines = [CriterionInline, QuestionInline]
    filter_horizontal = ["reviewers"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["round", "enterprise", "submitted_at", "status", "rank", "total_score"]
    list_filter = ["round", "status"]
    readonly_fields = ["round", "enterprise", "submitted_by", "status", "rank", "total_score"]
