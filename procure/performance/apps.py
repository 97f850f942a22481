from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "procure.performance"
    verbose_name = "구매실적"

    def ready(self):
        from procure.core.imports import register_importer
        from procure.performance.imports import TargetImporter

        register_importer(TargetImporter)
