"""The monthly buying nudge: what each department bought last year in the coming month that local social economy
enterprises supply — "작년 3월에 인쇄물 1,200만원" — in its buyers' inboxes (and mail)."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from procure.accounts.models import Role, User
from procure.accounts.permissions import is_program_staff
from procure.catalog.models import Category
from procure.core.errors import ServiceError
from procure.core.formatting import format_won
from procure.core.services import audit, notify
from procure.insights.classifier import title_key
from procure.insights.models import CategoryMark
from procure.insights.selectors import buying_calendar, suppliers_by_category

MIN_AMOUNT = 1_000_000  # smaller habits are not worth a mail


def buying_nudges_send(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    month = today.month % 12 + 1  # next month
    suppliers = suppliers_by_category(today)
    sent = 0
    departments: dict[tuple[int | None, int | None], list[User]] = {}
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


class MarkError(ServiceError, ValueError):
    pass


def category_mark(*, actor, record, category: str, district_wide: bool = False) -> CategoryMark:
    """An officer says what a purchase line really is (a category code, or NONE: no social economy enterprise
    could supply it). Holds from now on for every line with the same title of the line's institution — or, when
    the district's program staff ask for it (`district_wide`), of every institution that has no mark of its own.
    Audited with the earlier verdict."""
    if not Category.objects.filter(code=category).exists():
        raise MarkError("알 수 없는 분류입니다. 목록에서 고르세요.")
    if district_wide and not is_program_staff(actor):
        raise MarkError("구 전체에 적용하는 표시는 구 담당자만 할 수 있습니다.")
    key = title_key(record.title)  # never longer than the title (300)
    if not key:
        raise MarkError("계약명이 비어 있는 줄은 표시할 수 없습니다.")
    scope: int | None = None if district_wide else record.institution_id
    with transaction.atomic():
        earlier = (
            CategoryMark.objects.select_for_update()
            .filter(normalized_title=key, institution_id=scope)  # type: ignore[misc]  # None is IS NULL
            .values_list("category", flat=True)
            .first()
        )
        mark, _ = CategoryMark.objects.update_or_create(
            normalized_title=key,
            institution_id=scope,  # type: ignore[misc]  # None: the district-wide mark
            defaults={"title": record.title, "category": category, "marked_by": actor},
        )
    audit(
        actor=actor,
        action="insights.category_mark.saved",
        obj=mark,
        before={"category": earlier} if earlier else None,
        after={
            "category": category,
            "title": record.title,
            "line": record.pk,
            "line_institution": record.institution_id,
            "applies_to": "district" if district_wide else record.institution_id,
        },
    )
    return mark
