from django import forms

from procure.core.text import strip_control_characters


class KrdsFormMixin:
    """Give every widget its KRDS class and tie help texts to fields for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def clean(self):
        """Control characters never reach the database (nor, from there, an export)."""
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = strip_control_characters(value)
        return cleaned

    def style_fields(self):
        """Call again after adding fields dynamically."""
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is a RadioSelect too
                widget.template_name = "widgets/krds_multiple.html"
                widget.option_template_name = "widgets/krds_option.html"
                css = ""
            elif isinstance(widget, forms.CheckboxInput):
                css = ""
            elif isinstance(widget, forms.Select):
                css = "krds-form-select"
            elif isinstance(widget, forms.Textarea):
                css = "krds-input site-textarea"
            else:
                css = "krds-input"
            if css and css not in widget.attrs.get("class", ""):
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}_hint"
