"""The legal periods of a contract after completion: 검사·검수 within 14 days of the completion notice (a last day on
a Saturday, Sunday or public holiday is carried to the next business day, 민법 §161), payment within 5 days of the
claim not counting Saturdays, Sundays and public holidays (core/calendar.py: the KR holiday calendar with 설날,
추석, 대체공휴일 and 선거일). (domain-research §3.6: 지방 검사 14일 is kept as an unverified rule; 대가 지급 5일
since 2016-01.)"""

import datetime

from procure.buying.models import Contract, ContractStatus
from procure.core.calendar import add_business_days, next_business_day

INSPECTION_DAYS = 14
PAYMENT_BUSINESS_DAYS = 5


def due_date(contract: Contract) -> tuple[str, datetime.date] | None:
    """What the contract waits for and by when, or None when nothing is due."""
    from django.utils import timezone

    if contract.status == ContractStatus.COMPLETED and contract.completed_at:
        start = timezone.localtime(contract.completed_at).date()
        return "검수", next_business_day(start + datetime.timedelta(days=INSPECTION_DAYS))
    if contract.status == ContractStatus.CLAIMED and contract.claimed_at:
        start = timezone.localtime(contract.claimed_at).date()
        return "대금 지급", add_business_days(start, PAYMENT_BUSINESS_DAYS)
    return None


def waiting(*, today: datetime.date, institution_id=None) -> list[dict]:
    """Contracts waiting for the buyer, with their due date and how late they are (0 or less: not late)."""
    contracts = Contract.objects.filter(status__in=[ContractStatus.COMPLETED, ContractStatus.CLAIMED]).select_related(
        "institution", "department", "enterprise", "created_by"
    )
    if institution_id is not None:
        contracts = contracts.filter(institution_id=institution_id)
    items = []
    for contract in contracts:
        due = due_date(contract)
        if due:
            what, day = due
            items.append({"contract": contract, "what": what, "due": day, "days_late": (today - day).days})
    return sorted(items, key=lambda item: item["due"])


def overdue(*, today: datetime.date, institution_id=None) -> list[dict]:
    return [item for item in waiting(today=today, institution_id=institution_id) if item["days_late"] > 0]
