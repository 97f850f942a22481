"""Issue 28 §5: a request the API cannot read is answered 422 in Korean, naming the field (ninja's handler)."""

import json

import pytest

from procure.api.services import token_issue
from procure.institutions.models import Institution
from procure.ledger.models import PurchaseRecord

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("declared_units")]


def test_a_missing_query_parameter_is_a_korean_422(client):
    response = client.get("/api/contracts")
    body = response.json()
    assert response.status_code == 422
    assert body["detail"] == "요청을 읽을 수 없습니다: 주소의 조건 year는 꼭 넣어야 합니다."
    missing = {"loc": ["query", "year"], "type": "missing", "msg": "주소의 조건 year는 꼭 넣어야 합니다."}
    assert body["errors"] == [missing]
    assert "Field required" not in response.content.decode()


def test_out_of_range_and_unreadable_values_name_the_bound(client):
    body = client.get("/api/contracts", {"year": 1999, "limit": "많이"}).json()
    messages = [error["msg"] for error in body["errors"]]
    assert "주소의 조건 year는 2000 이상이어야 합니다." in messages
    assert "주소의 조건 limit은 정수로 읽을 수 없습니다. 숫자만 넣어 주세요." in messages
    assert body["detail"].endswith("외 1건")


def test_a_push_with_missing_and_too_long_fields_is_refused_in_korean_and_writes_nothing(client, center_staff):
    institution = Institution.objects.get(name="관악구청")
    token = token_issue(actor=center_staff, institution=institution, name="재무")[1]
    line = {"contract_date": "2024-05-02", "title": "가" * 1001, "kind": "용역", "supplier": "업체", "business_no": "1"}
    response = client.post(
        "/api/ledger/lines",
        data=json.dumps({"lines": [line]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    messages = {error["msg"] for error in response.json()["errors"]}
    assert messages == {"본문 lines[0].title은 1000자 이내로 넣어 주세요.", "본문 lines[0].amount는 꼭 넣어야 합니다."}
    assert not PurchaseRecord.objects.exists()
