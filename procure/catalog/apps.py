from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "procure.catalog"
    verbose_name = "품목"

    def ready(self):
        from procure.catalog.imports import CatalogImporter
        from procure.core.imports import register_importer

        register_importer(CatalogImporter)

        from procure.catalog import receivers
        from procure.enterprises.signals import certifications_changed, enterprise_changed

        certifications_changed.connect(receivers.search_follows_certifications, dispatch_uid="catalog.certifications")
        enterprise_changed.connect(receivers.search_follows_enterprise, dispatch_uid="catalog.enterprise")

        from procure.catalog import signals, tasks

        signals.analysis_wanted.connect(tasks.analyse_later, dispatch_uid="catalog.analyse")
        signals.index_build_wanted.connect(tasks.build_index_now, dispatch_uid="catalog.index_build")
