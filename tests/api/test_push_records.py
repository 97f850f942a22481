"""Issue 24 §3: an institution's token writes only its own ledger. Pushed lines are validated as records by the file
import's rules — never written out as text and read again, so a title full of tabs, line breaks and a header of
its own is a title, not rows naming other institutions."""

import json

import pytest

from procure.api.services import token_issue
from procure.institutions.models import Institution
from procure.ledger.models import PurchaseRecord, PurchaseSource

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("declared_units")]
BUSINESS_NO = "220-81-62517"


def push(client, token, lines):
    return client.post(
        "/api/ledger/lines",
        data=json.dumps({"lines": lines}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def line(**extra):
    values = {
        "institution": "관악구시설관리공단",
        "department": "",
        "contract_date": "2024-05-02",
        "title": "청소 용역",
        "kind": "용역",
        "method": "수의1인견적",
        "amount": "1,200,000",
        "supplier": "업체",
        "business_no": BUSINESS_NO,
    }
    return values | extra


@pytest.fixture(autouse=True)
def district_units(declared_units):
    from tests.conftest import declare_units

    declare_units(
        [("관악구의회", "district_council", []), ("관악구시설관리공단", "facilities_corporation", ["경영지원팀"])]
    )


@pytest.fixture
def token(center_staff):
    institution = Institution.objects.get(name="관악구시설관리공단")
    return token_issue(actor=center_staff, institution=institution, name="재무")[1]


def smuggled_title() -> str:
    """The reproduction: a header of the ledger format and whole rows for two other institutions, in tabs."""
    header = "\t".join(
        ["기관명", "부서명", "계약일자", "계약명", "구분", "계약방법", "계약금액", "업체명", "사업자등록번호"]
    )
    rows = [
        "\t".join(["관악구의회", "", "2024-05-03", "끼워 넣은 줄", "물품", "", "99,000,000", "업체", BUSINESS_NO]),
        "\t".join(["관악구청", "총무과", "2024-05-04", "끼워 넣은 줄", "물품", "", "88,000,000", "업체", BUSINESS_NO]),
    ]
    return "\t\t\t\n".join(["청소 용역", header, *rows]) + "\t\t\t\t\t\t"


def test_a_title_full_of_tabs_and_rows_writes_nothing_outside_the_token_s_institution(client, token):
    response = push(client, token, [line(title=smuggled_title(), method="\t\r\n")])
    assert response.status_code == 200, response.json()
    own = Institution.objects.get(name="관악구시설관리공단")
    assert PurchaseRecord.objects.count() == 1
    record = PurchaseRecord.objects.get()
    assert record.institution == own and record.amount == 1_200_000 and record.source == PurchaseSource.API
    assert "\t" not in record.title and "\n" not in record.title  # cleaned like any cell, not interpreted
    assert not PurchaseRecord.objects.exclude(institution=own).exists()
    listed = client.get("/api/contracts", {"year": 2024}).json()["items"]
    assert {item["institution"] for item in listed} == {"관악구시설관리공단"}


def test_a_line_of_another_institution_even_spelt_differently_is_refused(client, token):
    for name in ("관악구청", "관악구 청", " 관악구의회 "):
        response = push(client, token, [line(), line(institution=name, title="다른 기관")])
        assert response.status_code == 403, name
        assert "관악구시설관리공단의 장부만" in response.json()["detail"]
    assert not PurchaseRecord.objects.exists()


def test_a_blank_institution_is_the_token_s_and_an_amount_past_the_limit_is_a_korean_row_error(client, token):
    response = push(client, token, [line(institution=""), line(title="큰 계약", amount=2**64)])
    body = response.json()
    assert response.status_code == 400
    assert body["errors"][0]["row"] == 2 and "100조" in body["errors"][0]["message"]
    assert not PurchaseRecord.objects.exists()
    assert push(client, token, [line(institution="")]).status_code == 200
    assert PurchaseRecord.objects.get().institution.name == "관악구시설관리공단"


def test_too_many_lines_or_too_long_a_field_is_refused_before_anything_is_read(client, token):
    assert push(client, token, [line()] * 5001).status_code == 422
    assert push(client, token, [line(title="가" * 1001)]).status_code == 422
    assert not PurchaseRecord.objects.exists()
