"""Korean-aware catalog search, first version: normalised text, an editable synonym list, one-jamo typo
tolerance, and ranking by where the words match. Runs the same on SQLite and PostgreSQL.

What it does not do yet (issue 4): an n-gram index of its own per database, paraphrase matching beyond the
synonym list, facets and suggestions. The interface — `search(query, ...)` returning ranked hits — is meant
to stay while the inside is replaced.
"""

import math
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
    if not words and not expansions:
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
    # A word no offering contains is probably mistyped: try the catalog word one letter (jamo) away.
    unknown = [w for w in words if not offerings.filter(search_text__contains=w).exists()]
    if unknown:
        fixes = _correct_typos(unknown, offerings)
        if fixes:
            words = [fixes.get(w, w) for w in words]
            expansions = list(dict.fromkeys(expansions + query_terms(" ".join(fixes.values()), groups)[1]))
    terms = list(dict.fromkeys(words + expansions))
    candidates = list(offerings.filter(_any_term(terms))[:1000])
    weights = _term_weights(terms, candidates, offerings.count())
    hits = [_score(offering, words, expansions, weights) for offering in candidates]
    hits.sort(key=lambda h: (-h.score, h.offering.name, h.offering.pk))
    return hits if limit is None else hits[:limit]


def _term_weights(terms: list[str], candidates: list[Offering], total: int) -> dict[str, float]:
    """Rarer words tell more (다과 over 행사, 소식지 over 제작): an inverse document frequency."""
    weights = {}
    for term in terms:
        frequency = sum(1 for c in candidates if term in c.search_text)
        weights[term] = math.log(1 + (total + 1) / (frequency + 1))
    return weights


def _any_term(terms: list[str]) -> Q:
    condition = Q()
    for term in terms:
        condition |= Q(search_text__contains=term)
    return condition


_NAME_SPLIT = re.compile(r"[\s·,/()]+")


def _score(offering: Offering, words: list[str], expansions: list[str], weights: dict[str, float]) -> Hit:
    name = normalize(offering.name)
    tokens = [normalize(t) for t in _NAME_SPLIT.split(offering.name) if t]
    category = normalize(offering.category.name)
    text = offering.search_text
    score, matched = 0.0, []
    for term, weight in [(w, weights[w]) for w in words] + [(e, 0.8 * weights[e]) for e in expansions]:
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


def _correct_typos(words: list[str], offerings) -> dict[str, str]:
    """{mistyped word: the catalog word one letter (jamo) away}: 도시랑 → 도시락, 청쇼 → 청소."""
    vocabulary = set()
    for name, category in offerings.values_list("name", "category__name")[:20000]:
        for text in (name, category):
            for word in re.split(r"[\s·,/()]+", text):
                if len(word) >= 2:
                    vocabulary.add(normalize(word))
    fixes = {}
    for word in words:
        letters = jamo(word)
        # Compare with whole catalog words and with their parts of the same length (청쇼 ~ 청소 in 정기청소).
        candidates = sorted({v[i : i + len(word)] for v in vocabulary for i in range(max(1, len(v) - len(word) + 1))})
        replacement = next((c for c in candidates if len(c) == len(word) and within_one_edit(letters, jamo(c))), None)
        if replacement and replacement != word:
            fixes[word] = replacement
    return fixes
