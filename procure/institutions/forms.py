from django import forms

from procure.core.forms import KrdsFormMixin
from procure.institutions.models import Department, Institution, InstitutionKind


class InstitutionForm(KrdsFormMixin, forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "kind", "code", "is_active"]
        help_texts = {
            "name": "예: 관악구청, 관악구시설관리공단",
            "code": "행정표준 기관코드 7자리 또는 조달청이 부여한 코드 (예: 관악구 3200000). "
            "나라장터 계약과 종합쇼핑몰 납품요구를 모을 때 이 코드로 기관을 찾습니다. 모르면 비워 두세요.",
            "is_active": "사용하지 않는 기관은 목록과 통계에서 숨겨집니다.",
        }

    def clean_code(self):
        return self.cleaned_data.get("code", "").strip().replace(" ", "").upper()


class DepartmentForm(KrdsFormMixin, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "is_active"]
        help_texts = {"name": "예: 총무과, 일자리정책과"}

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.institution = institution

    def validate_unique(self):
        # institution is not a form field, so ModelForm would skip the (institution, name) check.
        try:
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error("name", "이 기관에 같은 이름의 부서가 이미 있습니다.")


class InstitutionFilterForm(KrdsFormMixin, forms.Form):
    q = forms.CharField(label="기관명", required=False, max_length=100)
    kind = forms.ChoiceField(label="기관 유형", required=False, choices=[("", "전체")] + InstitutionKind.choices)
