"""The catalog search index, held in each web process's memory and rebuilt when offerings change.

Three kinds of postings, each one CSR table (a key → a slice of one positions array; compact at 100k offerings):

- **terms** — the analyser's terms of each offering (see `analysis.py`), scored with BM25F: name × 3, category ×
  1.5, description × 1, folded into one saturated weight per posting;
- **bigrams** of the normalised name and of the whole text — for what the analyser missed and for offerings
  not analysed yet (a web edit is analysed by the task worker a moment later);
- **syllables** of the text — a one-syllable word the analyser kept inside a longer noun (꽃 in 꽃꽂이).

It also holds the catalog's vocabulary (for reading queries), the word neighbours (`SearchNeighbor`) and, per
term, how its offerings spread over categories (for a query's intent).
"""

from __future__ import annotations

import math
import threading
import time
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
    """The normalised text the letter-level fields read: name, category, description, enterprise."""
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


class Postings:
    """key → (positions, weights), stored as one CSR table."""

    def __init__(self, lists: dict[str, list], with_weights: bool):
        self.keys = {key: number for number, key in enumerate(lists)}
        sizes = np.fromiter((len(v) for v in lists.values()), dtype=np.int64, count=len(lists))
        self.offsets = np.zeros(len(lists) + 1, dtype=np.int64)
        np.cumsum(sizes, out=self.offsets[1:])
        total = int(self.offsets[-1])
        self.positions = np.empty(total, dtype=np.int32)
        self.weights = np.empty(total if with_weights else 0, dtype=np.float32)
        at = 0
        for values in lists.values():
            if with_weights:
                self.positions[at : at + len(values)] = [p for p, _ in values]
                self.weights[at : at + len(values)] = [w for _, w in values]
            else:
                self.positions[at : at + len(values)] = values
            at += len(values)

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

    def df(self, key: str) -> int:
        number = self.keys.get(key)
        return 0 if number is None else int(self.offsets[number + 1] - self.offsets[number])


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
        ids, enterprise_ids, prices, hidden, codes, kinds = [], [], [], [], [], []
        self.names, self.texts, self.category_names, self.enterprise_names = [], [], [], []
        term_lists: dict[str, list] = defaultdict(list)
        name_grams: dict[str, list] = defaultdict(list)
        text_grams: dict[str, list] = defaultdict(list)
        syllables: dict[str, list] = defaultdict(list)
        category_terms: dict[str, list[str]] = {}
        by_category: dict[str, Counter] = defaultdict(Counter)
        analysed = []
        lengths = []
        pending = []
        for position, row in enumerate(rows.iterator(chunk_size=5000)):
            pk, name, text, name_terms, body_terms, category, code, kind, enterprise, enterprise_name, price, hid = row
            ids.append(pk)
            enterprise_ids.append(enterprise)
            prices.append(-1 if price is None else price)
            hidden.append(hid)
            codes.append(code)
            kinds.append(kind)
            self.names.append(name)
            self.texts.append(text)
            self.category_names.append(category)
            self.enterprise_names.append(enterprise_name)
            if category not in category_terms:
                category_terms[category] = split_words(category.replace("·", " "))
            fields = {
                "name": name_terms.split(),
                "category": category_terms[category],
                "body": body_terms.split(),
            }
            analysed.append(bool(name_terms))
            weighted: Counter = Counter()
            for field, terms in fields.items():
                for term in terms:
                    weighted[term] += FIELD_WEIGHTS[field]
            lengths.append(sum(FIELD_WEIGHTS[f] * len(t) for f, t in fields.items()))
            pending.append(weighted)
            for term in weighted:
                by_category[term][code] += 1
            for gram in bigrams(normalize(name)):
                name_grams[gram].append(position)
            for gram in bigrams(text):
                text_grams[gram].append(position)
            for syllable in set(text) - {" "}:
                syllables[syllable].append(position)
        self.size = len(ids)
        average = (sum(lengths) / len(lengths)) if lengths else 1.0
        for position, (weighted, length) in enumerate(zip(pending, lengths, strict=True)):
            norm = 1 - B + B * (length / average if average else 1)
            for term, tf in weighted.items():
                term_lists[term].append((position, tf * (K1 + 1) / (tf + K1 * norm)))
        del pending
        self.terms = Postings(term_lists, with_weights=True)
        self.name_grams = Postings(name_grams, with_weights=False)
        self.text_grams = Postings(text_grams, with_weights=False)
        self.syllables = Postings(syllables, with_weights=False)
        self.ids = np.array(ids, dtype=np.int64)
        self.enterprise_ids = np.array(enterprise_ids, dtype=np.int64)
        self.prices = np.array(prices, dtype=np.int64)
        self.hidden = np.array(hidden, dtype=bool)
        self.category_codes = np.array(codes, dtype=object)
        self.kinds = np.array(kinds, dtype=object)
        self.analysed = np.array(analysed, dtype=bool)
        # Which categories a term points to, learnt from the offerings themselves (not from queries).
        self.intent = {
            term: {code: count / sum(counts.values()) for code, count in counts.items()}
            for term, counts in by_category.items()
        }
        self.category_label = dict(zip(codes, self.category_names, strict=True))
        self.vocabulary = frozenset(term_lists)
        self.max_term_length = max((len(t) for t in self.vocabulary), default=1)
        self.neighbours: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for word, term, similarity in SearchNeighbor.objects.values_list("word", "term", "similarity"):
            if term in self.vocabulary:
                self.neighbours[word].append((term, similarity))
        self._spelling: tuple[dict, dict] | None = None
        self._visible: tuple | None = None

    # --- lookups ------------------------------------------------------------------------------------

    def idf(self, df: int) -> float:
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def containing(self, text: str, *, in_name: bool = False) -> np.ndarray:
        """Positions whose (name or whole) text may contain `text`: every bigram present (one syllable: the
        syllable present). Letters are checked on the few candidates that reach the page."""
        if not text:
            return EMPTY
        if len(text) == 1:
            return EMPTY if in_name else self.syllables.get(text)
        grams = self.name_grams if in_name else self.text_grams
        return _intersect([grams.get(g) for g in bigrams(text)])

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
