"""Reading the search index: one catalog version's postings and per-offering arrays, with the lookups search
asks of them (a term's offerings, letters, spelling neighbours, a term's categories, what buyers may see today).
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import numpy as np
from django.utils import timezone

from procure.catalog.analysis import jamo
from procure.catalog.search_index.format import EMPTY, Postings, bigrams, read_files


def _intersect(lists: list[np.ndarray]) -> np.ndarray:
    lists = sorted(lists, key=len)
    result = lists[0] if lists else EMPTY
    for other in lists[1:]:
        if not len(result):
            break
        result = np.intersect1d(result, other, assume_unique=True)
    return result


class CatalogIndex:
    """The index of one version of the catalog, its arrays mapped from the files `build.build_index_files` wrote:
    the pages are the machine's page cache, shared by every process that maps them."""

    @classmethod
    def load(cls, directory: Path) -> CatalogIndex:
        index = cls(*read_files(directory))
        index.mapped = True
        return index

    mapped = False  # True when the arrays are the shared files' pages; False for a process's own copy

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict):
        self.version, self.token, self.size = meta["version"], meta["token"], meta["size"]
        self.terms = Postings.from_arrays(arrays, "terms")
        self.name_grams = Postings.from_arrays(arrays, "name_grams")
        self.text_grams = Postings.from_arrays(arrays, "text_grams")
        self.ids, self.enterprise_ids, self.prices = arrays["ids"], arrays["enterprise_ids"], arrays["prices"]
        self.hidden, self.analysed = arrays["hidden"], arrays["analysed"]
        self.min_quantities = arrays.get("min_quantities")  # absent from files written before issue 30
        self.category_ids, self.kind_ids = arrays["category_ids"], arrays["kind_ids"]
        self._names, self._name_offsets = arrays["names"], arrays["name_offsets"]
        self.category_order: list[str] = meta["category_order"]
        self.category_label: dict[str, str] = meta["category_label"]
        self.kind_order: list[str] = meta["kind_order"]
        self.enterprise_names = {int(k): v for k, v in meta["enterprise_names"]}
        self.vocabulary = self.terms.keys
        self.max_term_length = max(1, self.terms.keys.array.dtype.itemsize // 4)  # the array's width: longest
        self.neighbours = {
            word: [(term, similarity) for term, similarity in pairs if term in self.vocabulary]
            for word, pairs in meta["neighbours"].items()
        }
        self._spelling: tuple[dict, dict] | None = None
        self._loanword_keys: dict[str, list[str]] | None = None
        self._containing: dict[str, list[str]] = {}
        self._intent: dict[str, dict[str, float]] = {}
        self._visible: tuple | None = None

    # --- per offering -------------------------------------------------------------------------------

    def name(self, position: int) -> str:
        return bytes(self._names[self._name_offsets[position] : self._name_offsets[position + 1]]).decode()

    def enterprise_name(self, position: int) -> str:
        return self.enterprise_names.get(int(self.enterprise_ids[position]), "")

    def category_code(self, position: int) -> str:
        return self.category_order[self.category_ids[position]]

    def kind(self, position: int) -> str:
        return self.kind_order[self.kind_ids[position]]

    def of_kind(self, kind: str) -> np.ndarray:
        if kind not in self.kind_order:
            return np.zeros(self.size, dtype=bool)
        return self.kind_ids == self.kind_order.index(kind)

    def in_category(self, code: str) -> np.ndarray:
        if code not in self.category_order:
            return np.zeros(self.size, dtype=bool)
        return self.category_ids == self.category_order.index(code)

    def intent(self, term: str) -> dict[str, float]:
        """How the offerings holding `term` spread over categories (learnt from the offerings, not queries)."""
        found = self._intent.get(term)
        if found is None:
            positions = self.terms.get(term)
            found = {}
            if len(positions):
                counts = np.bincount(self.category_ids[positions], minlength=len(self.category_order))
                found = {self.category_order[i]: float(c) / len(positions) for i, c in enumerate(counts) if c}
            if len(self._intent) > 10_000:
                self._intent.clear()
            self._intent[term] = found
        return found

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

    def loanword_variants(self, word: str) -> list[str]:
        """Catalog terms spelt as another spelling of the same borrowed word (워크샵 → 워크숍; see loanwords.py)."""
        from procure.catalog.loanwords import loanword_key

        if self._loanword_keys is None:
            keys: dict[str, list[str]] = defaultdict(list)
            for term in self.vocabulary:
                key = loanword_key(term) if 2 <= len(term) <= 10 else None
                if key is not None:
                    keys[key].append(term)
            self._loanword_keys = dict(keys)
        key = loanword_key(word)
        return [t for t in self._loanword_keys.get(key, ()) if t != word] if key else []

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
