"""Entering one purchase by hand, checked by the same rules as an imported line."""

from django import forms

from procure.catalog.models import Category
from procure.core.forms import KrdsFormMixin
from procure.institutions.models import Department, Institution
from procure.ledger.models import ContractMethod, PurchaseKind
from procure.ledger.rules import Line, LineRules


class PurchaseForm(KrdsFormMixin, forms.Form):
    institution = forms.ModelChoiceField(Institution.objects.all(), label="기관")
    department = forms.ModelChoiceField(
        Department.objects.select_related("institution"),
        label="부서",
        required=False,
        empty_label="기관 전체 (부서 없음)",
        help_text="기관 전체의 구매이면 비워 둡니다.",
    )
    contract_date = forms.CharField(label="계약일자", max_length=30, widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label="계약명", max_length=300)
    kind = forms.ChoiceField(label="구분", choices=PurchaseKind.choices)
    method = forms.ChoiceField(label="계약방법", choices=[("", "선택 안 함"), *ContractMethod.choices], required=False)
    amount = forms.CharField(
        label="계약금액(원)",
        max_length=30,
        help_text="예: 1,234,000",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    supplier_name = forms.CharField(label="업체명", max_length=200)
    supplier_business_no = forms.CharField(
        label="사업자등록번호",
        max_length=20,
        help_text="예: 123-45-67890",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    category = forms.ModelChoiceField(Category.objects.all(), label="분류", required=False, empty_label="선택 안 함")

    def __init__(self, *args, buyer=None, **kwargs):
        """For a buyer the institution and department are their own and are not asked."""
        super().__init__(*args, **kwargs)
        self.buyer = buyer
        self.rules = LineRules()
        if buyer is not None:
            del self.fields["institution"]
            del self.fields["department"]
        else:
            self.fields["department"].label_from_instance = lambda d: f"{d.institution.name} {d.name}"

    def _checked(self, rule, name):
        value, problem = rule(self.cleaned_data.get(name))
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_contract_date(self):
        return self._checked(self.rules.contract_date, "contract_date")

    def clean_title(self):
        return self._checked(self.rules.title, "title")

    def clean_amount(self):
        return self._checked(self.rules.amount, "amount")

    def clean_supplier_name(self):
        return self._checked(self.rules.supplier, "supplier_name")

    def clean_supplier_business_no(self):
        return self._checked(self.rules.business_no, "supplier_business_no")

    def clean(self):
        data = super().clean()
        if self.buyer is None:
            institution, department = data.get("institution"), data.get("department")
            if institution and department and department.institution_id != institution.pk:
                self.add_error("department", "선택한 기관의 부서가 아닙니다.")
        return data

    def unit(self):
        if self.buyer is not None:
            return self.buyer.institution, self.buyer.department
        return self.cleaned_data["institution"], self.cleaned_data["department"]

    def line(self) -> Line:
        data = self.cleaned_data
        category = data.get("category")
        institution, department = self.unit()
        return Line(
            institution=institution.name,
            department=department.name if department else "",
            day=data["contract_date"],
            title=data["title"],
            kind=data["kind"],
            method=data.get("method") or "",
            amount=data["amount"],
            supplier=data["supplier_name"],
            business_no=data["supplier_business_no"],
            category_id=category.pk if category else None,
        )


class ReversalForm(KrdsFormMixin, forms.Form):
    """Why a line is withdrawn, and how much of it (blank: all that is left)."""

    reason = forms.CharField(
        label="되돌리는 사유",
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "되돌리는 사유를 적어 주세요."},
    )
    amount = forms.IntegerField(
        label="되돌릴 금액(원)",
        required=False,
        min_value=1,
        help_text="비우면 남은 금액 전부를 되돌립니다 (계약 해제). 일부 환수이면 그 금액을 적습니다.",
        error_messages={
            "min_value": "되돌릴 금액은 1원 이상이어야 합니다.",
            "invalid": "금액은 원 단위 숫자로 적어 주세요.",
        },
    )

    def __init__(self, *args, remaining: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.remaining = remaining
        self.fields["amount"].max_value = remaining
        self.fields["amount"].widget.attrs["max"] = remaining

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount > self.remaining:
            raise forms.ValidationError(f"되돌릴 금액은 남은 {self.remaining:,}원을 넘을 수 없습니다.")
        return amount

    def clean_reason(self):
        reason = self.cleaned_data.get("reason", "").strip()
        if not reason:
            raise forms.ValidationError("되돌리는 사유를 적어 주세요.")
        return reason


class BatchUndoForm(KrdsFormMixin, forms.Form):
    """Why a whole import is taken back (kept in the audit and on every reversal line)."""

    reason = forms.CharField(
        label="되돌리는 사유",
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "되돌리는 사유를 적어 주세요."},
        help_text="예: 다른 기관의 파일을 잘못 올림, 금액 열을 잘못 고름",
    )
