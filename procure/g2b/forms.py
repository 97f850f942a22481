from django import forms

from procure.core.forms import KrdsFormMixin

MAX_UPLOAD = 50 * 1024 * 1024


class ResponseFileForm(KrdsFormMixin, forms.Form):
    file = forms.FileField(
        label="저장한 응답 파일 (JSON 또는 XML)",
        help_text="공공데이터포털에서 내려받은 계약정보서비스 목록이나 납품요구상세 응답을 그대로 올립니다. 50MB까지.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("파일이 너무 큽니다 (50MB까지).")
        if not upload.name.lower().endswith((".json", ".xml", ".txt")):
            raise forms.ValidationError("JSON(.json) 또는 XML(.xml) 파일을 올려 주세요.")
        return upload
