"""What an import will do, worked out by the same code that writes (issue: "a preview that tells what will
happen"): money by institution and year, how much goes to suppliers in the registry, the largest suppliers
that are not (a list staff can act on: register this enterprise), and a few sample lines."""

import numpy as np

from procure.enterprises.models import Enterprise
from procure.institutions.models import Institution

SAMPLES = 5
LARGEST_UNMATCHED = 10


class ImportPreview:
    def __init__(self):
        self.registered = set(Enterprise.objects.values_list("business_no", flat=True))
        self.by_unit_year: dict[tuple[int, int], list[int]] = {}
        self.lines = self.amount = self.registered_lines = self.registered_amount = 0
        self.unmatched: dict[str, list] = {}  # business no → [supplier name, won, lines]
        self.samples: list[dict] = []

    def add(self, columns, lines) -> None:
        """A validated chunk (column_lane.Columns) and what the importer worked out for it (units, amounts)."""
        amounts = lines.amounts
        institution_of_line = np.array([unit[0] for unit in lines.units], dtype=np.int64)[lines.unit_codes]
        year_of_line = np.array([day.year for day in columns.day.values], dtype=np.int64)[columns.day.codes]
        groups, group_of_line = np.unique(institution_of_line * 10_000 + year_of_line, return_inverse=True)
        totals = np.zeros(len(groups), dtype=np.int64)
        np.add.at(totals, group_of_line.ravel(), amounts)
        counts = np.bincount(group_of_line.ravel(), minlength=len(groups))
        for group, total, count in zip(groups.tolist(), totals.tolist(), counts.tolist(), strict=True):
            entry = self.by_unit_year.setdefault(divmod(group, 10_000), [0, 0])
            entry[0] += total
            entry[1] += count
        business_no = columns.business_no
        known = np.array([number in self.registered for number in business_no.values], dtype=bool)
        known_line = known[business_no.codes]
        self.lines += len(amounts)
        self.amount += int(amounts.sum())
        self.registered_lines += int(known_line.sum())
        self.registered_amount += int(amounts[known_line].sum())
        if (~known_line).any():
            per_supplier = np.zeros(len(business_no.values), dtype=np.int64)
            np.add.at(per_supplier, business_no.codes[~known_line], amounts[~known_line])
            lines_per_supplier = np.bincount(business_no.codes[~known_line], minlength=len(business_no.values))
            _, first_line = np.unique(business_no.codes, return_index=True)
            names = columns.supplier.per_line()
            for code in np.flatnonzero(per_supplier).tolist():
                entry = self.unmatched.setdefault(business_no.values[code], [names[first_line[code]], 0, 0])
                entry[1] += int(per_supplier[code])
                entry[2] += int(lines_per_supplier[code])
        if len(self.samples) < SAMPLES:
            take = min(SAMPLES - len(self.samples), len(amounts))
            fields = {
                "institution": columns.institution.per_line(),
                "department": columns.department.per_line(),
                "contract_date": [day.isoformat() for day in columns.day.per_line()[:take]],
                "title": columns.title,
                "amount": amounts.tolist(),
                "supplier": columns.supplier.per_line(),
            }
            self.samples += [{name: values[index] for name, values in fields.items()} for index in range(take)]

    def summary(self, units: dict) -> dict:
        names = dict(Institution.objects.filter(pk__in={pk for pk, _ in self.by_unit_year}).values_list("pk", "name"))
        largest = sorted(self.unmatched.items(), key=lambda kv: -kv[1][1])[:LARGEST_UNMATCHED]
        return {
            "by_institution_year": [
                {"institution": names.get(pk, ""), "year": year, "amount": amount, "lines": count}
                for (pk, year), (amount, count) in sorted(
                    self.by_unit_year.items(), key=lambda kv: (names.get(kv[0][0], ""), kv[0][1])
                )
            ],
            "lines": self.lines,
            "amount": self.amount,
            "registered_lines": self.registered_lines,
            "registered_amount": self.registered_amount,
            "unmatched_suppliers": len(self.unmatched),
            "largest_unmatched": [
                {"business_no": number, "supplier": name, "amount": amount, "lines": count}
                for number, (name, amount, count) in largest
            ],
            "samples": self.samples,
            **units,
        }
