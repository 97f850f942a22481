"""Building the search index from the offerings: one pass over every offering into CSR postings.

Two kinds of postings:

- **terms** — the analyser's terms of each offering (see `analysis.py`), scored with BM25F: name × 3, category ×
  1.5, description × 1, folded into one saturated weight per posting;
- **bigrams** of the normalised name and of the whole text — for what the analyser missed and for offerings
  not analysed yet (a web edit is analysed by the task worker a moment later).

It also collects the catalog's vocabulary (for reading queries), the word neighbours (`SearchNeighbor`) and the
offerings' categories (for a query's intent).
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from pathlib import Path

import numpy as np

from procure.catalog.analysis import normalize, split_words
from procure.catalog.models import Offering, SearchNeighbor
from procure.catalog.search_index.format import EMPTY, EMPTY_WEIGHTS, Postings, bigrams, write_files

FIELD_WEIGHTS = {"name": 3.0, "category": 1.5, "body": 1.0}
K1, B = 1.2, 0.75


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


def _letters_without_category(text: str) -> set[str]:
    parts = text.split(" ")
    grams: set[str] = set()
    for number, part in enumerate(parts):
        if number != 1:
            grams |= bigrams(part)
    return grams


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
        return Postings.build(self.keys, self.key_ids, self.positions, self.weights if weights is None else weights)


def build_index_files(directory: Path, version: int, token: str) -> None:
    """Write the index's arrays (.npy) and its small parts (meta.json) into `directory` — what every web process
    of the machine then maps (`CatalogIndex.load`)."""
    write_files(directory, *build_index(version, token))


def build_index(version: int, token: str) -> tuple[dict[str, np.ndarray], dict]:
    """Read every offering once: the index's arrays and its small parts."""
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
        "min_quantity",
    )
    ids, enterprise_ids, prices, hidden, lengths, analysed = array("q"), array("q"), array("q"), [], [], []
    min_quantities = array("q")
    category_numbers, kind_numbers = array("h"), array("b")
    names, name_offsets = bytearray(), array("q", [0])
    categories: dict[str, int] = {}
    category_label: dict[str, str] = {}
    kinds: dict[str, int] = {}
    enterprise_names: dict[int, str] = {}
    terms, name_grams, text_grams = _Builder(True), _Builder(), _Builder()
    category_terms: dict[str, list[str]] = {}
    for position, row in enumerate(rows.iterator(chunk_size=5000)):
        pk, name, text, name_terms, body_terms, category, code, kind, enterprise, enterprise_name, price, hid, least = (
            row
        )
        ids.append(pk)
        min_quantities.append(least or 0)
        enterprise_ids.append(enterprise)
        enterprise_names.setdefault(enterprise, enterprise_name)
        prices.append(-1 if price is None else price)
        hidden.append(hid)
        category_numbers.append(categories.setdefault(code, len(categories)))
        category_label.setdefault(code, category)
        kind_numbers.append(kinds.setdefault(kind, len(kinds)))
        names += name.encode()
        name_offsets.append(len(names))
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
        for gram in bigrams(normalize(name)):
            name_grams.add(gram, position)
        for gram in _letters_without_category(text):
            text_grams.add(gram, position)
    size = len(ids)
    length = np.array(lengths, dtype=np.float32)
    average = float(length.mean()) if size else 1.0
    norm = 1 - B + B * (length / (average or 1.0))
    tf = np.frombuffer(terms.weights, dtype=np.float32) if len(terms.weights) else EMPTY_WEIGHTS
    at = np.frombuffer(terms.positions, dtype=np.int32) if len(terms.positions) else EMPTY
    saturated = tf * (K1 + 1) / (tf + K1 * norm[at]) if len(tf) else EMPTY_WEIGHTS
    arrays = {
        **terms.build(weights=saturated).arrays("terms"),
        **name_grams.build().arrays("name_grams"),
        **text_grams.build().arrays("text_grams"),
        "ids": np.frombuffer(ids, dtype=np.int64) if size else np.empty(0, dtype=np.int64),
        "enterprise_ids": np.frombuffer(enterprise_ids, dtype=np.int64) if size else np.empty(0, dtype=np.int64),
        "prices": np.frombuffer(prices, dtype=np.int64) if size else np.empty(0, dtype=np.int64),
        "min_quantities": np.frombuffer(min_quantities, dtype=np.int64) if size else np.empty(0, dtype=np.int64),
        "hidden": np.array(hidden, dtype=bool),
        "category_ids": np.frombuffer(category_numbers, dtype=np.int16) if size else np.empty(0, dtype=np.int16),
        "kind_ids": np.frombuffer(kind_numbers, dtype=np.int8) if size else np.empty(0, dtype=np.int8),
        "analysed": np.array(analysed, dtype=bool),
        "names": np.frombuffer(bytes(names), dtype=np.uint8),
        "name_offsets": np.frombuffer(name_offsets, dtype=np.int64),
    }
    neighbours: dict[str, list] = defaultdict(list)
    for word, term, similarity in SearchNeighbor.objects.values_list("word", "term", "similarity"):
        neighbours[word].append([term, similarity])
    meta = {
        "version": version,
        "token": token,
        "size": size,
        "category_order": list(categories),
        "category_label": category_label,
        "kind_order": list(kinds),
        "enterprise_names": [[k, v] for k, v in enterprise_names.items()],
        "neighbours": neighbours,
    }
    return arrays, meta
