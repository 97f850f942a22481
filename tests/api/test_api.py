"""The public API: reads with cursors, ETags and rate limits; the institution-scoped write with tokens that
staff issue and revoke; and schemathesis against the OpenAPI schema (no 5xx, responses conform)."""

import io
import json

import pytest
import schemathesis
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, settings

from procure.api import api as api_module
from procure.api.models import ApiToken
from procure.api.services import token_issue
from procure.core.models import AuditEvent
from procure.ledger.models import PurchaseRecord
from tests.api.test_ocds import import_ledger
from tests.ledger.test_counting import ledger_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("declared_units")]


@pytest.fixture
def ledger(tmp_path):
    import_ledger(tmp_path, ledger_rows(seed=21, count=30))


def test_lists_page_with_a_cursor(client, ledger):
    first = client.get("/api/contracts", {"year": 2024, "limit": 5}).json()
    assert len(first["items"]) == 5 and first["next"]
    second = client.get("/api/contracts", {"year": 2024, "limit": 5, "cursor": first["next"]}).json()
    assert {i["ocid"] for i in first["items"]}.isdisjoint({i["ocid"] for i in second["items"]})
    assert client.get("/api/contracts", {"year": 2024, "cursor": "%%%"}).status_code == 400


def test_enterprises_valid_on_a_date_with_their_periods(client, ledger):
    page = client.get("/api/enterprises", {"on": "2024-06-01", "limit": 200}).json()
    assert page["items"] and all(item["types"] for item in page["items"])
    assert all({"type", "type_label", "valid_from", "valid_to"} <= set(p) for i in page["items"] for p in i["periods"])
    assert client.get("/api/enterprises", {"type": "nonsense"}).status_code == 400


def test_performance_numbers_are_the_report_s(client, ledger):
    out = io.StringIO()
    call_command("performance_report", "--year", "2024", "--json", stdout=out)
    assert client.get("/api/performance/2024").json() == json.loads(out.getvalue())


def test_a_repeated_read_is_not_sent_twice(client, ledger):
    response = client.get("/api/contracts", {"year": 2024})
    again = client.get("/api/contracts", {"year": 2024}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert response["Last-Modified"]


def test_a_client_over_its_limit_gets_a_korean_429(client, monkeypatch):
    monkeypatch.setattr(api_module.READ_THROTTLE, "num_requests", 3)  # ninja's throttle, READ_LIMIT_PER_MINUTE
    codes = [client.get("/api/events").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/events")
    assert response["Retry-After"] in {"59", "60"}  # the sliding minute of the first read
    assert f"{response['Retry-After']}초 뒤" in response.json()["detail"] or "1분 뒤" in response.json()["detail"]


def line(institution="관악구청", **extra):
    values = {
        "institution": institution,
        "department": "총무과",
        "contract_date": "2024-05-02",
        "title": "API로 올린 계약",
        "kind": "물품",
        "method": "수의1인견적",
        "amount": "1,200,000",
        "supplier": "업체",
        "business_no": "220-81-62517",
    }
    values.update(extra)
    return values


def push(client, token, lines):
    return client.post(
        "/api/ledger/lines",
        data=json.dumps({"lines": lines}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_staff_issue_a_token_and_it_pushes_lines_for_its_institution_only(client_for, center_staff):
    from procure.institutions.models import Institution

    gwanak = Institution.objects.get(name="관악구청")
    client = client_for(center_staff)
    page = client.post(reverse("opendata:tokens"), {"institution": gwanak.pk, "name": "재무시스템"}).content.decode()
    token = page.split('<code id="issued-token">')[1].split("</code>")[0]
    assert not ApiToken.objects.filter(token_hash=token).exists()  # only the hash is kept
    assert AuditEvent.objects.filter(action="api.token.issued").exists()

    done = push(client, token, [line()])
    assert done.status_code == 200 and done.json()["created"] == 1
    assert push(client, token, [line()]).json()["unchanged"] == 1  # the same line again counts once

    refused = push(client, token, [line(), line(institution="관악문화재단", title="다른 기관")])
    assert refused.status_code == 403 and "관악구청" in refused.json()["detail"]
    assert PurchaseRecord.objects.count() == 1


def test_a_bad_line_refuses_the_whole_push_with_korean_errors(client, center_staff):
    from procure.institutions.models import Institution

    _row, token = token_issue(actor=center_staff, institution=Institution.objects.get(name="관악구청"), name="t")
    response = push(client, token, [line(title="좋은 줄"), line(title="나쁜 줄", contract_date="2024-13-45")])
    body = response.json()
    assert response.status_code == 400 and body["errors"][0]["row"] == 2  # the second line pushed
    assert any("날짜" in e["message"] or "계약일자" in (e["column"] or "") for e in body["errors"])
    assert PurchaseRecord.objects.count() == 0


def test_revoking_a_token_stops_it_at_once(client_for, center_staff):
    from procure.institutions.models import Institution

    row, token = token_issue(actor=center_staff, institution=Institution.objects.get(name="관악구청"), name="t")
    assert push(client_for(center_staff), token, [line()]).status_code == 200
    client_for(center_staff).post(reverse("opendata:tokens"), {"revoke": row.pk})
    assert push(client_for(center_staff), token, [line(title="폐기 뒤")]).status_code == 401
    assert push(client_for(center_staff), "gw_not-a-token", [line()]).status_code == 401


def test_only_staff_manage_tokens(client_for, buyer):
    assert client_for(buyer).get(reverse("opendata:tokens")).status_code == 403


@pytest.fixture
def api_schema(db, declared_units, tmp_path):
    """The real WSGI application, with the test's database connection kept open across its requests (as
    Django's own test client does)."""
    from django.core import signals
    from django.db import close_old_connections

    from config.wsgi import application

    import_ledger(tmp_path, ledger_rows(seed=8, count=20))
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/openapi.json", application).include(method="GET")
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _checks():
    from schemathesis import checks

    return [
        checks.not_a_server_error,
        checks.status_code_conformance,
        checks.content_type_conformance,
        checks.response_schema_conformance,
        checks.response_headers_conformance,
    ]


CHECKS = _checks()


def test_the_api_keeps_its_own_schema(api_schema):
    """No 5xx and every response as the schema says: schemathesis generates requests for every read operation
    from the OpenAPI schema and checks the real WSGI application's answers. (Driven from a plain test: the
    schemathesis pytest plugin does not run under pytest 9.)"""
    from hypothesis import given

    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/enterprises", "/api/offerings", "/api/contracts", "/api/events"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate(checks=CHECKS)

        check()


def test_without_a_date_the_enterprise_list_is_as_of_today_in_seoul_not_on_the_server_clock(client):
    """At 00:30 on 1 March in Seoul the server's UTC clock still reads 28 February: a certification that starts
    on 1 March is valid "today" for the district."""
    import datetime

    from freezegun import freeze_time

    from procure.enterprises.models import Certification
    from tests.factories import EnterpriseFactory

    starts = EnterpriseFactory(name="삼월협동조합")
    Certification.objects.create(enterprise=starts, type="coop", valid_from=datetime.date(2026, 3, 1))
    with freeze_time("2026-02-28 15:30:00"):  # UTC = 2026-03-01 00:30 KST
        names = [item["name"] for item in client.get("/api/enterprises", {"limit": 200}).json()["items"]]
    assert "삼월협동조합" in names
    with freeze_time("2026-02-28 14:30:00"):  # 23:30 KST on the 28th: not yet
        names = [item["name"] for item in client.get("/api/enterprises", {"limit": 200}).json()["items"]]
    assert "삼월협동조합" not in names
