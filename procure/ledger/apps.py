from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "procure.ledger"
    verbose_name = "구매 원장"

    def ready(self):
        from procure.core.imports import register_importer
        from procure.ledger.imports import LedgerImporter

        register_importer(LedgerImporter)
