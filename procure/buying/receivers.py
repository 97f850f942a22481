"""What buying adds to other apps' pages (procure/enterprises/signals.py)."""

from procure.buying.selectors import scorecard


def scorecard_on_profile(sender, enterprise, **kwargs):
    """The enterprise's record on the platform: on its public page and on the reviewers' score sheet."""
    card = scorecard(enterprise)
    return ("buying/_scorecard.html", {"scorecard": card, "block": True}) if card else None
