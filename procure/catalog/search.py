"""Korean-aware catalog search.

The query is normalised (no spaces or punctuation), stripped of numbers and filler words, expanded with the
editable synonym list, and a word that no offering contains is replaced by the catalog word one jamo away
(도시랑 → 도시락). Offerings are found through a bigram index — Korean words are mostly two syllables, too
short for trigram indexes — held in each process's memory as sorted NumPy arrays and rebuilt from the
database whenever `SearchIndexState.version` moves (every offering write bumps it). Scores add, per word,
an inverse-document-frequency weight × where it matched (name 3, category 1.5, other text 1); the best
candidates are then checked letter by letter and re-ranked (a word of its own beats the same letters inside
another word: 현수막 제작 over 폐현수막).
"""

import math
import re
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from procure.catalog.models import Offering, SearchIndexState, SearchSynonym

_NOISE = re.compile(r"[\s\-_·.,/()\[\]~!?'\"]+")
_NUMBERS = re.compile(r"\d+(개|세트|명|식|회|건|원|인분|부|장|박스)?")
_NAME_SPLIT = re.compile(r"[\s·,/()]+")
_HANGUL_WORD = re.compile(r"^[가-힣]{2,4}$")
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
MIDDLE, LAST = 21, 28
RERANK = 30
EMPTY = np.empty(0, dtype=np.int32)


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


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def build_document(offering: Offering) -> str:
    parts = [
        offering.name,
        offering.category.name if offering.category_id else "",
        offering.description,
        offering.enterprise.name if offering.enterprise_id else "",
    ]
    return " ".join(normalize(p) for p in parts if p)


def index_changed() -> None:
    """Tell every process that offerings changed (called by every write to offerings)."""
    if not SearchIndexState.objects.filter(pk=1).update(version=F("version") + 1):
        SearchIndexState.objects.get_or_create(pk=1, defaults={"version": 1})


# --- the in-memory index ------------------------------------------------------------------------


class CatalogIndex:
    def __init__(self, version: int):
        self.version = version
        rows = list(
            Offering.objects.order_by("pk").values_list(
                "pk",
                "name",
                "search_text",
                "category__name",
                "category__code",
                "kind",
                "enterprise_id",
                "enterprise__name",
                "unit_price",
                "is_hidden",
            )
        )
        self.ids = np.array([r[0] for r in rows], dtype=np.int64)
        self.names = [r[1] for r in rows]
        self.texts = [r[2] for r in rows]
        self.category_names = [r[3] for r in rows]
        self.category_codes = np.array([r[4] for r in rows], dtype=object)
        self.kinds = np.array([r[5] for r in rows], dtype=object)
        self.enterprise_ids = np.array([r[6] for r in rows], dtype=np.int64)
        self.enterprise_names = [r[7] for r in rows]
        self.prices = np.array([-1 if r[8] is None else r[8] for r in rows], dtype=np.int64)
        self.hidden = np.array([r[9] for r in rows], dtype=bool)
        self.size = len(rows)
        name_lists: dict[str, list[int]] = {}
        text_lists: dict[str, list[int]] = {}
        for position, (name, text) in enumerate(zip(self.names, self.texts, strict=True)):
            for gram in bigrams(normalize(name)):
                name_lists.setdefault(gram, []).append(position)
            for gram in bigrams(text):
                text_lists.setdefault(gram, []).append(position)
        self.name_grams = {g: np.array(p, dtype=np.int32) for g, p in name_lists.items()}
        self.text_grams = {g: np.array(p, dtype=np.int32) for g, p in text_lists.items()}
        self.categories: dict[str, np.ndarray] = {}
        for name in set(self.category_names):
            self.categories[normalize(name)] = np.flatnonzero(
                np.array([c == name for c in self.category_names], dtype=bool)
            ).astype(np.int32)
        self._typos: dict[str, set[str]] | None = None
        self._visible: tuple[str, np.ndarray] | None = None

    def docs(self, term: str, grams: dict[str, np.ndarray]) -> np.ndarray:
        """Positions whose text has every bigram of `term` (checked letter by letter later)."""
        if len(term) < 2:
            return EMPTY
        lists = sorted((grams.get(g, EMPTY) for g in bigrams(term)), key=len)
        result = lists[0]
        for other in lists[1:]:
            if not len(result):
                break
            result = np.intersect1d(result, other, assume_unique=True)
        return result

    def visible(self) -> np.ndarray:
        """Offerings buyers may see today: not hidden, from an enterprise certified today."""
        return self._today()[1]

    def of_type(self, type_: str) -> np.ndarray:
        """Offerings whose enterprise holds a certification of `type_` today."""
        return self._today()[2].get(type_, np.zeros(self.size, dtype=bool))

    def _today(self):
        today = timezone.localdate()
        if self._visible is None or self._visible[0] != today:
            from procure.enterprises.models import Certification, Enterprise

            active = set(Enterprise.objects.filter(is_active=True).values_list("pk", flat=True))
            by_type: dict[str, list[int]] = {}
            for enterprise_id, type_ in Certification.objects.valid_on(today).values_list("enterprise_id", "type"):
                if enterprise_id in active:
                    by_type.setdefault(type_, []).append(enterprise_id)
            certified = np.array([e for ids in by_type.values() for e in ids], dtype=np.int64)
            masks = {t: np.isin(self.enterprise_ids, np.array(ids, dtype=np.int64)) for t, ids in by_type.items()}
            self._visible = (today, np.isin(self.enterprise_ids, certified) & ~self.hidden, masks)
        return self._visible

    def typo_index(self) -> dict[str, set[str]]:
        """Catalog words and their 2–4 letter parts keyed by their jamo with one letter left out (two words
        one jamo apart share a key: a symmetric-deletion index)."""
        if self._typos is None:
            parts = set()
            for name, category in zip(self.names, self.category_names, strict=True):
                for text in (name, category):
                    for word in _NAME_SPLIT.split(text):
                        word = normalize(word)
                        for length in (2, 3, 4):
                            parts.update(word[i : i + length] for i in range(len(word) - length + 1))
            index: dict[str, set[str]] = {}
            for part in parts:
                if _HANGUL_WORD.match(part):
                    letters = jamo(part)
                    for key in {letters, *(letters[:i] + letters[i + 1 :] for i in range(len(letters)))}:
                        index.setdefault(key, set()).add(part)
            self._typos = index
        return self._typos


_INDEX: CatalogIndex | None = None
_LOCK = threading.Lock()
_CHECKED = {"at": 0.0}
VERSION_CHECK_SECONDS = 1.0


def current_index() -> CatalogIndex:
    """This process's index, rebuilt when offerings changed (checked at most once a second)."""
    global _INDEX
    now = time.monotonic()
    if _INDEX is not None and now - _CHECKED["at"] < VERSION_CHECK_SECONDS:
        return _INDEX
    version = SearchIndexState.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    _CHECKED["at"] = now
    if _INDEX is None or _INDEX.version != version:
        with _LOCK:
            if _INDEX is None or _INDEX.version != version:
                _INDEX = CatalogIndex(version)
    return _INDEX


# --- queries --------------------------------------------------------------------------------------


@dataclass
class Hit:
    offering_id: int
    name: str
    enterprise: str
    score: float
    matched: list[str] = field(default_factory=list)
    offering: Offering | None = None


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


def _fix_typos(words: list[str], index: CatalogIndex) -> dict[str, str]:
    fixes = {}
    for word in words:
        if not _HANGUL_WORD.match(word) or len(index.docs(word, index.text_grams)):
            continue
        letters = jamo(word)
        keys = {letters, *(letters[:i] + letters[i + 1 :] for i in range(len(letters)))}
        options = sorted({c for key in keys for c in index.typo_index().get(key, ()) if len(c) == len(word)})
        replacement = next((c for c in options if c != word and within_one_edit(letters, jamo(c))), None)
        if replacement:
            fixes[word] = replacement
    return fixes


def candidates(query: str, *, index: CatalogIndex | None = None) -> tuple[np.ndarray, list, list, dict]:
    """The index part of a search: (score per position, words, expansions, weights)."""
    index = index or current_index()
    groups = _synonym_groups()
    words, expansions = query_terms(query, groups)
    fixes = _fix_typos(words, index)
    if fixes:
        words = [fixes.get(w, w) for w in words]
        expansions = list(dict.fromkeys(expansions + query_terms(" ".join(fixes.values()), groups)[1]))
    scores = np.zeros(index.size, dtype=np.float32)
    weights = {}
    for term, share in [(w, 1.0) for w in words] + [(e, 0.8) for e in expansions if e not in words]:
        in_text = index.docs(term, index.text_grams)
        if not len(in_text):
            weights[term] = 0.0
            continue
        weight = math.log(1 + (index.size + 1) / (len(in_text) + 1)) * share
        weights[term] = weight
        scores[in_text] += weight
        scores[index.docs(term, index.name_grams)] += 2 * weight
        for category, positions in index.categories.items():
            if term in category:
                scores[positions] += 0.5 * weight
    return scores, words, expansions, weights


def search(
    query: str,
    *,
    limit: int | None = 10,
    kind: str = "",
    category: str = "",
    visible_only: bool = True,
    max_price: int | None = None,
    enterprise_type: str = "",
) -> list[Hit]:
    index = current_index()
    if not index.size:
        return []
    scores, words, expansions, weights = candidates(query, index=index)
    mask = index.visible() if visible_only else np.ones(index.size, dtype=bool)
    if kind:
        mask = mask & (index.kinds == kind)
    if category:
        mask = mask & (index.category_codes == category)
    if max_price is not None:
        mask = mask & (index.prices >= 0) & (index.prices <= max_price)
    if enterprise_type:
        mask = mask & index.of_type(enterprise_type)
    scores = np.where(mask, scores, 0)
    found = np.flatnonzero(scores > 0)
    keep = max(RERANK, (limit or 100) * 2)
    if len(found) > keep:
        found = found[np.argpartition(-scores[found], keep - 1)[:keep]]
    hits = []
    for position in found:
        score, matched = _exact_score(index, int(position), words, expansions, weights)
        if score > 0:
            hits.append(
                Hit(
                    int(index.ids[position]),
                    index.names[position],
                    index.enterprise_names[position],
                    round(score, 3),
                    matched,
                )
            )
    hits.sort(key=lambda h: (-h.score, h.name, h.offering_id))
    return hits if limit is None else hits[:limit]


def _exact_score(index: CatalogIndex, position: int, words, expansions, weights) -> tuple[float, list[str]]:
    raw_name = index.names[position]
    name, category, text = normalize(raw_name), normalize(index.category_names[position]), index.texts[position]
    tokens = [normalize(t) for t in _NAME_SPLIT.split(raw_name) if t]
    score, matched = 0.0, []
    for term in dict.fromkeys(words + expansions):
        weight = weights.get(term, 0.0)
        if not weight:
            continue
        if term in name:
            score += 3 * weight
            if any(token.startswith(term) for token in tokens):
                score += 0.6 * weight
        elif term in category:
            score += 1.5 * weight
        elif term in text:
            score += weight
        else:
            continue
        matched.append(term)
    return score, matched


def attach_offerings(hits: list[Hit]) -> list[Hit]:
    """Load the offerings of the hits shown on a page (one query)."""
    loaded = Offering.objects.with_enterprise().in_bulk([h.offering_id for h in hits])
    for hit in hits:
        hit.offering = loaded.get(hit.offering_id)
    return [h for h in hits if h.offering is not None]


def facet_counts(hits: list[Hit]) -> dict[str, list[tuple[str, int]]]:
    """How the hits spread over 분류 and 구분 (read from the index, no query)."""
    from collections import Counter

    from procure.catalog.models import OfferingKind

    index = current_index()
    positions = np.searchsorted(index.ids, [h.offering_id for h in hits]) if hits else []
    return {
        "분류": Counter(index.category_names[p] for p in positions).most_common(),
        "구분": Counter(OfferingKind(index.kinds[p]).label for p in positions).most_common(),
    }
