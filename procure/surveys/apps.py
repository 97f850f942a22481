from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "procure.surveys"
    verbose_name = "설문"
