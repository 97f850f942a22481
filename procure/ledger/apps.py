from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "procure.ledger"
    verbose_name = "구매 원장"

    def ready(self):
        from procure.core.imports import register_importer
        from procure.ledger.imports import LedgerImporter

        register_importer(LedgerImporter)

        from procure.enterprises.signals import certifications_changed
        from procure.ledger import receivers

        certifications_changed.connect(receivers.purchases_follow_certifications, dispatch_uid="ledger.certifications")

        from procure.institutions.signals import departments_merged

        departments_merged.connect(receivers.rollups_follow_merged_departments, dispatch_uid="ledger.merged")
