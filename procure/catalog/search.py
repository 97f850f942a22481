"""Korean-aware catalog search, first version: normalised text, an editable synonym list, one-jamo typo
tolerance, and ranking by where the words match. Runs the same on SQLite and PostgreSQL.

What it does not do yet (issue 4): an n-gram index of its own per database, paraphrase matching beyond the
synonym list, facets and suggestions. The interface — `search(query, ...)` returning ranked hits — is meant
to stay while the inside is replaced.
"""

import math
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone

from procure.catalog.models import Offering, SearchGram, SearchSynonym

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


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def index_offerings(offerings) -> None:
    """(Re)write the bigram index of these offerings (their `search_text` must be current)."""
    offerings = list(offerings)
    SearchGram.objects.filter(offering__in=offerings).delete()
    SearchGram.objects.bulk_create(
        [SearchGram(gram=gram, offering=o) for o in offerings for gram in bigrams(o.search_text)], batch_size=5000
    )


def _postings(gram: str) -> set[int]:
    return set(SearchGram.objects.filter(gram=gram).values_list("offering_id", flat=True))


def _candidate_ids(terms: list[str], limit: int | None = None) -> set[int]:
    """Offerings whose text has every bigram of some term, read from the index (an index range scan per
    bigram, intersected from the rarest)."""
    found: set[int] = set()
    cache_: dict[str, set[int]] = {}
    for term in terms:
        grams = sorted(bigrams(term))
        if not grams:
            continue
        lists = [cache_.setdefault(g, _postings(g)) if g not in cache_ else cache_[g] for g in grams]
        lists.sort(key=len)
        ids = set(lists[0])
        for other in lists[1:]:
            if not ids:
                break
            ids &= other
        found |= ids
        if limit is not None and len(found) >= limit:
            break
    return found


@dataclass
class Hit:
    offering: Offering
    score: float
    matched: list[str] = field(default_factory=list)


def _synonym_groups() -> list[list[str]]:
    # Read once a minute per process: the list changes rarely and every search needs it.
    groups = cache.get("catalog:synonym-groups")
    if groups is None:
        groups = [[normalize(w) for w in s.words()] for s in SearchSynonym.objects.filter(is_active=True)]
        cache.set("catalog:synonym-groups", groups, 60)
    return groups


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
    offerings = Offering.objects.all()
    if visible_only:
        offerings = offerings.filter(is_hidden=False)
    if kind:
        offerings = offerings.filter(kind=kind)
    if category:
        offerings = offerings.filter(category__code=category)
    if max_price is not None:
        offerings = offerings.filter(unit_price__lte=max_price)
    # A word no offering contains is probably mistyped: try the catalog word one letter (jamo) away.
    unknown = [w for w in words if not _candidate_ids([w], limit=1)]
    if unknown:
        fixes = _correct_typos(unknown, offerings)
        if fixes:
            words = [fixes.get(w, w) for w in words]
            expansions = list(dict.fromkeys(expansions + query_terms(" ".join(fixes.values()), groups)[1]))
    terms = list(dict.fromkeys(words + expansions))
    candidate_ids = _candidate_ids(terms)
    rows = (
        list(
            offerings.filter(pk__in=candidate_ids).values_list(
                "pk", "name", "category__name", "search_text", "enterprise_id"
            )
        )
        if candidate_ids
        else []
    )
    if visible_only:  # only enterprises certified today (a cached set, cheaper than a join per search)
        certified = _certified_enterprise_ids()
        rows = [row for row in rows if row[4] in certified]
    weights = _term_weights(terms, [row[3] for row in rows], _catalog_size())
    scored = [(_score_row(row, words, expansions, weights), row) for row in rows]
    scored = [(score, matched, row) for (score, matched), row in scored if score > 0]
    scored.sort(key=lambda item: (-item[0], item[2][1], item[2][0]))
    if limit is not None:
        scored = scored[:limit]
    loaded = Offering.objects.with_enterprise().in_bulk([row[0] for _, _, row in scored])
    return [Hit(loaded[row[0]], round(score, 3), matched) for score, matched, row in scored]


def _term_weights(terms: list[str], texts: list[str], total: int) -> dict[str, float]:
    """Rarer words tell more (다과 over 행사, 소식지 over 제작): an inverse document frequency."""
    weights = {}
    for term in terms:
        frequency = sum(1 for text in texts if term in text)
        weights[term] = math.log(1 + (total + 1) / (frequency + 1))
    return weights


def _certified_enterprise_ids() -> set[int]:
    from procure.enterprises.models import Enterprise

    today = timezone.localdate()
    key = f"catalog:certified-enterprises:{today.isoformat()}"
    ids = cache.get(key)
    if ids is None:
        ids = set(Enterprise.objects.valid_on(today).values_list("pk", flat=True))
        cache.set(key, ids, 60)
    return ids


def _catalog_size() -> int:
    size = cache.get("catalog:size")
    if size is None:
        size = Offering.objects.count()
        cache.set("catalog:size", size, 60)
    return size


_NAME_SPLIT = re.compile(r"[\s·,/()]+")


def _score_row(row, words: list[str], expansions: list[str], weights: dict[str, float]) -> tuple[float, list[str]]:
    raw_name, category_name, text = row[1], row[2], row[3]
    name = normalize(raw_name)
    category = normalize(category_name)
    tokens = [normalize(t) for t in _NAME_SPLIT.split(raw_name) if t]
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
    return score, matched


_HANGUL_WORD = re.compile(r"^[가-힣]{2,4}$")
_VOCABULARY: dict = {}


def _deletion_index(size: int, offerings) -> dict[str, set[str]]:
    """Catalog words and their 2–4 letter parts, keyed by their jamo with each one letter left out
    (a symmetric-deletion index: two words one jamo apart share a key). Built once per catalog size."""
    if _VOCABULARY.get("size") == size:
        return _VOCABULARY["index"]
    parts = set()
    for name, category in offerings.values_list("name", "category__name")[:50000]:
        for text in (name, category):
            for word in re.split(r"[\s·,/()]+", text):
                word = normalize(word)
                for length in (2, 3, 4):
                    parts.update(word[i : i + length] for i in range(len(word) - length + 1))
    index: dict[str, set[str]] = {}
    for part in parts:
        if not _HANGUL_WORD.match(part):
            continue
        letters = jamo(part)
        for key in {letters, *(letters[:i] + letters[i + 1 :] for i in range(len(letters)))}:
            index.setdefault(key, set()).add(part)
    _VOCABULARY.update(size=size, index=index)
    return index


def _correct_typos(words: list[str], offerings) -> dict[str, str]:
    """{mistyped word: the catalog word one letter (jamo) away}: 도시랑 → 도시락, 청쇼 → 청소."""
    index = _deletion_index(_catalog_size(), offerings)
    fixes = {}
    for word in words:
        if not _HANGUL_WORD.match(word):
            continue
        letters = jamo(word)
        keys = {letters, *(letters[:i] + letters[i + 1 :] for i in range(len(letters)))}
        options = sorted({c for key in keys for c in index.get(key, ()) if len(c) == len(word) and c != word})
        replacement = next((c for c in options if within_one_edit(letters, jamo(c))), None)
        if replacement:
            fixes[word] = replacement
    return fixes
