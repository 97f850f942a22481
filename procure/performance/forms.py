from django import forms
from django.utils import timezone

from procure.core.forms import KrdsFormMixin
from procure.performance.models import Regime


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
