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


def analyse_later(sender, offering_ids: list[int], **kwargs) -> None:
    transaction.on_commit(lambda: analyse_offerings.enqueue(offering_ids))


def build_index_now(sender, **kwargs) -> None:
    build_search_index.enqueue()
