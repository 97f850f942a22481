from django import forms
from django.utils import timezone

from procure.buying.models import Regime
from procure.core.forms import KrdsFormMixin
from procure.core.tabular import parse_won
from procure.enterprises.models import Enterprise, EnterpriseType


class RouteQuestionForm(KrdsFormMixin, forms.Form):
    amount = forms.CharField(label="추정가격 (부가세 제외, 원)", max_length=30, help_text="예: 48,000,000")
    kind = forms.ChoiceField(label="구분", choices=[("goods", "물품"), ("services", "용역"), ("works", "공사")])
    enterprise = forms.ModelChoiceField(
        label="공급자 (등록 기업)",
        queryset=Enterprise.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="— 직접 고르기 —",
        help_text="등록 기업을 고르면 계약일에 가진 유형과 취약계층 고용비율을 기업 정보에서 읽습니다.",
    )
    types = forms.MultipleChoiceField(
        label="공급자 유형 (직접 고를 때)",
        choices=EnterpriseType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    vulnerable_percent = forms.DecimalField(
        label="취약계층 고용비율 (%)", required=False, min_value=0, max_value=100, decimal_places=2
    )
    regime = forms.ChoiceField(label="기관에 적용되는 법령", choices=Regime.choices)
    day = forms.DateField(label="계약일", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("day", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean_amount(self):
        try:
            amount = parse_won(self.cleaned_data["amount"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        if amount <= 0:
            raise forms.ValidationError("추정가격은 0원보다 커야 합니다.")
        return amount
