"""What the ledger does when the registry's facts change (procure/enterprises/signals.py)."""

from procure.ledger.services import purchases_reclassify


def purchases_follow_certifications(sender, business_nos, **kwargs) -> None:
    """Lines of these suppliers are counted by the types they held on each contract date."""
    purchases_reclassify(business_nos=business_nos)
