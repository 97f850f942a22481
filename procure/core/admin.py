from django.contrib import admin

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
    list_display = ["created_at", "actor_label", "action", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["action", "object_repr", "actor_label", "object_id"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
