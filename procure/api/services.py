"""Issuing and revoking API tokens (audited), and pushing ledger lines through the ledger import's own rules."""

import csv
import io
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


LEDGER_HEADER = [
    "기관명",
    "부서명",
    "계약일자",
    "계약명",
    "구분",
    "계약방법",
    "계약금액",
    "업체명",
    "사업자등록번호",
    "분류",
]
FIELDS = [
    "institution",
    "department",
    "contract_date",
    "title",
    "kind",
    "method",
    "amount",
    "supplier",
    "business_no",
    "category",
]


def lines_as_csv(lines: list[dict]) -> bytes:
    """The pushed lines as the ledger file format (FORMATS §3), so the import's rules and messages apply."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(LEDGER_HEADER)
    for line in lines:
        writer.writerow(["" if line.get(f) is None else str(line.get(f)) for f in FIELDS])
    return text.getvalue().encode("utf-8")
