from django import forms
from django.utils import timezone

from procure.buying.models import Regime, SupplierGroup, WorksType
from procure.core.calendar import next_business_day, non_business_reason
from procure.core.formatting import format_date
from procure.core.forms import KrdsFormMixin, WonField
from procure.core.money import MAX_WON, MAX_WON_TEXT
from procure.core.text import josa
from procure.enterprises.models import Enterprise, EnterpriseType

DECREE_GROUP_CHOICES = [
    SupplierGroup.SMALL_MICRO,
    SupplierGroup.WOMEN,
    SupplierGroup.DISABLED,
    SupplierGroup.YOUTH_STARTUP,
]


def category_queryset():
    from procure.catalog.models import Category

    return Category.objects.filter(is_active=True)


class RouteQuestionForm(KrdsFormMixin, forms.Form):
    amount = WonField(label="추정가격 (부가세 제외, 원)", noun="추정가격", help_text="예: 48,000,000")
    kind = forms.ChoiceField(label="구분", choices=[("goods", "물품"), ("services", "용역"), ("works", "공사")])
    works_type = forms.ChoiceField(
        label="공사 종류 (공사일 때)",
        choices=[("", "— 모름: 종류별로 보기 —"), *WorksType.choices],
        required=False,
        help_text=(
            "종합공사 4억원, 전문공사 2억원, 기타 공사(전기·정보통신·소방 등) 1억6천만원까지 수의계약 (2022.9. 이후)"
        ),
    )
    enterprise = forms.ModelChoiceField(
        label="공급자 (등록 기업)",
        queryset=Enterprise.objects.pickable().order_by("name"),  # not 휴·폐업 (enterprises.business_status)
        required=False,
        empty_label="— 직접 고르기 —",
        help_text="등록 기업을 고르면 계약일에 가진 유형과 취약계층 고용비율을 기업 정보에서 읽습니다.",
    )
    types = forms.MultipleChoiceField(
        label="공급자 유형 (직접 고를 때)",
        choices=[*EnterpriseType.choices, *[(g.value, g.label) for g in DECREE_GROUP_CHOICES]],
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


class QuoteRequestForm(KrdsFormMixin, forms.Form):
    title = forms.CharField(label="건명", max_length=200, help_text="예: 구청 행사용 답례품 구매")
    kind = forms.ChoiceField(label="구분", choices=[("goods", "물품"), ("services", "용역"), ("works", "공사")])
    works_type = forms.ChoiceField(
        label="공사 종류 (공사일 때)", choices=[("", "— 선택 —"), *WorksType.choices], required=False
    )
    category = forms.ModelChoiceField(
        label="분류",
        queryset=category_queryset(),
        required=False,
        empty_label="— 선택 —",
        help_text="같은 부서의 비슷한 요청과 합쳐 한도를 넘는지(분할계약) 살필 때 씁니다.",
    )
    estimated_price = WonField(
        label="추정가격 (부가세 제외, 원)",
        noun="추정가격",
        help_text="견적을 받기 전에 정하는 금액입니다. 계약 방법(1인 견적·2인 이상 견적)은 이 금액으로 판단합니다.",
    )
    tax_status = forms.ChoiceField(
        label="과세 구분",
        choices=[("taxable", "과세 (부가세 10%)"), ("exempt", "면세 (부가세 0원)")],
        initial="taxable",
        help_text="기업이 부가세를 비워 두면 이 구분으로 계산합니다. 농산물·도서 등 면세 품목이면 면세를 고르세요.",
    )
    description = forms.CharField(
        label="요청 내용",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="품목, 수량, 규격을 적어 주세요.",
    )
    delivery_place = forms.CharField(label="납품 장소", max_length=200, required=False)
    deliver_by = forms.DateField(label="납품 기한", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    budget = WonField(label="예산 (원, 부가세 포함)", noun="예산", required=False)
    answer_by = forms.DateField(label="견적 마감일", widget=forms.DateInput(attrs={"type": "date"}))
    enterprises = forms.ModelMultipleChoiceField(
        label="견적을 요청할 기업",
        queryset=Enterprise.objects.pickable().order_by("name"),  # not 휴·폐업 (enterprises.business_status)
        widget=forms.CheckboxSelectMultiple,
    )

    split_reason = forms.CharField(
        label="분할계약이 아닌 사유",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="비슷한 요청과 합쳐 한도를 넘는다는 경고가 나왔을 때만 적습니다. 사유는 요청에 함께 남습니다.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "works" and not cleaned.get("works_type"):
            self.add_error(
                "works_type", "공사는 종류(종합·전문·기타)에 따라 수의계약 한도가 다릅니다. 공사 종류를 골라 주세요."
            )
        return cleaned

    def clean_answer_by(self):
        day = self.cleaned_data["answer_by"]
        if day < timezone.localdate():
            raise forms.ValidationError("견적 마감일은 오늘 이후여야 합니다.")
        reason = non_business_reason(day)
        if reason:
            raise forms.ValidationError(
                f"{format_date(day)}{josa(format_date(day), '은/는')} {reason}이라 기업이 답하기 어렵습니다. "
                f"다음 평일 {format_date(next_business_day(day))}처럼 평일로 정해 주세요."
            )
        return day


class QuoteForm(KrdsFormMixin, forms.Form):
    supply_amount = WonField(label="공급가액 (부가세 제외, 원)", noun="공급가액")
    vat = WonField(
        label="부가세 (원)",
        noun="부가세",
        positive=False,
        required=False,
        help_text="비워 두면 과세(공급가액의 10%, 원 미만 버림)로 계산합니다. 면세이면 0을 적어 주세요.",
    )

    def __init__(self, *args, tax_status: str = "taxable", **kwargs):
        super().__init__(*args, **kwargs)
        self.tax_status = tax_status
        if tax_status == "exempt":
            self.fields["vat"].help_text = (
                "요청한 기관이 면세 품목으로 정했습니다: 비워 두면 0원입니다. "
                "과세 품목이면 공급가액의 10%를 적어 주세요."
            )
            self._bound_fields_cache.pop("vat", None)  # a bound field keeps the help text it was made with

    valid_until = forms.DateField(label="견적 유효기간", widget=forms.DateInput(attrs={"type": "date"}))
    terms = forms.CharField(
        label="납품 조건", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        cleaned = super().clean()
        supply, vat = cleaned.get("supply_amount"), cleaned.get("vat")
        if supply is not None and vat is None and "vat" not in self.errors:
            # The request's tax status decides a blank VAT: 과세 10% of the price before VAT, 면세 0.
            vat = cleaned["vat"] = 0 if self.tax_status == "exempt" else supply // 10
        # The quote's amount (and the contract's, and the ledger line's when it is paid) is the sum.
        if supply is not None and vat is not None and supply + vat > MAX_WON:
            raise forms.ValidationError(
                f"공급가액과 부가세를 더한 견적금액이 {MAX_WON_TEXT}을 넘습니다. 금액을 확인해 주세요."
            )
        return cleaned


class AwardForm(KrdsFormMixin, forms.Form):
    route = forms.ChoiceField(label="계약 방법")
    contract_date = forms.DateField(label="계약일", widget=forms.DateInput(attrs={"type": "date"}))
    condition_checked = forms.BooleanField(
        label="조건을 확인했습니다",
        required=False,
        help_text="‘조건부’인 방법은 설명에 적힌 요건(취약계층 고용비율 등)을 서류로 확인한 뒤에만 고릅니다.",
    )

    def __init__(self, *args, answers, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("contract_date", timezone.localdate())
        super().__init__(*args, **kwargs)
        marks = {True: "가능", False: "불가", None: "조건부"}
        self.fields["route"].choices = [(a.route, f"{a.label} — {marks[a.allowed]}") for a in answers]
        self.style_fields()


class AttachmentForm(KrdsFormMixin, forms.Form):
    file = forms.FileField(label="첨부 파일", help_text="PDF, PNG, JPEG, XLSX, 10MB 이하")
    label = forms.CharField(label="파일 설명", max_length=200, required=False)

    def clean_file(self):
        from procure.core.uploads import MEGABYTE, clean_upload

        return clean_upload(self.cleaned_data["file"], kinds={"pdf", "png", "jpeg", "xlsx"}, max_bytes=10 * MEGABYTE)


class ChangeForm(KrdsFormMixin, forms.Form):
    amount = WonField(
        label="바뀐 계약금액 (원, 부가세 포함)",
        noun="계약금액",
        help_text=(
            "계약 방법의 한도를 넘는 금액으로는 바꿀 수 없습니다. 검수 뒤의 변경은 구 또는 지원센터가 승인해야 합니다."
        ),
    )
    reason = forms.CharField(label="변경 사유", max_length=1000)


class ChangeDecisionForm(KrdsFormMixin, forms.Form):
    note = forms.CharField(
        label="결정 의견", max_length=1000, required=False, help_text="반려할 때는 사유를 적어 주세요."
    )


class StepForm(KrdsFormMixin, forms.Form):
    note = forms.CharField(label="의견·사유", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rating = forms.TypedChoiceField(
        label="납품 평가",
        choices=[("", "— 평가하지 않음 —")] + [(str(n), f"{n}점") for n in range(5, 0, -1)],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="검수 합격 때 남기면 기업의 실적표에 반영됩니다.",
    )
