"""What the ledger does when the registry's facts change (procure/enterprises/signals.py)."""

from procure.ledger.models import PurchaseRecord
from procure.ledger.services import purchases_reclassify, rollups_rebuild


def purchases_follow_certifications(sender, business_nos, **kwargs) -> None:
    """Lines of these suppliers are counted by the types they held on each contract date."""
    purchases_reclassify(business_nos=business_nos)


def rollups_follow_merged_departments(sender, institution_ids, **kwargs) -> None:
    """The merged departments' lines now belong to the one kept: sum their institutions' years again."""
    years = PurchaseRecord.objects.filter(institution_id__in=institution_ids).dates("contract_date", "year")
    rollups_rebuild(pairs={(pk, day.year) for pk in institution_ids for day in years})
