"""Small cells: no published count of survey answers may be under MIN_CELL people, or be computed back.

Every figure a page or an export shows is a cell of one grid: the survey's answer counts per option, the number
who answered each question, the cross-tabs' cells and row totals, and the number of responses. Sums tie them
together: a single-choice question's options add up to those who answered it, a cross-tab's column adds up to
the option's count in the whole survey, its rows to the size of the group... A count under MIN_CELL —
zero included: "nobody in 관악구의회 chose 있다" says what each of them answered — is withheld and shown as
"5명 미만" (primary suppression). Then, while some sum has exactly one member that cannot be seen and that member
is withheld (or is an unpublished complement under MIN_CELL, such as the people who did *not* choose an option
of a multiple-choice question), the smallest visible part of that sum is withheld too and shown as "비공개"
(complementary suppression), so that no withheld count is the total minus the others.

This is the usual single-equation heuristic (each sum with zero or at least two unknowns). It does not solve
the whole system of sums: with several withheld cells in a rectangle, bounds can sometimes be narrowed by
combining equations; the cells themselves cannot be read off (docs/privacy.md).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

MIN_CELL = 5
UNDER = "5명 미만"
WITHHELD = "비공개"


@dataclass(frozen=True)
class Shown:
    """A count as published: its value when visible, else the word that stands for it."""

    value: int
    hidden: bool = False

    @property
    def small(self) -> bool:
        return self.value < MIN_CELL

    @property
    def visible(self) -> int | None:
        return None if self.hidden else self.value

    @property
    def display(self) -> int | str:
        if not self.hidden:
            return self.value
        return UNDER if self.small else WITHHELD

    def with_unit(self, unit: str) -> str:
        """ "12건", or "5명 미만" / "비공개" (which carry their own unit)."""
        return f"{self.value:,}{unit}" if not self.hidden else str(self.display)

    @property
    def cases(self) -> str:
        return self.with_unit("건")

    @property
    def people(self) -> str:
        return self.with_unit("명")

    def __str__(self) -> str:
        display = self.display
        return f"{display:,}" if isinstance(display, int) else display


class Grid:
    """Cells (key → count), which of them are published, and the sums that tie them (total = Σ parts)."""

    def __init__(self, minimum: int = MIN_CELL):
        self.minimum = minimum
        self.values: dict[Hashable, int] = {}
        self.published: set[Hashable] = set()
        self.protected: set[Hashable] = set()
        self.sums: list[tuple[Hashable, tuple[Hashable, ...]]] = []
        self.hidden: set[Hashable] | None = None

    def cell(self, key: Hashable, value: int, *, published: bool = True, protect: bool = True) -> Hashable:
        """`protect`: a count of people by what they answered (it must not be under the minimum and learnt);
        False for a complement that says only who did not answer a question."""
        self.values[key] = value
        if published:
            self.published.add(key)
        if protect and value < self.minimum:
            self.protected.add(key)
        return key

    def add_sum(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        self.sums.append((total, tuple(parts)))

    def suppress(self) -> set[Hashable]:
        hidden = set(self.protected & self.published)
        must_not_leak = set(self.protected)
        while True:
            added = False
            for total, parts in self.sums:
                members = (total, *parts)
                unknown = [m for m in members if m not in self.published or m in hidden]
                if len(unknown) != 1 or unknown[0] not in must_not_leak:
                    continue
                pick = self._smallest(parts, hidden) or self._smallest((total,), hidden)
                if pick is None:  # nothing left to withhold in this sum: withhold everything (never expected)
                    hidden |= self.published
                    self.hidden = hidden
                    return hidden
                hidden.add(pick)
                must_not_leak.add(pick)
                added = True
            if not added:
                break
        self.hidden = hidden
        return hidden

    def _smallest(self, keys, hidden) -> Hashable | None:
        candidates = [k for k in keys if k in self.published and k not in hidden]
        return min(candidates, key=lambda k: (self.values[k], repr(k)), default=None)

    def shown(self, key: Hashable) -> Shown:
        if self.hidden is None:
            self.suppress()
        return Shown(self.values[key], key in self.hidden)
