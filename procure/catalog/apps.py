from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "procure.catalog"
    verbose_name = "품목"

    def ready(self):
        from procure.catalog.imports import CatalogImporter
        from procure.core.imports import register_importer

        register_importer(CatalogImporter)
