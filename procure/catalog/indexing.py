"""Writing the analyser's terms onto offerings, and the word neighbours of the catalog's vocabulary.

Runs where the analyser fits (catalog/analysis.py): the task worker after a web edit
(`tasks.analyse_offerings`), the import itself (CLI or worker), `search_reindex` and `seed_demo`."""

from django.db import transaction

from procure.catalog.models import Offering, SearchNeighbor
from procure.catalog.search_index import index_build_after_commit, index_changed
from procure.catalog.signals import analysis_wanted

BATCH = 2000


def offerings_analyse(*, ids=None) -> int:
    """Analyse the given offerings (all when `ids` is None), then add the neighbours of words new to the
    catalog (all of them again on a full run). Returns how many offerings were analysed."""
    from procure.catalog.analysis import analyse, neighbours

    offerings = Offering.objects.order_by("pk").select_related("category")
    if ids is not None:
        offerings = offerings.filter(pk__in=list(ids))
    done = 0
    fresh_terms: set[str] = set()
    last = 0
    while True:
        chunk = list(offerings.filter(pk__gt=last)[:BATCH])
        if not chunk:
            break
        last = chunk[-1].pk
        names = analyse([o.name for o in chunk])
        bodies = analyse([o.description for o in chunk])
        for offering, name_terms, body_terms in zip(chunk, names, bodies, strict=True):
            offering.name_terms = " ".join(name_terms)
            offering.body_terms = " ".join(body_terms)
            fresh_terms.update(name_terms)
            fresh_terms.update(body_terms)
        with transaction.atomic():
            Offering.objects.bulk_update(chunk, ["name_terms", "body_terms"])
        done += len(chunk)
    vocabulary = _vocabulary()
    with transaction.atomic():
        if ids is None:
            SearchNeighbor.objects.all().delete()
            todo = vocabulary
        else:
            known = set(SearchNeighbor.objects.filter(term__in=fresh_terms).values_list("term", flat=True))
            todo = fresh_terms - known
        rows = {(w, t): s for w, t, s in neighbours(sorted(todo), vocabulary)}
        SearchNeighbor.objects.bulk_create(
            [SearchNeighbor(word=w[:50], term=t[:50], similarity=s) for (w, t), s in rows.items()],
            ignore_conflicts=True,
            batch_size=2000,
        )
    index_changed()
    # The index files of the new version, built here (after the commit) rather than by a web worker.
    transaction.on_commit(index_build_after_commit)
    return done


def _vocabulary() -> set[str]:
    words: set[str] = set()
    for name_terms, body_terms in Offering.objects.values_list("name_terms", "body_terms").iterator(chunk_size=5000):
        words.update(name_terms.split())
        words.update(body_terms.split())
    return words


def offerings_analyse_later(ids) -> None:
    """After the current transaction: analyse these offerings in the task worker (a web process never loads
    the analyser)."""
    analysis_wanted.send(sender=Offering, offering_ids=[int(i) for i in ids])  # catalog.tasks queues it
