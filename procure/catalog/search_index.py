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

import fcntl
import json
import logging
import math
import os
import shutil
import threading
import time
import uuid
from array import array
from collections import defaultdict
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from procure.catalog.analysis import jamo, normalize, split_words
from procure.catalog.models import Offering, SearchIndexState, SearchNeighbor
from procure.catalog.signals import index_build_wanted
from procure.core.dbidentity import database_identity

logger = logging.getLogger(__name__)
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
    """Tell every process that offerings changed (called by every write to offerings). The token tells index
    files apart across databases whose counters restart (a restored backup, test databases)."""
    token = uuid.uuid4().hex[:12]
    if not SearchIndexState.objects.filter(pk=1).update(version=F("version") + 1, token=token):
        SearchIndexState.objects.get_or_create(pk=1, defaults={"version": 1, "token": token})


def _letters_without_category(text: str) -> set[str]:
    parts = text.split(" ")
    grams: set[str] = set()
    for number, part in enumerate(parts):
        if number != 1:
            grams |= bigrams(part)
    return grams


class Keys:
    """Sorted distinct strings (one NumPy array, memory-mapped from the index file): a key's number is its
    place, found by binary search — no Python object per key in a web worker."""

    def __init__(self, array: np.ndarray):
        self.array = array

    def number(self, key: str) -> int | None:
        place = int(np.searchsorted(self.array, key))
        if place < len(self.array) and self.array[place] == key:
            return place
        return None

    def __contains__(self, key) -> bool:
        return isinstance(key, str) and self.number(key) is not None

    def __iter__(self):
        return (str(key) for key in self.array)

    def __len__(self) -> int:
        return len(self.array)


class Postings:
    """key → (positions, weights) as CSR arrays: a key's postings are one slice of `positions`."""

    def __init__(self, keys: Keys, offsets: np.ndarray, positions: np.ndarray, weights: np.ndarray | None = None):
        self.keys, self.offsets, self.positions = keys, offsets, positions
        self.weights = EMPTY_WEIGHTS if weights is None else weights

    @classmethod
    def build(cls, keys: dict[str, int], key_ids, positions, weights=None) -> Postings:
        """From parallel buffers of (key number as it came, position[, weight]); keys are renumbered in sorted
        order, then one stable sort groups the postings by key (positions stay ascending within a key)."""
        names = sorted(keys)
        renumber = np.empty(len(keys), dtype=np.int32)
        renumber[[keys[name] for name in names]] = np.arange(len(names), dtype=np.int32)
        ids = renumber[np.frombuffer(key_ids, dtype=np.int32)] if len(key_ids) else np.empty(0, dtype=np.int32)
        order = np.argsort(ids, kind="stable")
        sorted_positions = np.frombuffer(positions, dtype=np.int32)[order] if len(positions) else EMPTY
        sorted_weights = np.asarray(weights, dtype=np.float32)[order] if weights is not None and len(weights) else None
        counts = np.bincount(ids, minlength=len(names)) if len(ids) else np.zeros(len(names), dtype=np.int64)
        offsets = np.zeros(len(names) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        array = np.array(names, dtype=str) if names else np.empty(0, dtype="<U1")
        return cls(Keys(array), offsets, sorted_positions, sorted_weights)

    def get(self, key: str) -> np.ndarray:
        number = self.keys.number(key)
        if number is None:
            return EMPTY
        return self.positions[self.offsets[number] : self.offsets[number + 1]]

    def get_weighted(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        number = self.keys.number(key)
        if number is None:
            return EMPTY, EMPTY_WEIGHTS
        start, end = self.offsets[number], self.offsets[number + 1]
        return self.positions[start:end], self.weights[start:end]

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        arrays = {
            f"{prefix}_keys": self.keys.array,
            f"{prefix}_offsets": self.offsets,
            f"{prefix}_positions": self.positions,
        }
        if len(self.weights):
            arrays[f"{prefix}_weights"] = self.weights
        return arrays

    @classmethod
    def from_arrays(cls, arrays: dict, prefix: str) -> Postings:
        return cls(
            Keys(arrays[f"{prefix}_keys"]),
            arrays[f"{prefix}_offsets"],
            arrays[f"{prefix}_positions"],
            arrays.get(f"{prefix}_weights"),
        )


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


def _intersect(lists: list[np.ndarray]) -> np.ndarray:
    lists = sorted(lists, key=len)
    result = lists[0] if lists else EMPTY
    for other in lists[1:]:
        if not len(result):
            break
        result = np.intersect1d(result, other, assume_unique=True)
    return result


def build_index_files(directory: Path, version: int, token: str) -> None:
    """Write the index's arrays (.npy) and its small parts (meta.json) into `directory` — what every web process
    of the machine then maps (`CatalogIndex.load`)."""
    arrays, meta = build_index(version, token)
    directory.mkdir(parents=True)
    for name, values in arrays.items():
        np.save(directory / f"{name}.npy", values, allow_pickle=False)
    (directory / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


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


class CatalogIndex:
    """The index of one version of the catalog, its arrays mapped from the files `build_index_files` wrote:
    the pages are the machine's page cache, shared by every process that maps them."""

    @classmethod
    def load(cls, directory: Path) -> CatalogIndex:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        # Plain ndarray views of the mapped files: the same shared pages, without np.memmap's per-slice overhead.
        arrays = {
            path.stem: np.load(path, mmap_mode="r", allow_pickle=False).view(np.ndarray)
            for path in directory.glob("*.npy")
        }
        index = cls(arrays, meta)
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


_INDEX: CatalogIndex | None = None
_LOCK = threading.Lock()
_CHECKED = {"at": 0.0}
VERSION_CHECK_SECONDS = 1.0
KEEP_VERSIONS = 2  # the newest files kept; a process still mapping an older one keeps its pages until it moves on


def _state() -> tuple[int, str]:
    """The catalog's (version, token). A catalog never changed here has no token of its own: the database's
    identity stands in, so that two such databases on one machine never share `v0-…` files."""
    version, token = SearchIndexState.objects.filter(pk=1).values_list("version", "token").first() or (0, "")
    return version, token or database_identity()


def _directory(version: int, token: str) -> Path:
    return Path(settings.SEARCH_INDEX_DIR) / f"v{version}-{token or 'initial'}"


def index_build() -> Path:
    """Make sure the index files of the current version exist on this machine; build them if not.

    One process builds (a file lock; others wait for it, then find the files). Called by the task worker after
    analysing offerings, by `search_reindex` and by a process starting with no index, so that web workers
    normally only map finished files."""
    version, token = _state()
    directory = _directory(version, token)
    if (directory / "meta.json").exists():
        return directory
    root = Path(settings.SEARCH_INDEX_DIR)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "build.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if (directory / "meta.json").exists():
                return directory
            partial = root / f".building-{os.getpid()}-{uuid.uuid4().hex}"
            build_index_files(partial, version, token)
            os.rename(partial, directory)  # whole or not at all: readers never see half a directory
            _remove_old(root, keep=directory)
            return directory
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def index_build_after_commit() -> None:
    """`index_build` where what just committed must not fail with it (an import, an analysis task): a build
    that fails is logged, and the first web worker to notice asks again."""
    try:
        index_build()
    except Exception:  # noqa: BLE001
        logger.exception("search index files could not be built")


def _remove_old(root: Path, *, keep: Path) -> None:
    versions = sorted(
        (path for path in root.iterdir() if path.is_dir() and path.name.startswith("v") and path != keep),
        key=lambda path: path.stat().st_mtime,
    )
    for path in versions[: max(0, len(versions) - (KEEP_VERSIONS - 1))]:
        shutil.rmtree(path, ignore_errors=True)  # mapped pages stay valid until the last process lets go
    for path in root.glob(".building-*"):
        if path.stat().st_mtime < time.time() - 3600:  # a builder that died
            shutil.rmtree(path, ignore_errors=True)


def current_index() -> CatalogIndex:
    """This process's view of the index: the current version's files, mapped (checked at most once a second).
    While another process builds a new version, the one already mapped keeps answering."""
    global _INDEX
    now = time.monotonic()
    if _INDEX is not None and now - _CHECKED["at"] < VERSION_CHECK_SECONDS:
        return _INDEX
    version, token = _state()
    _CHECKED["at"] = now
    if _INDEX is None or (_INDEX.version, _INDEX.token) != (version, token):
        with _LOCK:
            stale = _INDEX is None or (_INDEX.version, _INDEX.token) != (version, token)
            if _INDEX is None or (stale and not _INDEX.mapped):  # starting, or the files could not be written
                _INDEX = _first_index(version, token)
            elif stale:
                directory = _directory(version, token)
                if not (directory / "meta.json").exists() and _REQUESTED.get("state") != (version, token):
                    _REQUESTED["state"] = (version, token)
                    _request_build()
                if (directory / "meta.json").exists():
                    _INDEX = CatalogIndex.load(directory)
    return _INDEX


_REQUESTED: dict = {}


def _first_index(version: int, token: str) -> CatalogIndex:
    """The files of the current version; if they cannot be written (a full or read-only disk), this process's
    own copy in memory — search keeps working, at the cost of the memory the files would have shared."""
    try:
        return CatalogIndex.load(index_build())
    except OSError:
        logger.exception("search index files could not be written in %s; building in memory", settings.SEARCH_INDEX_DIR)
        return CatalogIndex(*build_index(version, token))


def _request_build() -> None:
    """Ask the task worker for the new version's files (a web worker keeps its memory for answering)."""
    try:
        index_build_wanted.send(sender=CatalogIndex)  # catalog.tasks queues it
    except Exception:  # noqa: BLE001 — the queue being down must not break search; the old index answers
        logger.exception("search index build could not be queued")


def reset() -> None:
    """Forget this process's index (tests)."""
    global _INDEX
    _INDEX = None
    _REQUESTED.clear()
