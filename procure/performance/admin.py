from django.contrib import admin, messages

from procure.core.admin import AuditedModelAdmin
from procure.core.forms import bound_won
from procure.performance import services
from procure.performance.models import PurchasePlan, Regime, Target


class WonBoundAdmin(AuditedModelAdmin):
    """Money fields (`won_fields`: field → its Korean name) from 0 to 100조 원: the columns alone allow ±2⁶³."""

    won_fields: dict[str, str] = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.won_fields:
            bound_won(field, noun=self.won_fields[db_field.name], positive=False)
        return field


@admin.register(Regime)
class RegimeAdmin(admin.ModelAdmin):
    """Changes go through performance.services (audited, cached figures refreshed)."""

    list_display = ["name", "code", "is_default"]
    filter_horizontal = ["exclusions"]

    def save_model(self, request, obj, form, change):
        pass  # saved with its exclusions in save_related, through the service

    def save_related(self, request, form, formsets, change):
        fields = {name: form.cleaned_data[name] for name in services.REGIME_FIELDS if name in form.cleaned_data}
        services.regime_save(
            actor=request.user, regime=form.instance, exclusions=form.cleaned_data.get("exclusions"), **fields
        )

    def delete_model(self, request, obj):
        try:
            services.regime_delete(actor=request.user, regime=obj)
        except ValueError as error:
            messages.error(request, str(error))

    def delete_queryset(self, request, queryset):
        for regime in queryset:
            self.delete_model(request, regime)


@admin.register(Target)
class TargetAdmin(WonBoundAdmin):
    won_fields = {"amount": "목표금액", "base_amount": "기준총구매액"}
    audit_fields = ["year", "institution", "department", "kind", "amount", "ratio_bp"]
    list_display = ["year", "institution", "department", "kind", "amount", "ratio_bp"]
    list_filter = ["year", "institution"]


@admin.register(PurchasePlan)
class PurchasePlanAdmin(WonBoundAdmin):
    won_fields = {"amount": "계획 금액"}
    audit_fields = ["year", "month", "institution", "department", "amount"]
    list_display = ["year", "month", "institution", "department", "amount"]
    list_filter = ["year", "institution"]
