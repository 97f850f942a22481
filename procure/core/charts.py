"""Rows for the bar-chart include (templates/includes/bars.html): each bar's length is its share of the largest."""

from collections.abc import Iterable


def bar_rows(pairs: Iterable[tuple[str, int | float]]) -> list[dict]:
    """[(label, value)] → [{"label", "value", "percent"}], percent of the largest value (0–100, one decimal)."""
    pairs = list(pairs)
    top = max((value for _, value in pairs), default=0) or 1
    return [{"label": label, "value": value, "percent": round(100 * value / top, 1)} for label, value in pairs]
