from django.apps import AppConfig


class VettingConfig(AppConfig):
    name = "procure.vetting"
    verbose_name = "기업 모집·심사"
