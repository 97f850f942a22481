"""The monthly buying nudge: what each department bought last year in the coming month that local social economy
enterprises supply — "작년 3월에 인쇄물 1,200만원" — in its buyers' inboxes (and mail)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from procure.accounts.models import Role, User
from procure.core.formatting import format_won
from procure.core.services import notify
from procure.insights.selectors import buying_calendar, suppliers_by_category

MIN_AMOUNT = 1_000_000  # smaller habits are not worth a mail


def buying_nudges_send(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    month = today.month % 12 + 1  # next month
    suppliers = suppliers_by_category(today)
    sent = 0
    departments: dict[tuple[int, int], list[User]] = {}
    for user in User.objects.filter(role=Role.BUYER, is_active=True).exclude(department=None):
        departments.setdefault((user.institution_id, user.department_id), []).append(user)
    for (_institution_id, _department_id), buyers in departments.items():
        sample = buyers[0]
        calendar = buying_calendar(institution=sample.institution, department=sample.department, year=today.year)
        due = [c for c in calendar if c["month"] == month and c["amount"] >= MIN_AMOUNT][:3]
        if not due:
            continue
        lines = []
        for c in due:
            names = ", ".join(suppliers.get(c["category"], [])[:3])
            lines.append(
                f"작년 {month}월에 {c['label']} {format_won(c['amount'])}" + (f" — 관내 기업: {names}" if names else "")
            )
        link = reverse("insights:department", args=[sample.institution_id, sample.department_id])
        for buyer in buyers:
            notify(recipient=buyer, title=f"{month}월 구매 계획에 참고하세요", body="\n".join(lines), link=link)
            sent += 1
    return sent
