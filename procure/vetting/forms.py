from django import forms
from django.forms import inlineformset_factory

from procure.accounts.models import Role, User
from procure.core.forms import KrdsFormMixin
from procure.core.uploads import MEGABYTE, clean_upload
from procure.enterprises.forms import DateInput
from procure.enterprises.models import EnterpriseType
from procure.vetting.models import Criterion, Question, QuestionKind, Round
from procure.vetting.services import ROUND_EDITABLE

ATTACHMENT_MAX_BYTES = 10 * MEGABYTE


class RoundForm(KrdsFormMixin, forms.ModelForm):
    eligible_types = forms.MultipleChoiceField(
        label="신청 가능 기업유형",
        choices=EnterpriseType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="하나도 고르지 않으면 모든 유형이 신청할 수 있습니다.",
    )

    class Meta:
        model = Round
        fields = ROUND_EDITABLE  # the services save and audit these, no more, no less
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "certification_valid_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "마감일은 시작일보다 빠를 수 없습니다.")
        if cleaned.get("select_count") == 0:
            self.add_error("select_count", "선정 기업 수는 1 이상이어야 합니다.")
        return cleaned


class _WeightsAddUp(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        total = sum(
            form.cleaned_data.get("weight") or 0
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        if total != 100:
            raise forms.ValidationError(f"가중치의 합이 100이어야 합니다 (지금 {total}).")


class _KrdsModelForm(KrdsFormMixin, forms.ModelForm):
    pass


CriterionFormSet = inlineformset_factory(
    Round,
    Criterion,
    form=_KrdsModelForm,
    formset=_WeightsAddUp,
    fields=["name", "weight", "max_score", "guide", "order"],
    extra=1,
    can_delete=True,
    widgets={"guide": forms.Textarea(attrs={"rows": 2})},
)
QuestionFormSet = inlineformset_factory(
    Round, Question, fields=["text", "help_text", "kind", "required", "order"], extra=1, can_delete=True
)


class ReviewersForm(KrdsFormMixin, forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        label="심사위원",
        queryset=User.objects.filter(role=Role.REVIEWER, is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ApplicationForm(KrdsFormMixin, forms.Form):
    def __init__(self, *args, questions, **kwargs):
        self.questions = list(questions)
        super().__init__(*args, **kwargs)
        for question in self.questions:
            name = f"q_{question.pk}"
            if question.kind == QuestionKind.FILE:
                self.fields[name] = forms.FileField(
                    label=question.text,
                    required=question.required,
                    help_text=question.help_text or "PDF, PNG, JPEG, XLSX, 10MB 이하",
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=question.required,
                    max_length=4000,
                    help_text=question.help_text,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
        self.style_fields()

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            value = cleaned.get(f"q_{question.pk}")
            if question.kind == QuestionKind.FILE and value:
                try:
                    cleaned[f"q_{question.pk}"] = clean_upload(
                        value, kinds={"pdf", "png", "jpeg", "xlsx"}, max_bytes=ATTACHMENT_MAX_BYTES
                    )
                except forms.ValidationError as error:
                    self.add_error(f"q_{question.pk}", error)
        return cleaned

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q_{q.pk}") for q in self.questions}


class ConflictForm(KrdsFormMixin, forms.Form):
    reason = forms.CharField(label="이해충돌 사유", max_length=300, help_text="예: 해당 기업의 자문위원으로 활동 중")


class SheetForm(KrdsFormMixin, forms.Form):
    comment = forms.CharField(label="의견", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria, **kwargs):
        self.criteria = list(criteria)
        super().__init__(*args, **kwargs)
        scored = {}
        for criterion in self.criteria:
            scored[f"c_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (0~{criterion.max_score}점, 가중치 {criterion.weight})",
                min_value=0,
                max_value=criterion.max_score,
                required=False,
                help_text=criterion.guide,
            )
        self.fields = {**scored, **self.fields}
        for name in scored:
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.style_fields()

    def values(self) -> dict[int, int]:
        return {
            c.pk: self.cleaned_data[f"c_{c.pk}"]
            for c in self.criteria
            if self.cleaned_data.get(f"c_{c.pk}") is not None
        }
