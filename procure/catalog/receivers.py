"""What the catalog does when the registry's facts change (procure/enterprises/signals.py)."""

from procure.catalog.search import index_changed
from procure.catalog.services import offerings_reindex


def search_follows_certifications(sender, business_nos, **kwargs) -> None:
    """Which offerings are visible depends on their enterprise's certification today."""
    index_changed()


def search_follows_enterprise(sender, enterprise, **kwargs) -> None:
    """An enterprise's name and 사용 are part of its offerings' search documents."""
    offerings_reindex(enterprise=enterprise)
