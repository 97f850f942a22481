"""Reads of the ledger that other floors use (the figures read roll-ups; these are for lists and one supplier)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum
from django.db.models.functions import ExtractMonth

from procure.core.models import AuditEvent
from procure.ledger.models import PurchaseRecord
from procure.ledger.writer import reversible_amount


def supplier_lines(*, business_no: str, year: int, institution_id: int | None = None):
    lines = PurchaseRecord.objects.counted().filter(
        supplier_business_no=business_no,
        contract_date__gte=f"{year}-01-01",
        contract_date__lte=f"{year}-12-31",
    )
    if institution_id is not None:
        lines = lines.filter(institution_id=institution_id)
    return lines


def supplier_sales(*, business_no: str, year: int, institution_id: int | None = None) -> dict:
    """One supplier's sales of a year, summed in the database: by institution (largest first) and by month."""
    lines = supplier_lines(business_no=business_no, year=year, institution_id=institution_id)
    by_institution = [
        (row["institution__name"], row["amount"])
        for row in lines.values("institution__name").annotate(amount=Sum("amount")).order_by("-amount")
    ]
    monthly = [0] * 12
    for row in lines.annotate(month=ExtractMonth("contract_date")).values("month").annotate(amount=Sum("amount")):
        monthly[row["month"] - 1] = row["amount"]
    return {
        "lines": lines.select_related("institution", "department"),
        "total": sum(amount for _, amount in by_institution),
        "by_institution": by_institution,
        "monthly": monthly,
    }


def department_lines(*, department_id: int, year: int):
    """A department's lines of a year, for the list under its figures (newest first, paginated by the page)."""
    return (
        PurchaseRecord.objects.filter(
            department_id=department_id, contract_date__gte=f"{year}-01-01", contract_date__lte=f"{year}-12-31"
        )
        .select_related("category", "entered_by")
        .order_by("-contract_date", "-pk")
    )


def amounts_by_source(*, year: int) -> dict[int, dict[str, int]]:
    """Each institution's purchases of a year by where they came from (import, manual, platform), in won."""
    from procure.ledger.models import PurchaseSource

    result: dict[int, dict[str, int]] = {}
    rows = (
        PurchaseRecord.objects.counted()
        .filter(contract_date__gte=f"{year}-01-01", contract_date__lte=f"{year}-12-31")
        .values_list("institution_id", "source")
        .annotate(amount=Sum("amount"))
    )
    for institution_id, source, amount in rows:
        result.setdefault(institution_id, {value: 0 for value in PurchaseSource.values})[source] = amount
    return result


def reconciliation_lines(queryset):
    """Lines matched (or possibly matched) to a line another channel brought and the figures count, with that line
    beside them (its source named on the page)."""
    return (
        queryset.exclude(match_of=None)
        .filter(reversal_of=None)
        .select_related("institution", "department", "match_of", "match_of__department")
        .order_by("-contract_date", "-pk")
    )


def reversals_of_year(*, year: int):
    """The year's counted reversals (환수 · 계약 해제) with the lines they correct, by date recorded."""
    return (
        PurchaseRecord.objects.counted()
        .exclude(reversal_of=None)
        .filter(contract_date__gte=f"{year}-01-01", contract_date__lte=f"{year}-12-31")
        .select_related("institution", "department", "reversal_of", "entered_by")
        .order_by("created_at", "pk")
    )


def collected_listed_again(*, limit: int = 50) -> list[dict]:
    """Collected lines withdrawn before (cancelled, deleted, a member dropped) that the source lists again, newest
    sighting first. They are not counted again by themselves (docs/formats.md): an officer decides. A line counted
    again since (its reversals no longer cancel it) is left out."""
    kind = ContentType.objects.get_for_model(PurchaseRecord)
    events = AuditEvent.objects.filter(action="ledger.purchase.collected_reappeared", content_type=kind).order_by(
        "-created_at", "-pk"
    )
    latest: dict[int, AuditEvent] = {}
    for event in events.only("object_id", "created_at", "after")[: limit * 4]:
        if event.object_id.isdigit():
            latest.setdefault(int(event.object_id), event)
    records = PurchaseRecord.objects.filter(pk__in=latest).select_related("institution").prefetch_related("reversals")
    rows = []
    for record in records:
        if reversible_amount(record) > 0:
            continue
        event = latest[record.pk]
        after = event.after or {}
        rows.append(
            {
                "record": record,
                "seen_at": event.created_at,
                "amount": after.get("amount"),
                "revision": after.get("revision", ""),
                "withdrawn_because": next((r.note for r in record.reversals.all()), ""),
            }
        )
    rows.sort(key=lambda row: row["seen_at"], reverse=True)
    return rows[:limit]
