"""Domain events of the institutions register (docs/architecture.md, "Domain events")."""

from django.dispatch import Signal

# Departments were merged into one (spacing twins): kwargs institution_ids. Listener: ledger (rebuild the
# institutions' roll-ups, whose rows were moved to the department kept).
departments_merged = Signal()
