from django import forms
from django.urls import reverse_lazy

from procure.catalog.models import Category, Offering, OfferingKind
from procure.catalog.services import OFFERING_EDITABLE
from procure.core.forms import KrdsFormMixin, bound_won
from procure.core.uploads import MEGABYTE, clean_upload
from procure.enterprises.models import EnterpriseType

PRICE_BANDS = [("", "전체"), ("100000", "10만원 이하"), ("1000000", "100만원 이하"), ("10000000", "1,000만원 이하")]


class SearchForm(KrdsFormMixin, forms.Form):
    q = forms.CharField(
        label="찾는 물품·용역",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"placeholder": "예: 현수막, 워크숍 도시락, 경로당 집수리", "autocomplete": "off"}
        ),
    )
    kind = forms.ChoiceField(label="구분", required=False, choices=[("", "전체"), *OfferingKind.choices])
    category = forms.ChoiceField(label="분류", required=False)
    type = forms.ChoiceField(label="기업유형", required=False, choices=[("", "전체"), *EnterpriseType.choices])
    price = forms.ChoiceField(label="단가", required=False, choices=PRICE_BANDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "전체")] + [(c.code, c.name) for c in Category.objects.suppliable()]
        self.fields["q"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("catalog:suggest"),
                "hx-trigger": "keyup changed delay:250ms",
                "hx-target": "#suggestions",
                "list": "suggestion-list",
            }
        )


class OfferingForm(KrdsFormMixin, forms.ModelForm):
    class Meta:
        model = Offering
        fields = OFFERING_EDITABLE  # the service saves and audits these, no more, no less
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "spec_sheet": "PDF, 10MB 이하",
            "unit_price": "부가세 포함, 원 단위",
            "photo": "PNG, JPEG, WEBP, 5MB 이하",
        }

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.enterprise = enterprise
        self.fields["category"].queryset = Category.objects.suppliable()
        bound_won(self.fields["unit_price"], noun="단가", positive=False)

    def clean_spec_sheet(self):
        sheet = self.cleaned_data.get("spec_sheet")
        if sheet and hasattr(sheet, "content_type"):
            return clean_upload(sheet, kinds={"pdf"}, max_bytes=10 * MEGABYTE)
        return sheet

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):
            return clean_upload(photo, kinds={"png", "jpeg", "webp"}, max_bytes=5 * MEGABYTE)
        return photo

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error("name", "같은 이름과 구분의 품목이 이미 있습니다.")


class HideForm(KrdsFormMixin, forms.Form):
    reason = forms.CharField(label="숨김 사유", max_length=300, help_text="기업에 알림으로 전해집니다.")


class SynonymForm(forms.Form):
    word = forms.CharField(label="검색어", max_length=50)
    means = forms.CharField(label="뜻하는 말", max_length=50)

    def clean(self):
        from procure.catalog.analysis import normalize

        data = super().clean()
        if data.get("word") and data.get("means") and normalize(data["word"]) == normalize(data["means"]):
            raise forms.ValidationError("검색어와 뜻하는 말을 서로 다르게 입력하세요.")
        return data


class CategoryHintForm(forms.Form):
    word = forms.CharField(label="검색어", max_length=50)
    category = forms.ModelChoiceField(label="분류", queryset=Category.objects.suppliable())
