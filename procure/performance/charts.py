"""Chart data for the dashboards (rendered by static/performance/charts.js with Chart.js)."""

from procure.enterprises.models import TYPE_PRECEDENCE, EnterpriseType


def monthly_chart(figures, *, target_amount: int | None = None, through_month: int = 12) -> dict:
    cumulative, running = [], 0
    for month in range(12):
        running += figures.by_month_se[month]
        cumulative.append(running if month < max(through_month, 1) else None)
    chart = {
        "type": "monthly",
        "labels": [f"{m}월" for m in range(1, 13)],
        "se": figures.by_month_se,
        "total": figures.by_month_total,
        "cumulative": cumulative,
        "empty": not any(figures.by_month_total),
    }
    if target_amount:
        chart["target"] = [target_amount * (m + 1) // 12 for m in range(12)]
    return chart


def type_chart(figures) -> dict:
    return {
        "type": "types",
        "labels": [EnterpriseType(t).label for t in TYPE_PRECEDENCE],
        "values": [figures.by_type[t] for t in TYPE_PRECEDENCE],
        "empty": not any(figures.by_type.values()),
    }


# Purchases with no category, or the 해당없음 category, would dwarf every real category's bar.
NOT_A_CATEGORY = {None, "해당없음"}


def category_chart(figures, categories: dict) -> dict:
    """The twelve largest real categories (`categories`: id → name)."""
    items = [
        (pk, amount)
        for pk, amount in sorted(figures.by_category_total.items(), key=lambda kv: -kv[1])
        if pk is not None and categories.get(pk) not in NOT_A_CATEGORY and amount
    ][:12]
    return {
        "type": "categories",
        "labels": [categories.get(pk, "분류 없음") for pk, _ in items],
        "total": [amount for _, amount in items],
        "se": [figures.by_category_se.get(pk, 0) for pk, _ in items],
        "empty": not items,
    }
