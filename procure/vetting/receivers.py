"""What vetting adds to other apps' pages (procure/enterprises/signals.py)."""

from procure.vetting.selectors import showcase_events


def showcase_on_public_profile(sender, enterprise, **kwargs):
    """The events an enterprise was selected to exhibit at, as badges on its public page."""
    events = showcase_events(enterprise)
    return ("vetting/_showcase_badges.html", {"events": events}) if events else None
