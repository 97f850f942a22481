from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "procure.core"
    verbose_name = "공통"

    def ready(self):
        from procure.core import signals, tasks

        signals.notification_mail_wanted.connect(tasks.mail_notification_later, dispatch_uid="core.mail")
        signals.import_phase_wanted.connect(tasks.run_import_phase_later, dispatch_uid="core.import_phase")
