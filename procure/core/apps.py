from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "procure.core"
    verbose_name = "공통"
