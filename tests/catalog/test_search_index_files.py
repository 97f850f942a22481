"""The search index lives in files every process on a machine maps (shared pages, not a copy per worker):
built once per catalog version, replaced whole, never taken from another database's counters."""

import mmap
from pathlib import Path

import pytest
from django.conf import settings

from procure.catalog import search_index
from procure.catalog.models import SearchIndexState
from procure.catalog.search import search
from tests.catalog.test_catalog import certified, names, offer
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def maker(db):
    return certified(EnterpriseFactory(name="관악나눔 협동조합"))


def mapped_from_a_file(array) -> bool:
    base = array
    while base is not None and not isinstance(base, mmap.mmap):
        base = getattr(base, "base", None)
    return isinstance(base, mmap.mmap)


def index_directories() -> list[Path]:
    return [p for p in Path(settings.SEARCH_INDEX_DIR).iterdir() if p.is_dir() and p.name.startswith("v")]


def test_the_index_is_mapped_from_files_not_copied_into_the_process(maker):
    offer(maker, "회의용 도시락", "CATER", "한식 도시락 배달")
    assert names(search("도시락")) == ["회의용 도시락"]
    index = search_index.current_index()
    for array in (index.terms.positions, index.text_grams.positions, index.ids, index.terms.keys.array):
        assert mapped_from_a_file(array), "a web worker maps the shared file"
    assert index.name(0) == "회의용 도시락" and index.enterprise_name(0) == "관악나눔 협동조합"


def test_a_change_gives_a_new_version_whole_and_old_files_go(maker):
    offer(maker, "회의용 도시락", "CATER")
    assert names(search("도시락")) == ["회의용 도시락"]
    for number in range(4):
        offer(maker, f"행사 현수막 {number}", "PRINT")
        assert len(search("현수막", limit=None)) == number + 1
    assert len(index_directories()) <= search_index.KEEP_VERSIONS
    assert not list(Path(settings.SEARCH_INDEX_DIR).glob(".building-*"))


def test_files_of_another_database_with_the_same_counter_are_never_used(maker):
    """A restored backup or another database restarts the version counter: the token tells them apart."""
    offer(maker, "회의용 도시락", "CATER")
    assert names(search("도시락")) == ["회의용 도시락"]
    state = SearchIndexState.objects.get(pk=1)
    old = search_index.current_index()
    # The same version number, another catalog: what a restore from an older backup looks like.
    offer(maker, "행사 현수막", "PRINT")
    SearchIndexState.objects.filter(pk=1).update(version=state.version, token="restored0000")
    search_index.reset()
    index = search_index.current_index()
    assert (index.version, index.token) == (state.version, "restored0000") and index is not old
    assert names(search("현수막")) == ["행사 현수막"]


def test_a_web_worker_keeps_answering_while_the_new_version_is_built_elsewhere(maker, monkeypatch):
    offer(maker, "회의용 도시락", "CATER")
    assert names(search("도시락")) == ["회의용 도시락"]
    asked = []
    monkeypatch.setattr(search_index.lifecycle, "_request_build", lambda: asked.append(True))  # queued, not built
    offer(maker, "행사 현수막", "PRINT")
    SearchIndexState.objects.filter(pk=1).update(token="newer0000000")  # files of this state do not exist yet
    assert names(search("도시락")) == ["회의용 도시락"]  # the version it has still answers
    assert asked == [True]
    assert names(search("도시락")) == ["회의용 도시락"]
    assert asked == [True], "asked once per version"
    monkeypatch.undo()
    search_index.index_build()  # the task worker's turn
    assert names(search("현수막")) == ["행사 현수막"]


def test_when_the_index_files_cannot_be_written_search_still_works_from_memory(maker, settings, tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the index directory should be")
    settings.SEARCH_INDEX_DIR = str(blocked)
    search_index.reset()
    offer(maker, "회의용 도시락", "CATER")
    assert names(search("도시락")) == ["회의용 도시락"]
    assert not search_index.current_index().mapped
    offer(maker, "행사 현수막", "PRINT")
    assert names(search("현수막")) == ["행사 현수막"]  # a change still reaches the process's own copy
    search_index.index_build_after_commit()  # after an import's commit: logged, never raised at the import
