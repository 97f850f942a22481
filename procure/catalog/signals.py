"""Work the catalog asks the task worker for. `catalog.tasks` listens (CatalogConfig.ready) and queues it: the
tasks are the only modules that enqueue, and they import downward (no circle indexing ↔ search_index ↔ tasks)."""

from django.dispatch import Signal

# Offerings edited on the web need the analyser's terms: offering_ids (queued after the transaction commits).
analysis_wanted = Signal()

# A web worker found the current version's search index files missing (queued at once; the old index answers).
index_build_wanted = Signal()
