from django.apps import AppConfig


class VettingConfig(AppConfig):
    name = "procure.vetting"
    verbose_name = "기업 모집·심사"

    def ready(self):
        from procure.enterprises.signals import public_profile_sections
        from procure.vetting import receivers

        public_profile_sections.connect(receivers.showcase_on_public_profile, dispatch_uid="vetting.showcase")
