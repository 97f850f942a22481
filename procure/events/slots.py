"""What events offer to pages of lower floors (core.slots): vetting knows nothing of events."""

from django.urls import reverse

from procure.core.formatting import format_date
from procure.core.slots import Link
from procure.events.models import Event


def events_of_round(request, *, round) -> list[Link]:  # noqa: A002 — the template's name for a vetting round
    """On a vetting round's page ("vetting.round"): the events where the round's selected enterprises show."""
    events = Event.objects.filter(vetting_round=round).order_by("date", "pk")
    return [Link(url=reverse("events:detail", args=[e.pk]), label=e.title, note=format_date(e.date)) for e in events]
