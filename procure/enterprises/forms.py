from django import forms

from procure.core.forms import KrdsFormMixin
from procure.core.uploads import MEGABYTE, clean_upload
from procure.enterprises.models import (
    Certification,
    Enterprise,
    EnterpriseQualification,
    EnterpriseType,
    category_model,
    term_problem,
)
from procure.enterprises.qualification_kinds import kind_choices
from procure.enterprises.services import CERTIFICATION_EDITABLE, PROFILE_FIELDS, QUALIFICATION_EDITABLE

DOCUMENT_MAX_BYTES = 10 * MEGABYTE
PHOTO_MAX_BYTES = 5 * MEGABYTE


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EnterpriseProfileForm(KrdsFormMixin, forms.ModelForm):
    homepage = forms.URLField(label="홈페이지", required=False, max_length=300, assume_scheme="https")
    categories = forms.ModelMultipleChoiceField(
        label="주요 분야",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="구매담당자가 분야로 기업을 찾을 때 쓰입니다.",
    )

    class Meta:
        model = Enterprise
        fields = PROFILE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "address": "예: 서울특별시 관악구 관악로 145",
            "vulnerable_employees": "취약계층 고용 비율(30% 이상이면 수의계약 특례 대상)을 계산하는 데 쓰입니다.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = category_model().objects.suppliable()

    def clean(self):
        cleaned = super().clean()
        employees, vulnerable = cleaned.get("employees"), cleaned.get("vulnerable_employees")
        if employees is not None and vulnerable is not None and vulnerable > employees:
            self.add_error("vulnerable_employees", "취약계층 근로자 수는 전체 근로자 수보다 많을 수 없습니다.")
        return cleaned


class CertificationRequestForm(KrdsFormMixin, forms.ModelForm):
    class Meta:
        model = Certification
        fields = CERTIFICATION_EDITABLE  # the service saves and audits these
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}
        help_texts = {"document": "인증서·지정서 사본 (PDF, PNG, JPEG, 10MB 이하)", "number": "예: 제2024-001호"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].required = True

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document and hasattr(document, "content_type"):  # a new upload, not the stored file
            return clean_upload(document, kinds={"pdf", "png", "jpeg"}, max_bytes=DOCUMENT_MAX_BYTES)
        return document

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "만료일자는 인증일자보다 빠를 수 없습니다.")
        elif cleaned.get("type"):
            problem = term_problem(cleaned["type"], start, end)
            if problem:
                self.add_error("valid_to" if start else "valid_from", problem)
        return cleaned


class NameReviewForm(KrdsFormMixin, forms.Form):
    decision = forms.ChoiceField(label="처리", choices=[("approve", "승인"), ("reject", "반려")])
    reason = forms.CharField(label="반려 사유", required=False, max_length=500)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason"):
            self.add_error("reason", "반려할 때는 사유를 적어 주세요.")
        return cleaned


class PhotoForm(KrdsFormMixin, forms.Form):
    image = forms.FileField(label="사진", help_text="PNG, JPEG, WEBP, 5MB 이하")
    caption = forms.CharField(
        label="사진 설명", max_length=200, help_text="예: 도시락 포장 작업 모습 (화면낭독기가 읽습니다)"
    )

    def clean_image(self):
        image = self.cleaned_data["image"]
        return clean_upload(image, kinds={"png", "jpeg", "webp"}, max_bytes=PHOTO_MAX_BYTES)


class CertificationReviewForm(KrdsFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="처리", choices=[("approve", "승인"), ("reject", "반려")], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="반려 사유",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="반려할 때는 기업이 고칠 수 있도록 사유를 적어 주세요.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "반려 사유를 입력해 주세요.")
        return cleaned


class DirectoryFilterForm(KrdsFormMixin, forms.Form):
    q = forms.CharField(label="기업명", required=False, max_length=100)
    type = forms.ChoiceField(label="기업유형", required=False, choices=[("", "전체")] + EnterpriseType.choices)
    category = forms.ChoiceField(label="분야", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        suppliable = category_model().objects.suppliable()
        self.fields["category"].choices = [("", "전체")] + [(c.code, c.name) for c in suppliable]


class QualificationForm(KrdsFormMixin, forms.ModelForm):
    """A 확인서 or licence: a member's request (document required) or the center's record (document optional)."""

    kind = forms.ChoiceField(
        label="자격 종류",
        choices=[("", "선택하세요")] + kind_choices(),
        help_text="소기업·소상공인, 여성기업, 장애인기업, 청년창업기업 확인서 또는 업종 등록·면허",
    )

    class Meta:
        model = EnterpriseQualification
        fields = QUALIFICATION_EDITABLE  # the services save and audit these
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}
        help_texts = {
            "document": "확인서·등록증 사본 (PDF, PNG, JPEG, 10MB 이하)",
            "number": "예: 제2025-0123호, 등록번호",
            "valid_until": "확인서에 적힌 유효기간의 마지막 날. 비워 두면 기한 없음",
        }

    def __init__(self, *args, document_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].required = document_required

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document and hasattr(document, "content_type"):  # a new upload, not the stored file
            return clean_upload(document, kinds={"pdf", "png", "jpeg"}, max_bytes=DOCUMENT_MAX_BYTES)
        return document

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", "유효 종료일은 시작일보다 빠를 수 없습니다.")
        return cleaned


LIST_MAX_BYTES = 20 * MEGABYTE


class ListUploadForm(KrdsFormMixin, forms.Form):
    file = forms.FileField(
        label="인증 사회적기업 목록 파일",
        help_text="고용노동부 XLSX(사업자등록번호 포함) 또는 CSV, 사회적기업 인증현황 API 응답(JSON). 20MB 이하",
    )
    complete = forms.BooleanField(
        label="전국 전체 목록입니다",
        required=False,
        initial=True,
        help_text="전체 목록일 때만, 목록에 없는 등록 기업의 인증 종료를 제안합니다.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > LIST_MAX_BYTES:
            raise forms.ValidationError("파일이 너무 큽니다 (20MB 이하).")
        return upload


class ProposalDecisionForm(KrdsFormMixin, forms.Form):
    decision = forms.ChoiceField(label="처리", choices=[("apply", "반영"), ("dismiss", "반영 안 함")])
    end_date = forms.DateField(label="인증이 끝난 날", required=False, widget=DateInput())
    note = forms.CharField(label="메모", required=False, max_length=500)


class StatusClearForm(KrdsFormMixin, forms.Form):
    reason = forms.CharField(
        label="확인 사유",
        max_length=500,
        help_text="예: 국세청 자료 오류 확인(사업자등록증명 2026.12.01 발급), 법인 전환으로 같은 사업 계속",
    )
