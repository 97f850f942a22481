from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "procure.institutions"
    verbose_name = "기관"
