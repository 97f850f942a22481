from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "procure.catalog"
    verbose_name = "품목"
