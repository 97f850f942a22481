"""Issue 26 §8: the token page and private downloads were cacheable. Everything a signed-in person downloads, and
the page that shows a new API token, carries Cache-Control: no-store."""

import pytest
from django.urls import reverse

from procure.institutions.models import Institution

pytestmark = pytest.mark.usefixtures("declared_units")


def test_an_export_behind_sign_in_is_not_stored(client, center_staff, buyer):
    url = reverse("site:import_template", args=["ledger"])
    client.force_login(center_staff)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    client.force_login(buyer)  # a role the import desk is not for
    assert client.get(url).status_code == 403


def test_the_token_page_is_not_stored(client, center_staff, buyer):
    client.force_login(center_staff)
    institution = Institution.objects.get(name="관악구청")
    response = client.post(reverse("opendata:tokens"), {"institution": institution.pk, "name": "재무"})
    assert response.status_code == 200 and "gw_" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    client.force_login(buyer)
    assert client.get(reverse("opendata:tokens")).status_code == 403


def test_public_pages_keep_their_caching(client):
    assert "no-store" not in client.get("/api/events").get("Cache-Control", "")
