"""Money and dates as people in Korean public offices write them."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

WEEKDAYS = "월화수목금토일"
MONEY_UNITS = {"원": 1, "천원": 1_000, "만원": 10_000, "백만원": 1_000_000, "억원": 100_000_000}


def format_won(amount: int | None) -> str:
    """1234000 → '1,234,000원'."""
    if amount is None or amount == "":
        return ""
    return f"{int(amount):,}원"


def format_won_in(amount: int | None, unit: str = "천원", decimals: int | None = None) -> str:
    """Amount in a report unit, rounded half-up: (1_234_567, '천원') → '1,235천원'.

    억원 keeps one decimal by default (3.5억원) because whole 억 hide too much.
    """
    if amount is None or amount == "":
        return ""
    if unit not in MONEY_UNITS:
        raise ValueError(f"unknown money unit {unit!r}")
    if decimals is None:
        decimals = 1 if unit == "억원" else 0
    quantum = Decimal(1).scaleb(-decimals)
    value = (Decimal(int(amount)) / MONEY_UNITS[unit]).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{value:,.{decimals}f}{unit}"


def _as_local_date(value) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def format_date(value) -> str:
    """date(2024, 5, 29) → '2024.05.29 (수)'."""
    day = _as_local_date(value)
    if day is None:
        return ""
    return f"{day:%Y.%m.%d} ({WEEKDAYS[day.weekday()]})"


def format_datetime(value: datetime.datetime | None) -> str:
    """→ '2024.05.29 (수) 14:05', in Asia/Seoul."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local)} {local:%H:%M}"
