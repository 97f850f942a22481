from django import forms

from procure.surveys.models import Question, QuestionKind, Survey


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "description", "event", "audience", "anonymous"]


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label="보기 (한 줄에 하나)", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )

    class Meta:
        model = Question
        fields = ["section", "code", "text", "kind", "required"]

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["section"].queryset = survey.sections.all()

    def clean_code(self):
        code = self.cleaned_data["code"]
        if self.survey.questions.filter(code=code).exists():
            raise forms.ValidationError("이 설문에 같은 문항 코드가 이미 있습니다. 다른 코드를 쓰세요.")
        return code

    def clean(self):
        data = super().clean()
        options = [line.strip() for line in data.get("options_text", "").splitlines() if line.strip()]
        if len(options) != len(set(options)):
            self.add_error("options_text", "같은 보기가 두 번 있습니다.")
        if data.get("kind") in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(options) < 2:
            self.add_error("options_text", "고르는 문항에는 보기가 두 개 이상 있어야 합니다.")
        data["options"] = options
        return data

    def question_fields(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("section", "code", "text", "kind", "required", "options")}


class SectionForm(forms.Form):
    title = forms.CharField(label="구역 제목", max_length=200)


class TokensForm(forms.Form):
    count = forms.IntegerField(label="만들 코드 수", min_value=1, max_value=1000, initial=50)


class CompareForm(forms.Form):
    before = forms.ModelChoiceField(label="사전 설문", queryset=Survey.objects.all())
    after = forms.ModelChoiceField(label="사후 설문", queryset=Survey.objects.all())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("before") and cleaned.get("before") == cleaned.get("after"):
            # A survey against itself shows no change whatever was answered: a comparison that cannot be read.
            self.add_error("after", "사전 설문과 다른 설문을 골라 주세요. 같은 설문끼리는 비교할 수 없습니다.")
        return cleaned


LONG_LIST = 8  # a single-choice question with more options than this is a drop-down (e.g. 소속 기관)


def response_form(survey: Survey, *, data=None, with_token: bool = False) -> forms.Form:
    """A form with one field per question, grouped by section (field.section_title)."""
    form = forms.Form(data)
    if with_token:
        form.fields["token"] = forms.CharField(
            label="응답 코드", max_length=20, help_text="행사장에서 받은 종이에 적힌 10자리 코드"
        )
    for question in survey.questions.select_related("section"):
        name = f"q{question.pk}"
        common = {"label": question.text, "required": question.required}
        if question.kind == QuestionKind.SINGLE and len(question.options) > LONG_LIST:
            blank = ("", "고르세요" if question.required else "답하지 않음")
            field = forms.ChoiceField(choices=[blank, *((o, o) for o in question.options)], **common)
        elif question.kind == QuestionKind.SINGLE:  # an optional one can be taken back: 답하지 않음
            blank = [] if question.required else [("", "답하지 않음")]
            choices = [*blank, *((o, o) for o in question.options)]
            field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        elif question.kind == QuestionKind.MULTIPLE:
            field = forms.MultipleChoiceField(
                choices=[(o, o) for o in question.options], widget=forms.CheckboxSelectMultiple, **common
            )
        elif question.kind == QuestionKind.SCALE:
            field = forms.ChoiceField(
                choices=[(str(i), f"{i} {label}") for i, label in enumerate(question.choices, start=1)],
                widget=forms.RadioSelect,
                **common,
            )
        elif question.kind == QuestionKind.SHORT:
            field = forms.CharField(max_length=300, **common)
        else:
            field = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 4}), **common)
        field.section_title = question.section.title if question.section else ""
        field.question_pk = question.pk
        form.fields[name] = field
    return form


def answers_of(form) -> dict:
    return {
        field.question_pk: form.cleaned_data.get(name)
        for name, field in form.fields.items()
        if hasattr(field, "question_pk")
    }
