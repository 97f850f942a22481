from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "procure.events"
    verbose_name = "행사·상담회"
