from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "procure.performance"
    verbose_name = "구매실적"

    def ready(self):
        from procure.core import slots
        from procure.core.imports import register_importer
        from procure.performance import slots as performance_slots
        from procure.performance.imports import TargetImporter

        register_importer(TargetImporter)
        slots.provide("enterprises.mine", performance_slots.sales_of_my_enterprise)

        from procure.ledger.signals import batch_undo_checked
        from procure.performance import receivers

        batch_undo_checked.connect(receivers.closed_years_refuse_batch_undo, dispatch_uid="performance.closed_years")
