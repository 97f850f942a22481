from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "procure.institutions"
    verbose_name = "기관"

    def ready(self):
        from procure.core.imports import register_importer
        from procure.institutions.imports import InstitutionImporter

        register_importer(InstitutionImporter)
