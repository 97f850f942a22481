from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "procure.events"
    verbose_name = "행사·상담회"

    def ready(self):
        from procure.core import slots
        from procure.events import slots as event_slots

        slots.provide("vetting.round", event_slots.events_of_round)
