import contextlib

from django.contrib import admin
from django.utils.html import format_html

from procure.core.models import AuditEvent, ColumnMappingPreset, Notification
from procure.core.services import audit, snapshot


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin edits leave the same audit trail as edits in the site: set ``audit_fields``."""

    audit_fields: list[str] = []

    def _action(self, obj, verb: str) -> str:
        return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            before = snapshot(type(obj).objects.get(pk=obj.pk), self.audit_fields)
        super().save_model(request, obj, form, change)
        after = snapshot(obj, self.audit_fields)
        if before != after:
            audit(
                actor=request.user,
                action=self._action(obj, "changed" if change else "created"),
                obj=obj,
                before=before,
                after=after,
            )

    def delete_model(self, request, obj):
        before = snapshot(obj, self.audit_fields)
        audit(actor=request.user, action=self._action(obj, "deleted"), obj=obj, before=before)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "action_korean", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["action", "object_repr", "actor_label", "object_id"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    @admin.display(description="작업", ordering="action")
    def action_korean(self, event):
        return format_html('<span title="{}">{}</span>', event.action, action_label(event.action))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


VERBS = {
    "created": "등록",
    "changed": "변경",
    "deleted": "삭제",
    "imported": "가져오기",
    "applied": "반영",
    "approved": "승인",
    "rejected": "반려",
    "requested": "요청",
    "submitted": "제출",
    "decided": "결정",
    "undone": "되돌림",
    "merged": "병합",
    "added": "추가",
    "reapplied": "다시 적용",
    "alias_added": "다른 이름 추가",
    "opened": "시작",
    "closed": "마감",
    "declared": "신고",
    "status_changed": "상태 변경",
    "reviewers_changed": "심사위원 변경",
    "criteria_changed": "평가 항목 변경",
    "questions_changed": "질문 변경",
    "expiry_soon": "만료 예정 안내",
    "expiry_expired": "만료 안내",
}
NOUNS = {
    "import": "가져오기",
    "batch": "원장 가져오기",
    "exclusions": "집계 제외 규칙",
    "name": "기업명",
    "sheet": "채점표",
    "purchase": "구매 기록",
    "targets": "목표·구매계획",
    "photo": "기업 사진",
}


def action_label(action: str) -> str:
    """'vetting.sheet.submitted' → '채점표 제출': the model's Korean name and the verb."""
    from django.apps import apps

    parts = action.split(".")
    if len(parts) < 3:
        return action
    app_label, noun, verb = parts[0], parts[-2], parts[-1]
    if noun in NOUNS:
        noun = NOUNS[noun]
    else:
        with contextlib.suppress(LookupError):
            noun = apps.get_model(app_label, noun)._meta.verbose_name
    return f"{noun} {VERBS.get(verb, verb)}"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "title", "read_at", "emailed_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient"]


@admin.register(ColumnMappingPreset)
class ColumnMappingPresetAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "institution", "created_at"]
    list_filter = ["kind"]
