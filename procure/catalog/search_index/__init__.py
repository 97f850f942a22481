"""The catalog search index, held in each web process's memory (mapped files) and rebuilt when offerings change.

One module per job, importing downward only (lifecycle → read, build → format):

- `format` — what one version is on disk: CSR postings of sorted keys, `.npy` arrays and `meta.json`;
- `build` — one pass over the offerings into those arrays (BM25F terms, letter bigrams, the vocabulary);
- `read` — `CatalogIndex`, the lookups search asks of one mapped version;
- `lifecycle` — the current version, building its files once per machine, mapping them per process.

Re-exported here: the names the rest of the code imports (search.py, indexing.py, tasks.py, tests). A test that
changes a per-process setting sets it on `lifecycle`, where it is read.
"""

from procure.catalog.search_index.build import FIELD_WEIGHTS, K1, build_document
from procure.catalog.search_index.format import bigrams
from procure.catalog.search_index.lifecycle import (
    KEEP_VERSIONS,
    _directory,
    _state,
    current_index,
    index_build,
    index_build_after_commit,
    index_changed,
    reset,
)
from procure.catalog.search_index.read import CatalogIndex

__all__ = [
    "FIELD_WEIGHTS",
    "K1",
    "KEEP_VERSIONS",
    "CatalogIndex",
    "_directory",
    "_state",
    "bigrams",
    "build_document",
    "current_index",
    "index_build",
    "index_build_after_commit",
    "index_changed",
    "reset",
]
