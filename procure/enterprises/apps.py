from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "procure.enterprises"
    verbose_name = "사회적경제기업"
