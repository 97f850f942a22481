from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from procure.accounts.models import User
from procure.core.admin import AuditedModelAdmin


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    audit_fields = ["role", "institution", "department", "enterprise", "is_active", "is_staff", "is_superuser"]
    list_display = ["username", "name", "role", "institution", "department", "enterprise", "is_active"]
    list_filter = ["role", "institution", "is_active", "is_staff"]
    search_fields = ["username", "name", "email"]
    list_select_related = ["institution", "department__institution", "enterprise"]
    autocomplete_fields = ["institution", "department", "enterprise"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("개인 정보", {"fields": ["name", "email", "phone"]}),
        ("역할과 소속", {"fields": ["role", "institution", "department", "enterprise"]}),
        ("권한", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("기록", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2"]}),
        ("역할과 소속", {"fields": ["name", "email", "role", "institution", "department", "enterprise"]}),
    ]
