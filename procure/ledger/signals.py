"""Domain events of the ledger: questions and facts the apps above it answer (docs/architecture.md, "Domain events").

Receivers connect in their AppConfig.ready(); this app imports none of them, and works — and is tested — without them.
"""

from django.dispatch import Signal

# An import batch is about to be undone (services.batch_undo) and its lines touch these years. kwargs: years (set of
# int). A receiver returns a Korean refusal (why the batch may no longer be taken back) or None. Listener:
# performance (a closed year's figures are final: 확정).
batch_undo_checked = Signal()


def batch_undo_refusals(*, sender, years: set[int]) -> list[str]:
    """What the apps above say against undoing a batch of these years (empty: nothing)."""
    if not years:
        return []
    return [answer for _, answer in batch_undo_checked.send(sender=sender, years=set(years)) if answer]
