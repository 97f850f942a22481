"""The index's life in each process: which catalog version is current, building its files once per machine,
mapping them in every web process, and moving on when offerings change.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db.models import F

from procure.catalog.models import SearchIndexState
from procure.catalog.search_index.build import build_index, build_index_files
from procure.catalog.search_index.format import is_complete
from procure.catalog.search_index.read import CatalogIndex
from procure.catalog.signals import index_build_wanted
from procure.core.dbidentity import database_identity

logger = logging.getLogger(__name__)


def index_changed() -> None:
    """Tell every process that offerings changed (called by every write to offerings). The token tells index
    files apart across databases whose counters restart (a restored backup, test databases)."""
    token = uuid.uuid4().hex[:12]
    if not SearchIndexState.objects.filter(pk=1).update(version=F("version") + 1, token=token):
        SearchIndexState.objects.get_or_create(pk=1, defaults={"version": 1, "token": token})


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
    if is_complete(directory):
        return directory
    root = Path(settings.SEARCH_INDEX_DIR)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "build.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if is_complete(directory):
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
                if not is_complete(directory) and _REQUESTED.get("state") != (version, token):
                    _REQUESTED["state"] = (version, token)
                    _request_build()
                if is_complete(directory):
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
