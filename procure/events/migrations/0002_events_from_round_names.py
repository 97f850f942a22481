"""Rounds used to name their event in free text (Round.event_name); each distinct name becomes an Event
(a draft, dated a month after the round closed, for staff to complete) linked to the round."""

import datetime

from django.db import migrations


def forwards(apps, schema_editor):
    Round = apps.get_model("vetting", "Round")
    Event = apps.get_model("events", "Event")
    made = {}
    for round_ in Round.objects.exclude(event_name="").order_by("pk"):
        name = round_.event_name.strip()
        if name not in made:
            made[name] = Event.objects.create(
                title=name,
                kind="briefing",
                date=round_.closes_on + datetime.timedelta(days=30),
                starts_at=datetime.time(14),
                ends_at=datetime.time(17),
                venue="관악구청",
                capacity=200,
                status="draft",
                vetting_round_id=round_.pk,
            )


def backwards(apps, schema_editor):
    Round = apps.get_model("vetting", "Round")
    Event = apps.get_model("events", "Event")
    for event in Event.objects.exclude(vetting_round=None):
        Round.objects.filter(pk=event.vetting_round_id, event_name="").update(event_name=event.title)


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial"), ("vetting", "0002_alter_answer_text_alter_criterion_guide_and_more")]
    operations = [migrations.RunPython(forwards, backwards)]
