import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from procure.core.money import MAX_WON, WonValidator
from procure.core.tabular import parse_won
from procure.core.text import josa, strip_control_characters


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
        """Call again after adding fields dynamically. Every date field is bounded (`bound_date`, naming the
        field's label) unless the form bounded it itself: from 1900, since some record past facts (a 건설업
        registration of 1995, a 자활 designation of 1999), to 2100 (the day after 9999-12-31 does not exist)."""
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField) and not any(
                isinstance(v, MinValueValidator) for v in field.validators
            ):
                bound_date(field, noun=str(field.label or "날짜"), earliest=EARLIEST_RECORDED_DATE)
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


class WonField(forms.Field):
    """An amount of won as people type it ('48,000,000', '48000000원'), cleaned to an int from `min_value` (1, or
    0 when not `positive`) to `max_value` (`money.MAX_WON`, 100조 원), with Korean errors naming `noun`."""

    widget = forms.TextInput
    max_length = 30

    def __init__(self, *, noun: str = "금액", positive: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.noun, self.min_value, self.max_value = noun, (1 if positive else 0), MAX_WON
        self.validators.append(WonValidator(noun, positive=positive))

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.max_length), "inputmode": "numeric"}

    def to_python(self, value):
        text = "" if value in self.empty_values else str(value).strip()
        if not text:
            return None
        if len(text) > self.max_length:
            raise forms.ValidationError(
                f"{self.noun}{josa(self.noun, '을/를')} {self.max_length}자 이내의 원 단위 숫자로 입력해 주세요."
            )
        try:
            return parse_won(text)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


def bound_won(field: forms.Field, *, noun: str = "금액", positive: bool = True) -> forms.Field:
    """Bound a number field of won (a ModelForm's field of a BigIntegerField, which alone allows ±2⁶³) to
    1 or 0 .. `MAX_WON`, with Korean errors naming `noun`."""
    field.min_value, field.max_value = (1 if positive else 0), MAX_WON
    field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator | MaxValueValidator)] + [
        WonValidator(noun, positive=positive)
    ]
    if isinstance(field.widget, forms.NumberInput):
        field.widget.attrs.update(min=str(field.min_value), max=str(MAX_WON))
    return field


EARLIEST_DATE = datetime.date(2000, 1, 1)
EARLIEST_RECORDED_DATE = datetime.date(1900, 1, 1)  # any date a form takes unless it bounds its own
LATEST_DATE = datetime.date(2100, 12, 31)


def bound_date(
    field: forms.Field,
    *,
    noun: str = "날짜",
    earliest: datetime.date = EARLIEST_DATE,
    latest: datetime.date = LATEST_DATE,
) -> forms.Field:
    """Bound a date field to a range people mean (a date picker lets anyone send 9999-12-31, and the day after it
    does not exist), with a Korean error naming `noun`; the browser's picker gets the same min and max."""
    message = f"{noun}{josa(noun, '은/는')} {earliest:%Y.%m.%d}부터 {latest:%Y.%m.%d} 사이로 입력해 주세요."
    field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator | MaxValueValidator)] + [
        MinValueValidator(earliest, message=message),
        MaxValueValidator(latest, message=message),
    ]
    field.widget.attrs.update(min=earliest.isoformat(), max=latest.isoformat())
    return field
