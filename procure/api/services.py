"""Issuing and revoking API tokens (audited), and pushing ledger lines through the ledger import's own rules."""

import secrets

from django.db import transaction
from django.utils import timezone

from procure.api.models import ApiToken, hash_token
from procure.core.services import audit


@transaction.atomic
def token_issue(*, actor, institution, name: str) -> tuple[ApiToken, str]:
    token = "gw_" + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        institution=institution, name=name, token_hash=hash_token(token), prefix=token[:8], created_by=actor
    )
    audit(actor=actor, action="api.token.issued", obj=row, after={"institution": institution.pk, "name": name})
    return row, token


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(actor=actor, action="api.token.revoked", obj=token, before={"active": True}, after={"active": False})


def token_find(raw: str) -> ApiToken | None:
    if not raw:
        return None
    token = ApiToken.objects.select_related("institution").filter(token_hash=hash_token(raw)).first()
    if token is None or token.revoked_at is not None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def other_institutions(lines, institution) -> list[str]:
    """Names on pushed lines that are (after alias resolution) an institution other than the token's."""
    from procure.core.tabular import clean_text
    from procure.institutions.selectors import UnitDirectory

    directory = UnitDirectory()
    others = set()
    for line in lines:
        name = clean_text(line.institution)
        if not name:
            continue
        found = directory.institution(name)
        if found is not None and found.pk != institution.pk:
            others.add(name)
    return sorted(others)


# The file import's column keys (ledger.rules.COLUMNS) for the fields of a pushed line.
RECORD_KEYS = {
    "institution": "institution",
    "department": "department",
    "contract_date": "contract_date",
    "title": "title",
    "kind": "kind",
    "method": "method",
    "amount": "amount",
    "supplier": "supplier",
    "business_no": "supplier_business_no",
    "category": "category",
}


def lines_as_records(lines, institution) -> list[dict]:
    """Pushed lines as records keyed like the file import's columns — values stay values: a tab or a line
    break in a title is cleaned as in any cell, never read as a column or a row. A blank institution is the
    token's."""
    records = []
    for line in lines:
        record = {key: getattr(line, field) for field, key in RECORD_KEYS.items()}
        if not str(record["institution"]).strip():
            record["institution"] = institution.name
        records.append(record)
    return records
