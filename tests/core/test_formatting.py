import datetime
import zoneinfo

import pytest
from django.template import Context, Template

from procure.core.formatting import format_date, format_datetime, format_won, format_won_in


def test_won_has_thousands_separators_and_unit():
    assert format_won(1234000) == "1,234,000원"
    assert format_won(0) == "0원"
    assert format_won(None) == ""


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        (1_234_567, "천원", "1,235천원"),
        (1_234_499, "천원", "1,234천원"),
        (2_500_000, "백만원", "3백만원"),  # half-up, not banker's rounding
        (350_000_000, "억원", "3.5억원"),
        (12_345_678_900, "억원", "123.5억원"),
    ],
)
def test_report_units_round_half_up(amount, unit, expected):
    assert format_won_in(amount, unit) == expected


def test_unknown_report_unit_is_refused():
    with pytest.raises(ValueError):
        format_won_in(1000, "달러")


def test_dates_are_written_with_korean_weekday():
    assert format_date(datetime.date(2024, 5, 29)) == "2024.05.29 (수)"
    assert format_date(datetime.date(2026, 11, 29)) == "2026.11.29 (일)"


def test_datetimes_are_shown_in_seoul_time():
    utc_evening = datetime.datetime(2024, 5, 28, 15, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert format_datetime(utc_evening) == "2024.05.29 (수) 00:30"


def test_filters_are_available_in_every_template_without_load():
    rendered = Template("{{ amount|won }} / {{ amount|won_in:'백만원' }} / {{ day|kdate }}").render(
        Context({"amount": 123_456_789, "day": datetime.date(2024, 5, 29)})
    )
    assert rendered == "123,456,789원 / 123백만원 / 2024.05.29 (수)"
