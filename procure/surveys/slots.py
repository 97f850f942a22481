"""What surveys offer to pages of lower floors (core.slots): events know nothing of surveys."""

from django.urls import reverse

from procure.core.slots import Link
from procure.surveys.models import Survey, SurveyStatus


def open_surveys_of_event(request, *, event) -> list[Link]:
    """On an event's page ("events.event"): the event's surveys open for answers."""
    surveys = Survey.objects.filter(event=event, status=SurveyStatus.OPEN).order_by("pk")
    return [Link(url=reverse("surveys:respond", args=[s.link_token]), label=f"설문: {s.title}") for s in surveys]


def surveys_step(request, *, event) -> list[Link]:
    """Among an event's running steps ("events.manage"): the surveys desk."""
    return [Link(url=reverse("surveys:list"), label="설문")]
