"""Issue 26 §3: behind the TLS proxy every request comes from the proxy's address; the per-address login limit
must count each client, not the proxy — 50 failed logins from one person used to lock everyone out."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from procure.core.client import client_address
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.2"


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_the_address_is_read_through_trusted_proxies_only():
    # No proxy trusted: whatever the client writes in X-Forwarded-For is ignored.
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_address(request_from(PROXY, "198.51.100.7")) == "198.51.100.7"
        # A client that forges entries on the left gets the address the proxy saw, not its forgery.
        assert client_address(request_from(PROXY, "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
        assert client_address(request_from(PROXY)) == PROXY  # no header: the proxy itself
        assert client_address(request_from(PROXY, "not-an-address")) == PROXY
    with override_settings(TRUSTED_PROXY_COUNT=2):
        assert client_address(request_from(PROXY, "1.2.3.4, 198.51.100.7, 10.0.0.1")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=1, LOGIN_THROTTLE_ATTEMPTS_PER_ADDRESS=5, LOGIN_THROTTLE_ATTEMPTS=100)
def test_one_address_locked_out_behind_the_proxy_does_not_block_the_others(client, make_user):
    from procure.accounts.models import Role

    officer = make_user(Role.BUYER, username="officer_behind_proxy")
    for _ in range(6):
        client.post(
            reverse("accounts:login"),
            {"username": "nobody", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="198.51.100.66",
        )
    blocked = client.post(
        reverse("accounts:login"),
        {"username": officer.username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.66",
    )
    assert "로그인이 제한됩니다" in blocked.content.decode()
    allowed = client.post(
        reverse("accounts:login"),
        {"username": officer.username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )
    assert allowed.status_code == 302
