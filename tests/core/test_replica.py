"""Dashboards read from the read replica when one is configured; writes and every other page stay on the
primary. The replica is a second alias on the same test database (settings: TEST MIRROR)."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from procure.ledger.models import Rollup
from tests.performance.test_dashboards import YEAR, ledger  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])
ROLLUPS = Rollup._meta.db_table


def queries_on(alias, action):
    with CaptureQueriesContext(connections[alias]) as captured:
        response = action()
    return response, [query["sql"] for query in captured.captured_queries]


@override_settings(READ_REPLICA=True)
def test_the_dashboards_read_their_figures_from_the_replica(client, buyer, ledger):  # noqa: F811
    client.force_login(buyer)
    url = reverse("performance:institution", args=[buyer.institution_id])
    with CaptureQueriesContext(connections["default"]) as primary:
        response, on_replica = queries_on("replica", lambda: client.get(url, {"year": YEAR}))
    assert response.status_code == 200
    assert "1,500,000원" in response.content.decode()  # the same figures
    assert any(ROLLUPS in sql for sql in on_replica)
    assert not any(ROLLUPS in sql for sql in (q["sql"] for q in primary.captured_queries))


@override_settings(READ_REPLICA=True)
def test_pages_not_marked_and_all_writes_stay_on_the_primary(client, buyer, ledger):  # noqa: F811
    client.force_login(buyer)
    response, on_replica = queries_on("replica", lambda: client.get(reverse("catalog:search"), {"q": "도시락"}))
    assert response.status_code == 200
    assert on_replica == []
    _, on_replica = queries_on("replica", lambda: client.post(reverse("accounts:logout")))
    assert not any(sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for sql in on_replica)


def test_without_the_setting_the_dashboards_read_the_primary(client, buyer, ledger):  # noqa: F811
    client.force_login(buyer)
    url = reverse("performance:institution", args=[buyer.institution_id])
    response, on_replica = queries_on("replica", lambda: client.get(url, {"year": YEAR}))
    assert response.status_code == 200 and on_replica == []
