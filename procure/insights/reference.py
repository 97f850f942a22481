"""What the law and the public taxonomies say is out of a small enterprise's reach, as data
(`data/out_of_reach.csv`; every entry says what it is, why, and the law or taxonomy it comes from).

Groups:
- `licensed_works`: 건설산업기본법 시행령 별표1 종합·전문 업종 (with the 경미한 건설공사 amount of 시행령 §8 under
  which no registration is needed), 전기공사업, 정보통신공사업, 소방시설공사업, 승강기, 석면, 문화유산 수리;
- `licensed_service`, `statutory_inspection`: services only a registered or designated body may do (정화조,
  저수조 청소, 수질검사, 감정평가, 회계감사, 안전점검·안전검사 …);
- `equipment`: goods the public taxonomy (조달청 물품목록분류) puts with makers' equipment, out of reach unless the
  catalog sells the same thing;
- `rental`: rents of goods or venues, out of reach unless the catalog rents out the same thing;
- `placement`, `fee`: media placement, licences, usage fees, insurance, fuel, medicine, books — paid to whoever holds
  the right, never a supplier's work.

`licence` names the enterprises.qualification_kinds codes (any one of them) that make the work lawful: a line
needing one is within reach exactly when a registered enterprise holds it on the line's date. Words are matched on the
normalised title; when several entries match, the one whose word ends last wins (Korean titles are head-final:
…소방시설 **안전점검**).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "out_of_reach.csv"
TERMS = Path(__file__).resolve().parent / "data" / "category_terms.csv"
CONVENTIONS = Path(__file__).resolve().parent / "data" / "conventions.csv"
WORKS_WORD = "공사"
WORD_START = "^"  # a reference word so marked matches only at the start of a word of the title
PURCHASE_WORDS = ("구입", "구매", "교체", "설치", "도입", "납품")


_NOISE = re.compile(r"[\s\-_·.,/()\[\]~!?'\"+&:;0-9]+")


def _norm(text: str) -> str:
    # The classifier's normalisation, without importing it (the classifier imports this module).
    return _NOISE.sub("", (text or "").lower())


@dataclass(frozen=True)
class Entry:
    code: str
    group: str
    words: tuple[str, ...]
    with_words: tuple[str, ...]
    applies_to: str  # "any", "works" (공사 lines), "goods" (물품 lines or a purchase/installation word)
    licences: tuple[str, ...]
    minor_limit: int | None  # under this amount no registration is needed (경미한 건설공사)
    category: str  # the category when an enterprise holding the licence does it
    what: str
    why: str
    source: str
    verified: str  # S: one source read; I: general knowledge, to verify

    def applies(self, text: str, *, kind: str, title_text: str) -> bool:
        if self.applies_to == "works":
            return kind in ("works", "공사") or WORKS_WORD in text
        if self.applies_to == "goods":
            return kind in ("goods", "물품") or any(w in text for w in PURCHASE_WORDS)
        return True


@dataclass(frozen=True)
class Match:
    entry: Entry
    word: str
    end: int  # where the matched word ends in the normalised title


def _split(cell: str) -> tuple[str, ...]:
    return tuple(_norm(w) for w in (cell or "").split("|") if _norm(w))


@functools.cache
def entries(path: Path = DATA) -> tuple[Entry, ...]:
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return tuple(
        Entry(
            code=row["code"],
            group=row["group"],
            words=_split(row["words"]),
            with_words=_split(row["with_words"]),
            applies_to=row["applies_to"] or "any",
            licences=tuple(c for c in (row["licence"] or "").split("|") if c),
            minor_limit=int(row["minor_limit"]) if row["minor_limit"] else None,
            category=row["category"],
            what=row["what"],
            why=row["why"],
            source=row["source"],
            verified=row["verified"],
        )
        for row in rows
    )


@functools.cache
def category_terms(path: Path = TERMS) -> tuple[tuple[str, str], ...]:
    """(category code, term): what each category of the district's taxonomy is called in the public taxonomies
    (한국표준산업분류 class names, 조달청 물품·서비스 분류, the laws that name the service) — `data/category_terms.csv`,
    its source on every row. The classifier learns them beside the catalog, so a line may use a word no offering
    happens to use (미화 for 청소, 택배 for 배송)."""
    with path.open(encoding="utf-8", newline="") as stream:
        return tuple(
            (row["category"], term.strip())
            for row in csv.DictReader(stream)
            for term in row["terms"].split("|")
            if term.strip()
        )


@dataclass(frozen=True)
class Convention:
    """A line whose form reads as one category (an education) but whose subject the labelling conventions count
    in another (분리배출 교육 → ENV; 어르신 건강체조 교실 → CARE)."""

    reads_as: str
    subject_words: tuple[str, ...]
    also_words: tuple[str, ...]  # when given, one of these too (어르신 and a health word)
    becomes: str
    why: str
    source: str


@functools.cache
def conventions(path: Path = CONVENTIONS) -> tuple[Convention, ...]:
    """`data/conventions.csv`: subject over form, each rule with why and its source; a rule without one is refused."""
    with path.open(encoding="utf-8", newline="") as stream:
        found = []
        for number, row in enumerate(csv.DictReader(stream), start=2):
            rule = Convention(
                row["reads_as"].strip(),
                _split(row["subject_words"]),
                _split(row["also_words"] or ""),
                row["becomes"].strip(),
                row["why"].strip(),
                row["source"].strip(),
            )
            if not (rule.reads_as and rule.subject_words and rule.becomes and rule.why and rule.source):
                raise ValueError(f"{path.name} {number}행: 분류·주제어·바뀔 분류·까닭·출처가 모두 있어야 합니다.")
            found.append(rule)
        return tuple(found)


def by_convention(title: str, category: str) -> str:
    """The category the conventions give a line that reads as `category` (itself when no rule applies)."""
    text = _norm(title)
    for rule in conventions():
        if (
            rule.reads_as == category
            and any(_norm(w) in text for w in rule.subject_words)
            and (not rule.also_words or any(_norm(w) in text for w in rule.also_words))
        ):
            return rule.becomes
    return category


@functools.cache
def _patterns() -> tuple[tuple[Entry, re.Pattern], ...]:
    # One compiled alternation per entry: a title is tested in C, and only a matching entry is looked at closely.
    return tuple(
        (entry, re.compile("|".join(re.escape(w.lstrip(WORD_START)) for w in sorted(entry.words, key=len)[::-1])))
        for entry in entries()
        if entry.words
    )


@functools.cache
def _any_word() -> re.Pattern:
    words = {w.lstrip(WORD_START) for entry in entries() for w in entry.words}
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _word_starts(title: str) -> frozenset[int]:
    """Where each word of the title starts in its normalised text."""
    starts, at = set(), 0
    for word in (title or "").split():
        starts.add(at)
        at += len(_norm(word))
    return frozenset(starts)


def _last_at(text: str, word: str, starts: frozenset[int]) -> int:
    """Where the word last occurs in the normalised title (-1 if nowhere); a word written with a leading "^" only
    where a word of the title starts (등유 is fuel, 신호등 유지보수 is not; 리스 is a lease, 크리스마스 is not)."""
    if not word.startswith(WORD_START):
        return text.rfind(word)
    bare = word[len(WORD_START) :]
    found = [m.start() for m in re.finditer(re.escape(bare), text) if m.start() in starts]
    return found[-1] if found else -1


def matches(title: str, *, kind: str = "") -> list[Match]:
    """Every entry that applies to the title, the one whose word ends last first (the head of the phrase); on a tie,
    the entry listed first in the data file."""
    text = _norm(title)
    if _any_word().search(text) is None:
        return []  # most lines: no word of the reference at all
    starts = _word_starts(title)
    found: list[Match] = []
    for entry, pattern in _patterns():
        if pattern.search(text) is None:
            continue
        if entry.with_words and not any(w in text for w in entry.with_words):
            continue
        if not entry.applies(text, kind=kind, title_text=title):
            continue
        best: Match | None = None
        for word in entry.words:
            at = _last_at(text, word, starts)
            if at >= 0 and (best is None or at + len(word.lstrip(WORD_START)) > best.end):
                best = Match(entry, word.lstrip(WORD_START), at + len(word.lstrip(WORD_START)))
        if best is not None:
            found.append(best)
    return sorted(found, key=lambda m: -m.end)  # stable: ties keep the file's order


def match(title: str, *, kind: str = "") -> Match | None:
    """The entry whose word ends last in the title (the head of the phrase), among those that apply."""
    found = matches(title, kind=kind)
    return found[0] if found else None


def object_before(title: str, word: str) -> str:
    """What the head word is about: the normalised word of the title just before `word` (or the part of the same
    word before it) — "마을축제 음향장비 임차" → "음향장비"."""
    words = [_norm(w) for w in (title or "").split()]
    for i, w in enumerate(words):
        at = w.find(word)
        if at > 0:
            return w[:at]
        if at == 0:
            return words[i - 1] if i > 0 else ""
    return ""


def _names(title: str, chosen) -> bool:
    text, starts = _norm(title), _word_starts(title)
    return any(_last_at(text, w, starts) >= 0 for e in entries() if chosen(e) for w in e.words)


def mentions_vehicle(title: str) -> bool:
    """Whether the title names a vehicle (the equipment entry EQUIP_VEHICLE's words)."""
    return _names(title, lambda e: e.code == "EQUIP_VEHICLE")


def names_equipment(title: str, *, besides: frozenset[str] = frozenset()) -> bool:
    """Whether the title names a piece of equipment of the reference (group `equipment`, any line kind), leaving out
    the entries `besides`."""
    return _names(title, lambda e: e.group == "equipment" and e.code not in besides)
