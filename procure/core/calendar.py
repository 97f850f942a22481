"""Korean business days: Saturdays, Sundays and public holidays (설날, 추석, 대체공휴일, 선거일 … as the `holidays`
package's KR calendar declares them, kept current by upgrading it) are not business days.

Used wherever the law counts days: payment "5일 이내 (공휴일·토요일 제외)", an inspection period whose last day
falls on a holiday (carried to the next business day, 민법 §161), quote deadlines and reminders."""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> dict[datetime.date, str]:
    return dict(holidays.KR(years=[year], language="ko"))


def holiday_name(day: datetime.date) -> str | None:
    """The public holiday on `day` in Korean (설날, 추석, 대체공휴일(…), 지방선거일 …), or None."""
    return _holidays_of(day.year).get(day)


def is_business_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def non_business_reason(day: datetime.date) -> str | None:
    """Why `day` is not a business day, in Korean, or None."""
    name = holiday_name(day)
    if name:
        return f"공휴일({name})"
    if day.weekday() == 5:
        return "토요일"
    if day.weekday() == 6:
        return "일요일"
    return None


def add_business_days(day: datetime.date, days: int) -> datetime.date:
    """The day `days` business days after `day` (the day itself not counted)."""
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_business_day(day):
            days -= 1
    return day


def next_business_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a business day, else the first one after it (민법 §161)."""
    while not is_business_day(day):
        day += datetime.timedelta(days=1)
    return day
