"""Korean-aware catalog search, first version: normalised text, an editable synonym list, one-jamo typo
tolerance, and ranking by where the words match. Runs the same on SQLite and PostgreSQL.

What it does not do yet (issue 4): an n-gram index of its own per database, paraphrase matching beyond the
synonym list, facets and suggestions. The interface — `search(query, ...)` returning ranked hits — is meant
to stay while the inside is replaced.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from procure.catalog.models import Offering, SearchSynonym

_NOISE = re.compile(r"[\s\-_·.,/()\[\]~!?'\"]+")
_NUMBERS = re.compile(r"\d+(개|세트|명|식|회|건|원|인분|부|장|박스)?")
STOPWORDS = {
    "주문",
    "구입",
    "구매",
    "문의",
    "필요",
    "관련",
    "업체",
    "제작업체",
    "해주실",
    "곳",
    "쓸",
    "위한",
    "용",
    "및",
    "등",
}
FIRST, MIDDLE, LAST = 19, 21, 28


def normalize(text: str) -> str:
    return _NOISE.sub("", (text or "").lower())


def jamo(text: str) -> str:
    """Hangul syllables → their letters (현 → ㅎㅕㄴ), so that one slipped key is one letter apart."""
    letters = []
    for char in text:
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:
            letters.append(chr(0x1100 + code // (MIDDLE * LAST)))
            letters.append(chr(0x1161 + code % (MIDDLE * LAST) // LAST))
            if code % LAST:
                letters.append(chr(0x11A7 + code % LAST))
        else:
            letters.append(char)
    return "".join(letters)


def within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def build_document(offering: Offering) -> str:
    parts = [
        offering.name,
        offering.category.name if offering.category_id else "",
        offering.description,
        offering.enterprise.name if offering.enterprise_id else "",
    ]
    return " ".join(normalize(p) for p in parts if p)


@dataclass
class Hit:
    offering: Offering
    score: float
    matched: list[str] = field(default_factory=list)


def _synonym_groups() -> list[list[str]]:
    return [[normalize(w) for w in s.words()] for s in SearchSynonym.objects.filter(is_active=True)]


def query_terms(query: str, groups: list[list[str]]) -> tuple[list[str], list[str]]:
    """(the words typed, the words they stand for) — all normalised."""
    words = [normalize(w) for w in _NUMBERS.sub(" ", query).split()]
    words = [w for w in words if len(w) >= 2 and w not in STOPWORDS]
    whole = normalize(query)
    expansions = []
    for group in groups:
        if any(word and (word in whole) for word in group):
            expansions += [w for w in group if w not in words]
    return words, expansions


def search(
    query: str,
    *,
    limit: int | None = 10,
    kind: str = "",
    category: str = "",
    visible_only: bool = True,
    max_price: int | None = None,
) -> list[Hit]:
    groups = _synonym_groups()
    words, expansions = query_terms(query, groups)
    terms = list(dict.fromkeys(words + expansions))
    if not terms:
        return []
    offerings = Offering.objects.with_enterprise()
    if visible_only:
        offerings = offerings.visible_on(timezone.localdate())
    if kind:
        offerings = offerings.filter(kind=kind)
    if category:
        offerings = offerings.filter(category__code=category)
    if max_price is not None:
        offerings = offerings.filter(unit_price__lte=max_price)
    candidates = list(offerings.filter(_any_term(terms))[:1000])
    if not candidates and words:
        corrected = _correct_typos(words, offerings)
        if corrected:
            words = corrected
            terms = list(dict.fromkeys(words + query_terms(" ".join(words), groups)[1]))
            candidates = list(offerings.filter(_any_term(terms))[:1000])
    hits = [_score(offering, words, expansions) for offering in candidates]
    hits.sort(key=lambda h: (-h.score, h.offering.name, h.offering.pk))
    return hits if limit is None else hits[:limit]


def _any_term(terms: list[str]) -> Q:
    condition = Q()
    for term in terms:
        condition |= Q(search_text__contains=term)
    return condition


_NAME_SPLIT = re.compile(r"[\s·,/()]+")


def _score(offering: Offering, words: list[str], expansions: list[str]) -> Hit:
    name = normalize(offering.name)
    tokens = [normalize(t) for t in _NAME_SPLIT.split(offering.name) if t]
    category = normalize(offering.category.name)
    text = offering.search_text
    score, matched = 0.0, []
    for term, weight in [(w, 1.0) for w in words] + [(e, 0.8) for e in expansions]:
        if term in name:
            score += 3 * weight
            # A word of its own (현수막 제작) beats the same letters inside another word (폐현수막).
            if any(token.startswith(term) for token in tokens):
                score += 0.6 * weight
        elif term in category:
            score += 1.5 * weight
        elif term in text:
            score += 1 * weight
        else:
            continue
        matched.append(term)
    return Hit(offering, round(score, 3), matched)


def _correct_typos(words: list[str], offerings) -> list[str]:
    """Replace a word nothing contains by a catalog word one letter (jamo) away: 도시랑 → 도시락."""
    vocabulary = set()
    for name in offerings.values_list("name", flat=True)[:20000]:
        vocabulary.update(normalize(w) for w in re.split(r"[\s·,/()]+", name) if len(w) >= 2)
    corrected, changed = [], False
    for word in words:
        letters = jamo(word)
        replacement = next((v for v in sorted(vocabulary) if within_one_edit(letters, jamo(v))), None)
        if replacement and replacement != word:
            corrected.append(replacement)
            changed = True
        else:
            corrected.append(word)
    return corrected if changed else []
