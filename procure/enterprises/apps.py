from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "procure.enterprises"
    verbose_name = "사회적경제기업"

    def ready(self):
        from procure.core.imports import register_importer
        from procure.enterprises.imports import EnterpriseImporter

        register_importer(EnterpriseImporter)
