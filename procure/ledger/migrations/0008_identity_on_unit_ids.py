"""Line identities keyed on the institution's and department's ids (keys.py) instead of the text a file wrote:
the same contract written `관악구 청` and `관악구청` is one line. Lines with the same key are numbered in the
order they were stored, as an import numbers repeated lines of a file."""

import hashlib

from django.db import migrations


def _identity(text: str, occurrence: int) -> int:
    digest = hashlib.blake2b(f"{text}\x1f{occurrence}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def rekey(apps, schema_editor):
    record_model = apps.get_model("ledger", "PurchaseRecord")
    seen: dict[str, int] = {}
    changed = []
    rows = record_model.objects.order_by("pk").values_list(
        "pk", "institution_id", "department_id", "contract_date", "title", "kind", "supplier_business_no", "identity"
    )
    for pk, institution_id, department_id, day, title, kind, business_no, identity in rows.iterator(chunk_size=5000):
        unit = f"{institution_id}\x1f{'' if department_id is None else department_id}"
        text = "\x1f".join((unit, day.isoformat(), title, kind, business_no))
        occurrence = seen.get(text, -1) + 1
        seen[text] = occurrence
        new = _identity(text, occurrence)
        if new != identity:
            changed.append(record_model(pk=pk, identity=new))
        if len(changed) >= 5000:
            record_model.objects.bulk_update(changed, ["identity"])
            changed = []
    record_model.objects.bulk_update(changed, ["identity"])


class Migration(migrations.Migration):
    dependencies = [("ledger", "0007_reversals_and_reconciliation")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
