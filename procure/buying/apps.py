from django.apps import AppConfig


class BuyingConfig(AppConfig):
    name = "procure.buying"
    verbose_name = "구매 절차"

    def ready(self):
        from procure.buying import receivers
        from procure.enterprises.signals import public_profile_sections

        public_profile_sections.connect(receivers.scorecard_on_profile, dispatch_uid="buying.scorecard")
