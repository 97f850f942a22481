"""Issue 26 §6: the API's limits are keyed on what is real. A made-up bearer token is no one — it reads in its
address's bucket — and wrong tokens are slowed per address (429, Retry-After, Korean detail), on the write and on
the reads, while a real token keeps its own bucket."""

import json

import pytest

from procure.api import api as api_module
from procure.api.services import token_issue
from procure.institutions.models import Institution
from procure.ledger.models import PurchaseRecord

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("declared_units")]


@pytest.fixture
def token(center_staff):
    _row, raw = token_issue(actor=center_staff, institution=Institution.objects.get(name="관악구청"), name="재무")
    return raw


def bearer(value):
    return {"HTTP_AUTHORIZATION": f"Bearer {value}"}


def push(client, token, **extra):
    line = {
        "institution": "관악구청",
        "department": "총무과",
        "contract_date": "2024-05-02",
        "title": "API로 올린 계약",
        "kind": "물품",
        "amount": "1,200,000",
        "supplier": "업체",
        "business_no": "220-81-62517",
    }
    return client.post(
        "/api/ledger/lines",
        data=json.dumps({"lines": [line]}),
        content_type="application/json",
        **bearer(token),
        **extra,
    )


def test_made_up_tokens_read_in_the_address_s_bucket_and_a_real_token_keeps_its_own(client, token, monkeypatch):
    monkeypatch.setattr(api_module.READ_THROTTLE, "num_requests", 3)
    codes = [client.get("/api/events", **bearer(f"gw_made-up-{n}")).status_code for n in range(3)]
    assert codes == [200, 200, 200]
    # A fourth made-up token is not a new client: the address has used its three reads.
    over = client.get("/api/events", **bearer("gw_made-up-3"))
    assert over.status_code == 429 and "요청이 너무 많습니다" in over.json()["detail"]
    assert client.get("/api/events").status_code == 429  # the same bucket without a token
    # A real token is a client of its own, from the same address.
    assert client.get("/api/events", **bearer(token)).status_code == 200


def test_a_forwarded_for_header_does_not_make_a_new_client(client, monkeypatch):
    """ninja's own throttles key on X-Forwarded-For when it is sent; ours on the connection's address."""
    monkeypatch.setattr(api_module.READ_THROTTLE, "num_requests", 2)
    codes = [client.get("/api/events", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/api/events", REMOTE_ADDR="198.51.100.7").status_code == 200  # another address


def test_wrong_tokens_are_slowed_per_address_then_no_token_is_looked_up(client, token, settings):
    codes = [push(client, f"gw_guess-{n}").status_code for n in range(10)]
    assert codes == [401] * 10
    refused = push(client, "gw_guess-10")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "토큰" in refused.json()["detail"] and "뒤에 다시 시도해 주세요" in refused.json()["detail"]
    # Not even the real token is looked up from that address until the minute has passed: a guess cannot be told
    # from a wrong one.
    assert push(client, token).status_code == 429
    assert not PurchaseRecord.objects.exists()
    # Another address is not slowed.
    assert push(client, token, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_wrong_tokens_on_reads_count_too(client, token):
    """A read with a real token gets a bucket of its own, which would tell a guess that is right; so wrong tokens
    on reads count as failed attempts as well. Reading without a token stays open."""
    assert [client.get("/api/events", **bearer(f"gw_guess-{n}")).status_code for n in range(10)] == [200] * 10
    refused = client.get("/api/events", **bearer(token))
    assert refused.status_code == 429 and "토큰" in refused.json()["detail"] and refused["Retry-After"]
    assert client.get("/api/events").status_code == 200


def test_the_slowing_lasts_a_minute(client, token, monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr(api_module.TOKEN_FAILURES, "timer", lambda: clock[0])
    for n in range(10):
        assert push(client, f"gw_guess-{n}").status_code == 401
    clock[0] += 30
    refused = push(client, token)
    assert refused.status_code == 429 and refused["Retry-After"] == "30"
    clock[0] += 31
    assert push(client, token).status_code == 200


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_bucket(client, monkeypatch, settings):
    """TRUSTED_PROXY_COUNT=1: the address the proxy saw (the header's last entry) is the client, whatever the
    client itself wrote further left; the proxy's own address is no one's bucket."""
    settings.TRUSTED_PROXY_COUNT = 1
    monkeypatch.setattr(api_module.READ_THROTTLE, "num_requests", 2)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    codes = [
        client.get("/api/events", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5", **proxy).status_code
        for n in range(3)
    ]
    assert codes == [200, 200, 429]
    refused = client.get("/api/events", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    # Another client behind the same proxy still reads.
    assert client.get("/api/events", HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy).status_code == 200


def test_a_body_over_the_limit_gets_a_korean_413(client, token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"lines": [{"title": "가" * 2000}]})
    response = client.post("/api/ledger/lines", data=body, content_type="application/json", **bearer(token))
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "요청 본문이 너무 큽니다" in response.json()["detail"]
    assert not PurchaseRecord.objects.exists()
