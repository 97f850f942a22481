from django import forms

from procure.catalog.models import Category
from procure.core.forms import bound_date
from procure.events.models import Booth, ConsultationNote, Event, ProgramSession
from procure.institutions.models import Department, Institution


def category_choices():
    return [(c.code, c.name) for c in Category.objects.suppliable()]


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


def check_ends_after_starts(form, data: dict, message: str) -> dict:
    if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
        form.add_error("ends_at", message)
    return data


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "date",
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "capacity",
            "vetting_round",
            "default_max_meetings",
            "description",
            "consent_text",
            "status",
        ]
        widgets = {"date": DateInput(), "starts_at": TimeInput(), "ends_at": TimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_date(self.fields["date"], noun="행사 날짜")  # 9999-12-31 used to be saved, and then gave 500s

    def clean(self):
        return check_ends_after_starts(self, super().clean(), "종료 시각은 시작 시각보다 늦어야 합니다.")


class SessionForm(forms.ModelForm):
    class Meta:
        model = ProgramSession
        fields = ["starts_at", "ends_at", "title", "kind", "speaker"]
        widgets = {"starts_at": TimeInput(), "ends_at": TimeInput()}

    def clean(self):
        return check_ends_after_starts(self, super().clean(), "끝나는 시각은 시작 시각보다 늦어야 합니다.")


class SlotsForm(forms.Form):
    first = forms.TimeField(label="첫 상담 시작", widget=TimeInput())
    minutes = forms.IntegerField(label="상담 1회 시간(분)", min_value=5, max_value=120, initial=20)
    count = forms.IntegerField(label="시간대 수", min_value=1, max_value=30, initial=6)


class RegistrationForm(forms.Form):
    """Officers with an account get institution and department from it; others choose them here."""

    name = forms.CharField(label="이름", max_length=50)
    email = forms.EmailField(label="이메일", help_text="참가 확인 코드와 QR을 이 주소로 보냅니다.")
    phone = forms.CharField(label="연락처", max_length=20, required=False)
    institution = forms.ModelChoiceField(label="기관", queryset=Institution.objects.filter(is_active=True))
    department = forms.ModelChoiceField(label="부서", queryset=Department.objects.none(), required=False)
    categories = forms.MultipleChoiceField(
        label="구매 예정 분야", choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    interests = forms.CharField(label="관심 품목(자유 기재)", max_length=300, required=False)
    max_meetings = forms.IntegerField(
        label="희망하는 1:1 상담 수", min_value=0, max_value=6, initial=3, help_text="0이면 상담 없이 참가합니다."
    )
    consent = forms.BooleanField(label="개인정보 수집·이용에 동의합니다.", required=True)

    def __init__(self, *args, user=None, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = category_choices()
        if event is not None:
            self.fields["max_meetings"].initial = event.default_max_meetings
            self.fields["consent"].help_text = event.consent_text
        self.fields["department"].queryset = Department.objects.filter(is_active=True).select_related("institution")
        self.fields["department"].label_from_instance = lambda d: f"{d.institution.name} {d.name}"
        self.user = user
        if user is not None and user.is_authenticated and user.institution_id:
            for name in ("institution", "department"):
                del self.fields[name]
            self.fields["name"].initial = user.display_name
            self.fields["email"].initial = user.email
            self.fields["phone"].initial = user.phone

    def clean(self):
        data = super().clean()
        department, institution = data.get("department"), data.get("institution")
        if department and institution and department.institution_id != institution.pk:
            self.add_error("department", "선택한 기관의 부서가 아닙니다.")
        return data

    def registration_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            "name": data["name"],
            "email": data["email"],
            "phone": data["phone"],
            "categories": data["categories"],
            "interests": data["interests"],
            "max_meetings": data["max_meetings"],
        }
        if self.user is not None and self.user.is_authenticated and self.user.institution_id:
            fields["institution"] = self.user.institution
            fields["department"] = self.user.department
        else:
            fields["institution"] = data["institution"]
            fields["department"] = data["department"]
        return fields


class BoothForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label="상담 분야", choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Booth
        fields = ["capacity", "categories", "contact_name", "contact_phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = category_choices()
        self.fields["capacity"].widget.attrs["max"] = 10


class CheckInForm(forms.Form):
    code = forms.CharField(label="참가 확인 코드", max_length=20)


class ManualConsultationForm(forms.Form):
    registration = forms.ModelChoiceField(label="담당자", queryset=None)
    booth = forms.ModelChoiceField(label="부스", queryset=None)
    slot = forms.ModelChoiceField(label="시간대", queryset=None)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = event.registrations.filter(status="confirmed").select_related(
            "institution"
        )
        self.fields["registration"].label_from_instance = lambda r: f"{r.name} ({r.institution.name})"
        self.fields["booth"].queryset = event.booths.select_related("enterprise")
        self.fields["slot"].queryset = event.slots.all()
        self.fields["slot"].label_from_instance = lambda s: s.label


class NoteForm(forms.ModelForm):
    class Meta:
        model = ConsultationNote
        fields = ["interest", "follow_up", "next_step"]
        widgets = {"interest": forms.RadioSelect, "follow_up": forms.RadioSelect}
