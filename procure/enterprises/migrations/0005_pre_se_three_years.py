"""예비사회적기업 is designated for three years at the most: periods recorded without an end, or with a later one,
end three years after their start; the ledger lines of those suppliers are counted again as of each contract date."""

import datetime

from django.db import migrations

YEARS = 3


def _limit(start: datetime.date) -> datetime.date:
    try:
        anniversary = start.replace(year=start.year + YEARS)
    except ValueError:  # 29 February
        anniversary = start.replace(year=start.year + YEARS, day=28) + datetime.timedelta(days=1)
    return anniversary - datetime.timedelta(days=1)


def cap(apps, schema_editor):
    certification_model = apps.get_model("enterprises", "Certification")
    business_nos = set()
    for certification in certification_model.objects.filter(type="pre_se", valid_from__isnull=False).select_related(
        "enterprise"
    ):
        limit = _limit(certification.valid_from)
        if certification.valid_to is None or certification.valid_to > limit:
            certification.valid_to = limit
            certification.expiry_notice = ""
            certification.save(update_fields=["valid_to", "expiry_notice"])
            business_nos.add(certification.enterprise.business_no)
    # The registry's own domain event: the ledger (connected in its AppConfig.ready) counts those suppliers'
    # lines again as of each contract date, as after any change of certifications.
    from procure.enterprises.signals import certifications_changed_send

    certifications_changed_send(sender=certification_model, business_nos=business_nos)


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0004_enterprise_name_review"),
        ("ledger", "0008_identity_on_unit_ids"),
    ]

    operations = [migrations.RunPython(cap, migrations.RunPython.noop)]
