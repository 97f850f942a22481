"""Reads of the buying workflow: the numbers of `buying_report` and the overdue list."""

import datetime

from django.db.models import Count, Sum

from procure.buying.deadlines import overdue
from procure.buying.models import Contract, ContractStatus, Quote, QuoteRequest, RequestStatus


def buying_summary(*, year: int, today: datetime.date) -> dict:
    """Requests, quotes and contracts of a year by state (contracts by contract date), with amounts in won."""
    requests = QuoteRequest.objects.filter(created_at__year=year)
    by_status = dict(requests.values_list("status").annotate(n=Count("pk")))
    contracts = {
        status: {"count": count, "amount": amount or 0}
        for status, count, amount in Contract.objects.filter(contract_date__year=year)
        .values_list("status")
        .annotate(count=Count("pk"), amount=Sum("amount"))
    }
    return {
        "year": year,
        "requests": {status: by_status.get(status, 0) for status in RequestStatus.values},
        "quotes": Quote.objects.filter(request__in=requests).count(),
        "contracts": {status: contracts.get(status, {"count": 0, "amount": 0}) for status in ContractStatus.values},
        "paid_amount": contracts.get(ContractStatus.PAID, {"amount": 0})["amount"],
        "overdue": [
            {
                "number": item["contract"].number,
                "title": item["contract"].title,
                "institution": item["contract"].institution.name,
                "enterprise": item["contract"].enterprise.name,
                "waiting_for": item["what"],
                "due": item["due"].isoformat(),
                "days_late": item["days_late"],
            }
            for item in overdue(today=today)
        ],
    }
