"""Reads of the buying workflow: the numbers of `buying_report` and the overdue list."""

import datetime

from django.db.models import Count, Sum
from django.utils import timezone

from procure.accounts.models import Role
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


def requests_for(user):
    """The quote requests this person may list: their institution's for a buyer, those addressed to their
    enterprise for an enterprise member, all of them for the district and the center."""
    requests = QuoteRequest.objects.select_related("institution", "department")
    if user.role == Role.BUYER:
        return requests.filter(institution=user.institution_id)
    if user.role == Role.ENTERPRISE:
        return requests.filter(enterprises=user.enterprise_id)
    return requests


def contracts_for(user):
    """The contracts this person may list, scoped as `requests_for`."""
    contracts = Contract.objects.select_related("enterprise", "institution")
    if user.role == Role.BUYER:
        return contracts.filter(institution=user.institution_id)
    if user.role == Role.ENTERPRISE:
        return contracts.filter(enterprise=user.enterprise_id)
    return contracts


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
    # Delivered on time: completed on or before the deadline day in Seoul (not the UTC date of the timestamp).
    on_time = []
    with_deadline = []
    for c in contracts.select_related("request"):
        if c.completed_at and c.request.deliver_by:
            with_deadline.append(c)
            if timezone.localdate(c.completed_at) <= c.request.deliver_by:
                on_time.append(c)
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


# --- 내 업무 (site's start page) ------------------------------------------------------------------------------
#
# What waits for one person, each with where it is done. Reads only.


def buyer_work(*, user, today: datetime.date) -> dict:
    """A buyer's department: open requests with quotes in, and contracts waiting for 검수 or 대금 지급 with their due
    day (deadlines.py: 14 days for 검수, 5 business days for payment)."""
    from procure.buying.deadlines import waiting

    requests = (
        QuoteRequest.objects.filter(institution_id=user.institution_id, status=RequestStatus.OPEN)
        .filter(department_id=user.department_id)
        .annotate(quote_count=Count("quotes", distinct=True))
        .filter(quote_count__gt=0)
        .order_by("answer_by", "pk")
    )
    dues = [
        item
        for item in waiting(today=today, institution_id=user.institution_id)
        if item["contract"].department_id == user.department_id or item["contract"].created_by_id == user.pk
    ]
    return {"quotes_in": list(requests[:20]), "dues": dues[:20]}


def enterprise_work(*, enterprise, today: datetime.date) -> dict:
    """An enterprise: requests it has not answered (deadline not passed), contracts to report complete (계약,
    검수 불합격) or to claim (검수 합격)."""
    to_answer = (
        QuoteRequest.objects.filter(enterprises=enterprise, status=RequestStatus.OPEN, answer_by__gte=today)
        .exclude(quotes__enterprise=enterprise)
        .exclude(declines__enterprise=enterprise)
        .select_related("institution")
        .order_by("answer_by", "pk")
        .distinct()
    )
    contracts = (
        Contract.objects.filter(
            enterprise=enterprise,
            status__in=[ContractStatus.SIGNED, ContractStatus.FAILED, ContractStatus.INSPECTED],
        )
        .select_related("institution")
        .order_by("contract_date", "pk")
    )
    return {"to_answer": list(to_answer[:20]), "contracts": list(contracts[:20])}


def corrections_waiting():
    """환수·계약 해제 requests waiting for the district's or the center's decision, oldest first."""
    return (
        ContractCorrection.objects.filter(status=CorrectionStatus.REQUESTED)
        .select_related("contract", "contract__institution")
        .order_by("requested_at", "pk")
    )
