"""The procurement thesaurus: words a buyer uses for what an enterprise sells, as data with its sources.

Two parts, read together by the search (`expansions`):

- `data/thesaurus.tsv` — curated rows, each with its source (our taxonomy's category names, 조달청 물품분류 names,
  the dictionary's synonyms and loanword purifications, the names districts give their programmes). Relations:
  같은말 (either way) and 쓰임 (the words of a purpose or of what is carried → the offering's word, one way).
- `ThesaurusEntry` rows — reviewed synonyms center staff add from the search analytics page ("이 검색에 맞는
  품목"): a failing search's words → the words of the offering staff said it meant.

Nothing here is taken from evaluation queries (docs/performance.md)."""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from procure.catalog.analysis import normalize

DATA = Path(__file__).resolve().parent / "data" / "thesaurus.tsv"
RELATIONS = {"같은말", "쓰임"}
SHARE_SAME = 0.7  # a word of the same meaning stands in for the typed word at this share of its weight
SHARE_USE = 0.55  # a purpose word → the offering's word
SHARE_REVIEWED = 0.8  # staff reviewed it for this very search
MEMO_SECONDS = 60.0


@dataclass(frozen=True)
class Row:
    category: str
    relation: str
    head: str
    related: tuple[str, ...]
    source: str


@cache
def rows(path: Path | None = None) -> tuple[Row, ...]:
    """The curated rows; a row without a source, an unknown relation or no related word is refused."""
    path = path or DATA
    found = []
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for number, record in enumerate(csv.DictReader(lines, delimiter="\t"), start=2):
            related = tuple(w.strip() for w in (record.get("관련어") or "").split(",") if w.strip())
            row = Row(
                (record.get("분류") or "").strip(),
                (record.get("관계") or "").strip(),
                (record.get("표제어") or "").strip(),
                related,
                (record.get("출처") or "").strip(),
            )
            if row.relation not in RELATIONS or not row.head or not related or not row.source:
                raise ValueError(f"{path.name} {number}행: 관계·표제어·관련어·출처가 모두 있어야 합니다.")
            found.append(row)
    return tuple(found)


def _add(table: dict[str, dict[str, float]], word: str, other: str, share: float) -> None:
    word, other = normalize(word), normalize(other)
    if word and other and word != other:
        held = table.setdefault(word, {})
        held[other] = max(share, held.get(other, 0.0))


@cache
def _file_table() -> dict[str, dict[str, float]]:
    table: dict[str, dict[str, float]] = {}
    for row in rows():
        if row.relation == "같은말":
            group = [row.head, *row.related]
            for word in group:
                for other in group:
                    _add(table, word, other, SHARE_SAME)
        else:
            for word in row.related:
                _add(table, word, row.head, SHARE_USE)
    return table


_MEMO: dict[str, tuple[float, dict]] = {}


def _reviewed_table() -> dict[str, dict[str, float]]:
    now = time.monotonic()
    held = _MEMO.get("reviewed")
    if held is None or now - held[0] > MEMO_SECONDS:
        from procure.catalog.models import ThesaurusEntry

        table: dict[str, dict[str, float]] = {}
        for word, means in ThesaurusEntry.objects.filter(is_active=True).values_list("word", "means"):
            for other in means.split():
                _add(table, word, other, SHARE_REVIEWED)
        held = _MEMO["reviewed"] = (now, table)
    return held[1]


def forget() -> None:
    """Staff added an entry: this process sees it at once, others within `MEMO_SECONDS`."""
    _MEMO.clear()


def expansions(word: str) -> dict[str, float]:
    """Words that may stand for `word` (normalised), each with its share."""
    word = normalize(word)
    found = dict(_file_table().get(word, {}))
    for other, share in _reviewed_table().get(word, {}).items():
        found[other] = max(share, found.get(other, 0.0))
    return found


def known(word: str) -> bool:
    word = normalize(word)
    return word in _file_table() or word in _reviewed_table()
