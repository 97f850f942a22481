from django.db import transaction
from django_tasks import task

from procure.catalog.indexing import offerings_analyse
from procure.catalog.search_index import index_build
from procure.core.task_recovery import rerunnable


@rerunnable  # analysing an offering twice writes the same terms
@task()
def analyse_offerings(offering_ids: list[int]) -> None:
    """The analyser's terms for offerings edited on the web (runs in the task worker)."""
    offerings_analyse(ids=offering_ids)


@rerunnable  # building an index that exists already does nothing
@task()
def build_search_index() -> None:
    """The search index files of the catalog's current version (asked for by a web worker that found them
    missing; it keeps answering from the version it has meanwhile)."""
    index_build()


# What the catalog asks for (catalog/signals.py), connected in CatalogConfig.ready.


class _AnalysisBatch:
    """The offerings one transaction asked to analyse: queued as one task when it commits (a seed or an import
    that saves 170 offerings queues one task, not 170). Forgotten with the transaction if it rolls back."""

    def __init__(self) -> None:
        self.ids: set[int] = set()

    def __call__(self) -> None:
        analyse_offerings.enqueue(sorted(self.ids))


def analyse_later(sender, offering_ids: list[int], **kwargs) -> None:
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # A batch still waiting for this transaction's commit takes the ids. One registered inside a savepoint
        # that was rolled back is no longer waiting; ids added to it after that savepoint was released were
        # written outside it, so a batch never runs without the writes it names, and never loses one.
        batch = next((f for _, f, _ in connection.run_on_commit if isinstance(f, _AnalysisBatch)), None)
        if batch is not None:
            batch.ids.update(offering_ids)
            return
    batch = _AnalysisBatch()
    batch.ids.update(offering_ids)
    transaction.on_commit(batch)


def build_index_now(sender, **kwargs) -> None:
    build_search_index.enqueue()
