from django import forms
from django.utils import timezone

from procure.core.forms import KrdsFormMixin, bound_won
from procure.performance.models import PurchasePlan, Regime, Target


class FiguresFilterForm(KrdsFormMixin, forms.Form):
    year = forms.TypedChoiceField(label="연도", coerce=int, required=False, empty_value=None)
    regime = forms.ChoiceField(label="집계 기준", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, f"{y}년") for y in range(this_year, this_year - 6, -1)]
        self.fields["regime"].choices = [(r.code, r.name) for r in Regime.objects.all()]

    def values(self) -> tuple[int, str | None]:
        """The chosen year and regime code; this year and the default regime when not given or not valid."""
        cleaned = self.cleaned_data if self.is_valid() else {}
        return cleaned.get("year") or timezone.localdate().year, cleaned.get("regime") or None


class TargetAdminForm(forms.ModelForm):
    """A target edited in the admin: its amount from 0 to 100조 원 (the model's column alone allows ±2⁶³)."""

    class Meta:
        model = Target
        fields = ["year", "institution", "department", "kind", "amount", "ratio_bp"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_won(self.fields["amount"], noun="목표금액", positive=False)


class PurchasePlanAdminForm(forms.ModelForm):
    class Meta:
        model = PurchasePlan
        fields = ["year", "month", "institution", "department", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_won(self.fields["amount"], noun="계획 금액", positive=False)
