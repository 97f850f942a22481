from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "procure.surveys"
    verbose_name = "설문"

    def ready(self):
        from procure.core import slots
        from procure.surveys import slots as survey_slots

        slots.provide("events.event", survey_slots.open_surveys_of_event)
        slots.provide("events.manage", survey_slots.surveys_step)
