from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "procure.insights"
    verbose_name = "구매 분석"
