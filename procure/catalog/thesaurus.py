"""The procurement thesaurus: words a buyer uses for what an enterprise sells, as data with its sources.

Two parts, read together by the search (`expansions`):

- `data/thesaurus.tsv` — curated rows, each with its source (our taxonomy's category names, 조달청 물품분류 names,
  the dictionary's synonyms and loanword purifications, the names districts give their programmes). Relations:
  같은말 (either way), 좁은말 (the head names a kind, the related words are kinds of it: 청소 → 세척, 배너 → X배너;
  each way at a lower share than 같은말, so a request for the kind ranks the kind's own items first), 관련 (things
  bought together or mistaken for each other, either way and lowest) and 쓰임 (the words of a purpose or of what
  is carried → the offering's word, one way).
- Verbs are kept in their -기 form (옮기기, 맡기기, 고치기) and match a request's conjugated word by the verb's stem
  (옮길, 옮겨, 맡길 …: `lookup`), a rule of Korean conjugation rather than a list of forms.
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
RELATIONS = {"같은말", "좁은말", "관련", "쓰임"}
SHARE_SAME = 0.7  # a word of the same meaning stands in for the typed word at this share of its weight
SHARE_NARROW = 0.45  # a broader word typed → its kinds (청소 → 세척), and a kind typed → the broader word
SHARE_RELATED = 0.35  # bought together or easily confused: only when nothing better answers
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
        elif row.relation == "좁은말":
            for word in row.related:
                _add(table, row.head, word, SHARE_NARROW)
                _add(table, word, row.head, SHARE_NARROW)
        elif row.relation == "관련":
            for word in row.related:
                _add(table, row.head, word, SHARE_RELATED)
                _add(table, word, row.head, SHARE_RELATED)
        else:
            for word in row.related:
                _add(table, word, row.head, SHARE_USE)
    return table


_JUNG, _JONG = 21, 28
# The last stem syllable's vowel as a conjugation leaves it: the same, or contracted with 어/아 (기 → 겨, 하 → 해,
# 주 → 줘, 보 → 봐, 쓰 → 써); its final may become ㄴ, ㄹ, ㅁ, ㅂ or ㅆ (옮긴, 옮길, 옮김, 옮깁니다, 옮겼).
_CONTRACTED = {20: {6}, 0: {1}, 13: {14}, 8: {9}, 18: {4}}  # ㅣ→ㅕ, ㅏ→ㅐ, ㅜ→ㅝ, ㅗ→ㅘ, ㅡ→ㅓ
_ENDING_FINALS = {0, 4, 8, 16, 17, 20}  # none, ㄴ, ㄹ, ㅁ, ㅂ, ㅆ
# Syllables of the endings and helping verbs that follow a stem (옮기-는데, 옮겨-주실, 옮길-곳 is two words).
_ENDING_SYLLABLES = set("는데고서면야요다니까며려기도주줄줘드릴립세시실지자게어아을를것때은한할해봐줌")


def _parts(char: str) -> tuple[int, int, int] | None:
    code = ord(char) - 0xAC00
    if not 0 <= code < 11172:
        return None
    return code // (_JUNG * _JONG), code % (_JUNG * _JONG) // _JONG, code % _JONG


def _conjugates(syllable: str, stem_last: str) -> bool:
    seen, stem = _parts(syllable), _parts(stem_last)
    if seen is None or stem is None or seen[0] != stem[0] or stem[2] or seen[2] not in _ENDING_FINALS:
        return False
    return seen[1] == stem[1] or seen[1] in _CONTRACTED.get(stem[1], ())


@cache
def _verb_stems() -> dict[str, str]:
    """Stem → the -기 entry (옮기 → 옮기기, 정리하 → 정리하기) for verbs of two syllables or more in the table."""
    return {word[:-1]: word for word in _file_table() if len(word) >= 3 and word.endswith("기")}


def lookup(word: str) -> str | None:
    """The table's entry for a request's word: itself, or the -기 verb it conjugates. A conjugated form keeps the
    stem but its last syllable, whose first letter stays while its vowel contracts and its final changes (옮기 →
    옮길, 옮겨, 옮기는; 고치 → 고쳐, 고칠; 정리하 → 정리해), followed by at most two syllables of ending."""
    word = normalize(word)
    if word in _file_table() or word in _reviewed_table():
        return word
    for stem, entry in _verb_stems().items():
        head = stem[:-1]
        if (
            len(stem) <= len(word) <= len(stem) + 2
            and word != stem  # a stem never stands alone: 공유 is not 공유기
            and word.startswith(head)
            and _conjugates(word[len(head)], stem[-1])
            and all(char in _ENDING_SYLLABLES for char in word[len(stem) :])
        ):
            return entry
    return None


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
    return lookup(word) is not None
