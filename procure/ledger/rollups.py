"""Roll-up sums worked out while importing into an empty ledger (a GROUP BY over a million fresh lines would
cost more than the import). services.rollups_from_sums writes them; a test checks they equal a rebuild."""

import numpy as np

from procure.ledger.services import rollups_from_sums


class RollupSums:
    """(institution id, department id, year, month, kind, held types, exclusion id, category id) → [won, lines]."""

    def __init__(self):
        self.sums: dict[tuple, list[int]] = {}

    def add(self, lines, columns) -> None:
        """Add a chunk: `columns` (column_lane.Columns) and what the importer worked out for its lines
        (units, held types, exclusions, amounts). Lines are grouped by one integer made of their codes, so the
        per-line work is NumPy's."""
        day = columns.day
        month_index: dict[tuple[int, int], int] = {}
        month_of_day = np.array([month_index.setdefault((d.year, d.month), len(month_index)) for d in day.values])
        months = list(month_index)
        dimensions = [
            (lines.unit_codes, len(lines.units)),
            (month_of_day[day.codes], len(months)),
            (columns.kind.codes, len(columns.kind.values)),
            (lines.held.codes, len(lines.held.values)),
            (lines.exclusion.codes, len(lines.exclusion.values)),
            (columns.category_id.codes, len(columns.category_id.values)),
        ]
        key = np.zeros(len(columns), dtype=np.int64)
        for codes, size in dimensions:
            key = key * size + codes
        distinct, group = np.unique(key, return_inverse=True)
        totals = np.zeros(len(distinct), dtype=np.int64)
        np.add.at(totals, group, lines.amounts)
        counts = np.bincount(group, minlength=len(distinct))
        for code, amount, count in zip(distinct.tolist(), totals.tolist(), counts.tolist(), strict=True):
            parts = []
            for _, size in reversed(dimensions):
                code, part = divmod(code, size)
                parts.append(part)
            category, exclusion, held, kind, month, unit = parts
            sum_key = (
                *lines.units[unit],
                *months[month],
                columns.kind.values[kind],
                lines.held.values[held],
                lines.exclusion.values[exclusion],
                columns.category_id.values[category],
            )
            entry = self.sums.setdefault(sum_key, [0, 0])
            entry[0] += amount
            entry[1] += count

    def write(self) -> None:
        rollups_from_sums(self.sums)
