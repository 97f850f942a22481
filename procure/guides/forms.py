from django import forms

from procure.core.uploads import MEGABYTE, clean_upload
from procure.guides.models import Guide


class GuideForm(forms.ModelForm):
    class Meta:
        model = Guide
        fields = ["title", "slug", "summary", "body", "order", "is_published"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}


class GuideFileForm(forms.Form):
    title = forms.CharField(label="서식 이름", max_length=200)
    file = forms.FileField(label="파일 (PDF, XLSX, 최대 10MB)")

    def clean_file(self):
        return clean_upload(self.cleaned_data["file"], kinds={"pdf", "xlsx"}, max_bytes=10 * MEGABYTE)
