import datetime
from typing import Any

from django.db.models import Count, Max, Min, Sum

from procure.g2b.models import CollectedDay, CollectionRun, Source
from procure.institutions.models import Institution
from procure.ledger.models import PurchaseSource
from procure.ledger.selectors import amounts_by_source


def coverage(*, year: int) -> list[dict]:
    """Each institution with a 기관코드: per source, the days of `year` collected, the first and last, the lines."""
    institutions = list(Institution.objects.exclude(code="").order_by("name"))
    rows = (
        CollectedDay.objects.filter(day__year=year, institution__in=institutions)
        .values("institution_id", "source")
        .annotate(days=Count("pk"), first=Min("day"), last=Max("day"), lines=Sum("lines"), at=Max("collected_at"))
    )
    by_key = {(row["institution_id"], row["source"]): row for row in rows}
    year_days = (datetime.date(year, 12, 31) - datetime.date(year, 1, 1)).days + 1
    return [
        {
            "institution": institution,
            "sources": [
                {"label": label, "year_days": year_days, **by_key.get((institution.pk, value), {"days": 0})}
                for value, label in Source.choices
            ],
        }
        for institution in institutions
    ]


def recent_runs(limit: int = 30):
    return CollectionRun.objects.select_related("actor")[:limit]


def institutions_without_code():
    return Institution.objects.filter(is_active=True, code="").order_by("name")


# The order the page shows sources in: what is collected first, then the platform, then the institutions' own.
SOURCE_ORDER = [
    PurchaseSource.G2B,
    PurchaseSource.MALL,
    PurchaseSource.PLATFORM,
    PurchaseSource.IMPORT,
    PurchaseSource.API,
    PurchaseSource.MANUAL,
]


def purchases_by_source(*, year: int) -> dict:
    """The year's counted purchases (a copy of a platform contract held out) per institution and source, in won."""
    sums = amounts_by_source(year=year)
    names = dict(Institution.objects.filter(pk__in=sums).values_list("pk", "name"))
    rows: list[dict[str, Any]] = [
        {"institution": names[pk], "amounts": [sums[pk].get(source, 0) or 0 for source in SOURCE_ORDER]}
        for pk in sorted(sums, key=lambda pk: names[pk])
    ]
    totals = [sum(row["amounts"][i] for row in rows) for i in range(len(SOURCE_ORDER))]
    return {"labels": [source.label for source in SOURCE_ORDER], "rows": rows, "totals": totals}
