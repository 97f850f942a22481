from django.apps import AppConfig


class BuyingConfig(AppConfig):
    name = "procure.buying"
    verbose_name = "구매 절차"
