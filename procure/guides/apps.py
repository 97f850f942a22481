from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "procure.guides"
    verbose_name = "공공구매 안내"
