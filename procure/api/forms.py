from django import forms

from procure.institutions.models import Institution


class TokenForm(forms.Form):
    institution = forms.ModelChoiceField(label="기관", queryset=Institution.objects.filter(is_active=True))
    name = forms.CharField(label="이름", max_length=100, help_text="예: 재무회계시스템 연동")
