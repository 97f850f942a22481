from django.contrib import admin

from procure.core.admin import AuditedModelAdmin
from procure.events.models import Booth, Event, Registration


@admin.register(Event)
class EventAdmin(AuditedModelAdmin):
    audit_fields = ["title", "date", "capacity", "status"]
    list_display = ["title", "kind", "date", "venue", "capacity", "status"]
    list_filter = ["kind", "status"]


@admin.register(Registration)
class RegistrationAdmin(AuditedModelAdmin):
    audit_fields = ["status", "institution_id", "department_id", "checked_in_at"]
    list_display = ["name", "event", "institution", "status", "checked_in_at"]
    list_filter = ["event", "status"]
    search_fields = ["name", "email", "code"]
    readonly_fields = ["code", "consented_at", "checked_in_at", "checked_in_by"]


@admin.register(Booth)
class BoothAdmin(AuditedModelAdmin):
    audit_fields = ["capacity", "categories"]
    list_display = ["number", "enterprise", "event", "capacity"]
    list_filter = ["event"]
