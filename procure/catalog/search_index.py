"""The catalog search index, held in each web process's memory and rebuilt when offerings change.

Two kinds of postings, each one CSR table (a key → a slice of one positions array; compact at 100k offerings):

- **terms** — the analyser's terms of each offering (see `analysis.py`), scored with BM25F: name × 3, category ×
  1.5, description × 1, folded into one saturated weight per posting;
- **bigrams** of the normalised name and of the whole text — for what the analyser missed and for offerings
  not analysed yet (a web edit is analysed by the task worker a moment later);

It also holds the catalog's vocabulary (for reading queries), the word neighbours (`SearchNeighbor`) and, per
term, how its offerings spread over categories (for a query's intent).
"""

from __future__ import annotations

import math
import threading
import time
from array import array
from collections import Counter, defaultdict

import numpy as np
from django.db.models import F
from django.utils import timezone

from procure.catalog.analysis import jamo, normalize, split_words
from procure.catalog.models import Offering, SearchIndexState, SearchNeighbor

FIELD_WEIGHTS = {"name": 3.0, "category": 1.5, "body": 1.0}
K1, B = 1.2, 0.75
EMPTY = np.empty(0, dtype=np.int32)
EMPTY_WEIGHTS = np.empty(0, dtype=np.float32)


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def build_document(offering: Offering) -> str:
    """The normalised text the letter-level fields read: name, category, description, enterprise — in this
    order, space-separated (the index skips the category's letters: every offering of a category repeats them,
    and the category's words are matched as terms)."""
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


def _letters_without_category(text: str) -> set[str]:
    parts = text.split(" ")
    grams: set[str] = set()
    for number, part in enumerate(parts):
        if number != 1:
            grams |= bigrams(part)
    return grams


class Postings:
    """key → (positions, weights), one CSR table built from parallel arrays of (key id, position[, weight]).

    Built without a Python object per posting (at 100k offerings there are millions): keys get numbers as they
    come, postings go into `array` buffers of machine ints, then one stable sort groups them by key."""

    def __init__(self, keys: dict[str, int], key_ids, positions, weights=None):
        self.keys = keys
        key_ids = np.frombuffer(key_ids, dtype=np.int32) if len(key_ids) else np.empty(0, dtype=np.int32)
        order = np.argsort(key_ids, kind="stable")
        self.positions = (np.frombuffer(positions, dtype=np.int32)[order] if len(positions) else EMPTY).copy()
        self.weights = (
            np.asarray(weights, dtype=np.float32)[order] if weights is not None and len(weights) else EMPTY_WEIGHTS
        )
        counts = np.bincount(key_ids, minlength=len(keys)) if len(key_ids) else np.zeros(len(keys), dtype=np.int64)
        self.offsets = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(counts, out=self.offsets[1:])

    def get(self, key: str) -> np.ndarray:
        number = self.keys.get(key)
        if number is None:
            return EMPTY
        return self.positions[self.offsets[number] : self.offsets[number + 1]]

    def get_weighted(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        number = self.keys.get(key)
        if number is None:
            return EMPTY, EMPTY_WEIGHTS
        start, end = self.offsets[number], self.offsets[number + 1]
        return self.positions[start:end], self.weights[start:end]


class _Builder:
    """Collects (key, position[, weight]) postings into int32/float32 buffers."""

    def __init__(self, weighted: bool = False):
        self.keys: dict[str, int] = {}
        self.key_ids = array("i")
        self.positions = array("i")
        self.weights = array("f") if weighted else None

    def add(self, key: str, position: int, weight: float | None = None) -> None:
        number = self.keys.get(key)
        if number is None:
            number = self.keys[key] = len(self.keys)
        self.key_ids.append(number)
        self.positions.append(position)
        if self.weights is not None:
            self.weights.append(weight)

    def build(self, weights=None) -> Postings:
        return Postings(self.keys, self.key_ids, self.positions, self.weights if weights is None else weights)


def _intersect(lists: list[np.ndarray]) -> np.ndarray:
    lists = sorted(lists, key=len)
    result = lists[0] if lists else EMPTY
    for other in lists[1:]:
        if not len(result):
            break
        result = np.intersect1d(result, other, assume_unique=True)
    return result


class CatalogIndex:
    def __init__(self, version: int):
        self.version = version
        rows = Offering.objects.order_by("pk").values_list(
            "pk",
            "name",
            "search_text",
            "name_terms",
            "body_terms",
            "category__name",
            "category__code",
            "kind",
            "enterprise_id",
            "enterprise__name",
            "unit_price",
            "is_hidden",
        )
        ids, enterprise_ids, prices, hidden, codes, kinds, lengths = [], [], [], [], [], [], []
        self.names, self.category_names, self.enterprise_names = [], [], []
        terms, name_grams, text_grams = _Builder(True), _Builder(), _Builder()
        category_terms: dict[str, list[str]] = {}
        by_category: dict[str, Counter] = defaultdict(Counter)
        analysed = []
        for position, row in enumerate(rows.iterator(chunk_size=5000)):
            pk, name, text, name_terms, body_terms, category, code, kind, enterprise, enterprise_name, price, hid = row
            ids.append(pk)
            enterprise_ids.append(enterprise)
            prices.append(-1 if price is None else price)
            hidden.append(hid)
            codes.append(code)
            kinds.append(kind)
            self.names.append(name)
            self.category_names.append(category)
            self.enterprise_names.append(enterprise_name)
            if category not in category_terms:
                category_terms[category] = split_words(category.replace("·", " "))
            fields = (
                (FIELD_WEIGHTS["name"], name_terms.split()),
                (FIELD_WEIGHTS["category"], category_terms[category]),
                (FIELD_WEIGHTS["body"], body_terms.split()),
            )
            analysed.append(bool(name_terms))
            weighted: dict[str, float] = {}
            for field_weight, field_terms in fields:
                for term in field_terms:
                    weighted[term] = weighted.get(term, 0.0) + field_weight
            lengths.append(sum(w * len(t) for w, t in fields))
            for term, tf in weighted.items():
                terms.add(term, position, tf)  # the raw weighted tf; saturated below, once lengths are known
                by_category[term][code] += 1
            for gram in bigrams(normalize(name)):
                name_grams.add(gram, position)
            for gram in _letters_without_category(text):
                text_grams.add(gram, position)
        self.size = len(ids)
        length = np.array(lengths, dtype=np.float32)
        average = float(length.mean()) if self.size else 1.0
        norm = 1 - B + B * (length / (average or 1.0))
        tf = np.frombuffer(terms.weights, dtype=np.float32) if len(terms.weights) else EMPTY_WEIGHTS
        at = np.frombuffer(terms.positions, dtype=np.int32) if len(terms.positions) else EMPTY
        saturated = tf * (K1 + 1) / (tf + K1 * norm[at]) if len(tf) else EMPTY_WEIGHTS
        self.terms = terms.build(weights=saturated)
        self.name_grams = name_grams.build()
        self.text_grams = text_grams.build()
        del terms, name_grams, text_grams, saturated, tf, at
        self.ids = np.array(ids, dtype=np.int64)
        self.enterprise_ids = np.array(enterprise_ids, dtype=np.int64)
        self.prices = np.array(prices, dtype=np.int64)
        self.hidden = np.array(hidden, dtype=bool)
        self.category_codes = np.array(codes, dtype=object)
        self.category_order = sorted(set(codes))
        number = {code: i for i, code in enumerate(self.category_order)}
        self.category_ids = np.array([number[c] for c in codes], dtype=np.int16)
        self.kinds = np.array(kinds, dtype=object)
        self.analysed = np.array(analysed, dtype=bool)
        # Which categories a term points to, learnt from the offerings themselves (not from queries).
        self.intent = {
            term: {code: count / sum(counts.values()) for code, count in counts.items()}
            for term, counts in by_category.items()
        }
        self.category_label = dict(zip(codes, self.category_names, strict=True))
        self.vocabulary = frozenset(self.terms.keys)
        self.max_term_length = max((len(t) for t in self.vocabulary), default=1)
        self.neighbours: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for word, term, similarity in SearchNeighbor.objects.values_list("word", "term", "similarity"):
            if term in self.vocabulary:
                self.neighbours[word].append((term, similarity))
        self._spelling: tuple[dict, dict] | None = None
        self._containing: dict[str, list[str]] = {}
        self._visible: tuple | None = None

    # --- lookups ------------------------------------------------------------------------------------

    def idf(self, df: int) -> float:
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def containing(self, text: str, *, in_name: bool = False) -> np.ndarray:
        """Positions whose (name or whole) text may contain `text`: every bigram present (a proxy for the
        letters in a row; one syllable has no bigram — see `terms_containing`)."""
        if len(text) < 2:
            return EMPTY
        grams = self.name_grams if in_name else self.text_grams
        return _intersect([grams.get(g) for g in bigrams(text)])

    def terms_containing(self, syllable: str, limit: int = 50) -> list[str]:
        """Catalog terms with this syllable in them (꽃 → 꽃바구니, 꽃꽂이): how a one-syllable word the analyser
        kept inside longer nouns is found."""
        found = self._containing.get(syllable)
        if found is None:
            found = sorted((t for t in self.vocabulary if syllable in t and t != syllable), key=len)[:limit]
            self._containing[syllable] = found
        return found

    def spelling_candidates(self, word: str) -> list[str]:
        """Catalog words that may be within two jamo of `word`: one-deletion neighbours (short words) and words
        sharing a syllable pair (longer ones)."""
        if self._spelling is None:
            deletions: dict[str, set[str]] = defaultdict(set)
            pairs: dict[str, set[str]] = defaultdict(set)
            for term in self.vocabulary:
                if 2 <= len(term) <= 8 and term.isalpha():
                    letters = jamo(term)
                    for key in {letters, *(letters[:i] + letters[i + 1 :] for i in range(len(letters)))}:
                        deletions[key].add(term)
                    for gram in bigrams(term):
                        pairs[gram].add(term)
            self._spelling = (dict(deletions), dict(pairs))
        deletions, pairs = self._spelling
        letters = jamo(word)
        found = set()
        for key in {letters, *(letters[:i] + letters[i + 1 :] for i in range(len(letters)))}:
            found |= deletions.get(key, set())
        if len(word) >= 4:
            for gram in bigrams(word):
                found |= pairs.get(gram, set())
        return sorted(found)

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


def reset() -> None:
    """Forget this process's index (tests)."""
    global _INDEX
    _INDEX = None
