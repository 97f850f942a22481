"""기관코드 (issue 32 §1): how collected public data finds an institution — the institutions file's column, the form."""

import pytest
from django.urls import reverse

from procure.core.models import AuditEvent
from procure.institutions.models import Institution
from tests.institutions.test_reference_data import run

pytestmark = pytest.mark.django_db


def test_the_institutions_file_declares_codes_and_a_second_import_changes_nothing():
    text = (
        "기관명,기관유형,부서명,기관코드\n관악구청,구청,총무과,3200000\n관악구청,구청,재무과,3200000\n"
        "관악문화재단,재단,,\n"
    )
    code, result = run(text)
    assert code == 0, result
    assert Institution.objects.get(name="관악구청").code == "3200000"
    assert Institution.objects.get(name="관악문화재단").code == ""
    code, again = run(text)
    assert (again["created"], again["updated"]) == (0, 0)


def test_a_code_is_added_to_a_declared_institution_and_audited():
    run("기관명,기관유형,부서명\n관악구청,구청,\n")
    code, result = run("기관명,기관유형,부서명,기관코드\n관악구청,구청,,3200000\n")
    assert code == 0 and result["updated"] == 1
    event = AuditEvent.objects.filter(action="institutions.institution.imported").latest("pk")
    assert (event.before, event.after["code"]) == ({"code": ""}, "3200000")


def test_bad_or_conflicting_codes_refuse_the_file_and_write_nothing():
    Institution.objects.create(name="서초구청", kind="district_office", code="3210000")
    text = (
        "기관명,기관유형,부서명,기관코드\n관악구청,구청,총무과,3200000\n관악구청,구청,재무과,3200001\n"
        "관악문화재단,재단,,32-000\n관악구의회,구의회,,3210000\n"
    )
    code, result = run(text)
    assert code != 0
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(3, "기관코드"), (4, "기관코드"), (5, "기관코드")]
    assert not Institution.objects.filter(name="관악구청").exists()


def test_the_district_administrator_sets_a_code_in_the_form(client, district_admin):
    client.force_login(district_admin)
    response = client.post(
        reverse("institutions:create"), {"name": "관악구청", "kind": "district_office", "code": "3200000"}
    )
    assert response.status_code == 302
    assert Institution.objects.get(name="관악구청").code == "3200000"
    response = client.post(
        reverse("institutions:create"), {"name": "관악구의회", "kind": "district_council", "code": "3200000"}
    )
    assert response.status_code == 200
    assert "같은 기관코드의 기관이 이미 있습니다." in response.content.decode()
    response = client.post(
        reverse("institutions:create"), {"name": "관악구의회", "kind": "district_council", "code": "관악"}
    )
    assert "기관코드는 숫자나 영문 대문자 7자입니다" in response.content.decode()
    assert not Institution.objects.filter(name="관악구의회").exists()
