from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "procure.api"
    verbose_name = "공개 데이터·API"
