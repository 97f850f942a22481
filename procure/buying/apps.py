from django.apps import AppConfig


class BuyingConfig(AppConfig):
    name = "procure.buying"
    verbose_name = "구매 절차"

    def ready(self):
        from procure.buying import receivers
        from procure.core import slots
        from procure.enterprises.signals import public_profile_sections

        public_profile_sections.connect(receivers.scorecard_on_profile, dispatch_uid="buying.scorecard")
        slots.provide("catalog.offering", receivers.quote_request_for_offering)
        slots.provide("catalog.shortlist", receivers.quote_request_for_shortlist)
