"""Reads of the buying workflow: the numbers of `buying_report` and the overdue list."""

import datetime

from django.db.models import Count, Sum

from procure.buying.deadlines import overdue
from procure.buying.models import (
    Contract,
    ContractCorrection,
    ContractStatus,
    CorrectionStatus,
    Quote,
    QuoteDecline,
    QuoteRequest,
    RequestStatus,
)


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
        # Paid, less what approved 환수 took back (a rescinded contract is 취소 and its reversal nets it out).
        "paid_amount": contracts.get(ContractStatus.PAID, {"amount": 0})["amount"]
        - (
            ContractCorrection.objects.filter(
                contract__contract_date__year=year,
                contract__status=ContractStatus.PAID,
                status=CorrectionStatus.APPROVED,
            ).aggregate(total=Sum("amount"))["total"]
            or 0
        ),
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


def scorecard(enterprise) -> dict | None:
    """An enterprise's record on the platform, from its history (None when it has none yet): how it answers
    requests, delivers on time, passes 검수, claims payment, how buyers rate it, and its contracts."""
    from django.db.models import Avg

    from procure.core.models import AuditEvent

    received = QuoteRequest.objects.filter(enterprises=enterprise)
    if not received.exists():
        return None
    quotes = Quote.objects.filter(enterprise=enterprise).select_related("request")
    hours = [(q.submitted_at - q.request.created_at).total_seconds() / 3600 for q in quotes]
    contracts = Contract.objects.filter(enterprise=enterprise).exclude(status=ContractStatus.CANCELLED)
    with_deadline = [c for c in contracts.select_related("request") if c.completed_at and c.request.deliver_by]
    on_time = [c for c in with_deadline if c.completed_at.date() <= c.request.deliver_by]
    ids = [str(pk) for pk in Contract.objects.filter(enterprise=enterprise).values_list("pk", flat=True)]
    inspections = AuditEvent.objects.filter(
        object_id__in=ids, action__in=["buying.contract.inspect_pass", "buying.contract.inspect_fail"]
    )
    passed = inspections.filter(action="buying.contract.inspect_pass").count()
    claim_days = [(c.claimed_at - c.inspected_at).days for c in contracts if c.claimed_at and c.inspected_at]
    totals = contracts.aggregate(amount=Sum("amount"), rating=Avg("rating"))
    return {
        "requests": received.count(),
        # Declining with a reason is an answer too.
        "answer_rate": round(
            (quotes.count() + QuoteDecline.objects.filter(enterprise=enterprise).count()) * 100 / received.count()
        ),
        "answer_hours": round(sum(hours) / len(hours), 1) if hours else None,
        "on_time": round(len(on_time) * 100 / len(with_deadline)) if with_deadline else None,
        "inspection_pass_rate": round(passed * 100 / inspections.count()) if inspections.exists() else None,
        "claim_days": round(sum(claim_days) / len(claim_days), 1) if claim_days else None,
        "rating": round(totals["rating"], 1) if totals["rating"] is not None else None,
        "contracts": contracts.count(),
        "contract_amount": totals["amount"] or 0,
    }
