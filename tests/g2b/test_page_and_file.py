"""The collection page (district administrator only), saved response files (--from-file and the page's upload),
and the command with a key against the fake portal (issue 32 §1, §3)."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from procure.g2b.models import CollectionRun
from procure.ledger.models import PurchaseRecord
from tests.g2b.fake_services import GATEWAY_QUOTA, FakePortal, business_no, contract, delivery
from tests.g2b.test_collect import DAYS, fill
from tests.g2b.test_collect import gwanak as gwanak  # noqa: PLC0414
from tests.g2b.test_collect import portal as portal  # noqa: PLC0414

pytestmark = pytest.mark.django_db


def saved(items, *, xml=False) -> bytes:
    if xml:
        return FakePortal._xml(items, len(items), 1, 999).encode()
    document = {
        "response": {
            "header": {"resultCode": "00", "resultMsg": "정상"},
            "body": {"items": items, "numOfRows": 999, "pageNo": 1, "totalCount": len(items)},
        }
    }
    return json.dumps(document, ensure_ascii=False).encode()


def from_file(tmp_path, data: bytes, name="answer.json"):
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("collect_g2b", "--from-file", str(path), "--json", stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue()), err.getvalue()


def test_a_saved_contract_list_finds_the_institution_by_its_code_and_reading_it_again_changes_nothing(gwanak, tmp_path):
    items = [
        contract("R26TE00000011", DAYS[0], amount=1_000_000),
        contract("R26TE00000012", DAYS[1], amount=2_000_000, institution_code="3210000"),  # 서초구: skipped
    ]
    code, result, _ = from_file(tmp_path, saved(items))
    assert code == 0
    assert (result["rows"], result["created"], result["skipped"]) == (2, 1, 1)
    line = PurchaseRecord.objects.get()
    assert (line.institution, line.source, line.source_ref, line.amount) == (gwanak, "g2b", "R26TE00000011", 1_000_000)
    code, again, _ = from_file(tmp_path, saved(items, xml=True), "answer.xml")
    assert (code, again["created"], again["unchanged"]) == (0, 0, 1)


def test_a_saved_delivery_list_keeps_the_latest_change(gwanak, tmp_path):
    items = [
        delivery("R26DD00000009", 1, DAYS[0], order=0, amount=90_000),
        delivery("R26DD00000009", 1, DAYS[0], order=2, amount=60_000),
        delivery("R26DD00000009", 1, DAYS[0], order=1, amount=75_000),
    ]
    code, result, _ = from_file(tmp_path, saved(items))
    assert code == 0 and result["created"] == 1
    assert PurchaseRecord.objects.get().amount == 60_000
    code, result, _ = from_file(tmp_path, saved(items[:1]))  # an older change read later does not overwrite
    assert result["unchanged"] == 1 and PurchaseRecord.objects.get().amount == 60_000


def test_an_error_envelope_or_a_bad_item_refuses_the_file_and_writes_nothing(gwanak, tmp_path):
    code, result, err = from_file(tmp_path, GATEWAY_QUOTA.encode(), "quota.xml")
    assert code == 1 and "일일 호출 한도 초과" in result["errors"][0]["message"]
    body = {"nkoneps.com.response.ResponseError": {"header": {"resultCode": "08", "resultMsg": "필수값 입력 오류"}}}
    code, result, err = from_file(tmp_path, json.dumps(body).encode())
    assert code == 1 and "필수값 누락" in err
    broken = contract("R26TE00000013", DAYS[0])
    broken["corpList"] = "[1^주계약업체^단독^가나^대표^대한민국^100^가나^^12345]"
    code, result, err = from_file(tmp_path, saved([contract("R26TE00000014", DAYS[0]), broken]))
    assert code == 1 and result["errors"][0]["row"] == 2 and "10자리" in result["errors"][0]["message"]
    assert not PurchaseRecord.objects.exists()


def test_the_command_collects_with_the_key_from_the_environment(gwanak, portal, settings):
    expected = fill(portal)
    settings.DATA_GO_KR_SERVICE_KEY = "시험키"
    out = io.StringIO()
    call_command(
        "collect_g2b",
        "--since",
        DAYS[0].isoformat(),
        "--until",
        DAYS[-1].isoformat(),
        "--institution",
        "관악구청",
        "--json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert result["status"] == "done" and result["days"] == 2 * len(DAYS)
    assert sum(PurchaseRecord.objects.values_list("amount", flat=True)) == expected
    assert {r["serviceKey"] for r in portal.requests} == {"시험키"}


def test_without_a_key_the_command_says_so_in_korean(gwanak, settings):
    settings.DATA_GO_KR_SERVICE_KEY = ""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="DATA_GO_KR_SERVICE_KEY"):
        call_command("collect_g2b", "--since", "2026-03-01")


def test_the_district_administrator_sees_what_was_collected_and_what_failed(client, district_admin, gwanak, portal):
    fill(portal)
    portal.fault("getCntrctInfoListThngPPSSrch", DAYS[0], 1, "07")
    from procure.g2b.client import Client
    from procure.g2b.services import Collector

    Collector(client=Client(service_key="k", sleep=lambda s: None)).run(
        since=DAYS[0], until=DAYS[-1], institutions=[gwanak]
    )
    client.force_login(district_admin)
    page = client.get(reverse("g2b:status") + "?year=2026").content.decode()
    assert "관악구청" in page and "3200000" in page
    assert "일부 실패" in page and "조회 범위 초과" in page
    assert "5일 / 365일" in page  # 나라장터: the failed day is not counted as collected
    assert "출처별 구매액" in page and "74,100,001원" in page  # 나라장터 without the failed day's contract


def test_others_cannot_open_the_page_or_upload(client, buyer, center_staff, gwanak, tmp_path):
    for user in (buyer, center_staff):
        client.force_login(user)
        assert client.get(reverse("g2b:status")).status_code == 403
        upload = SimpleUploadedFile("a.json", saved([contract("R26TE00000021", DAYS[0])]))
        assert client.post(reverse("g2b:upload"), {"file": upload}).status_code == 403
    assert not PurchaseRecord.objects.exists()
    client.logout()
    assert client.get(reverse("g2b:status")).status_code == 302


def test_the_page_takes_a_saved_file(client, district_admin, gwanak):
    client.force_login(district_admin)
    upload = SimpleUploadedFile("answer.json", saved([contract("R26TE00000031", DAYS[0], amount=3_000_000)]))
    response = client.post(reverse("g2b:upload"), {"file": upload}, follow=True)
    assert "새로 등록 1줄" in response.content.decode()
    assert PurchaseRecord.objects.get().amount == 3_000_000
    assert CollectionRun.objects.get().filename == "answer.json"
    bad = SimpleUploadedFile("quota.xml", GATEWAY_QUOTA.encode())
    response = client.post(reverse("g2b:upload"), {"file": bad}, follow=True)
    assert "반영하지 않았습니다" in response.content.decode()
    assert PurchaseRecord.objects.count() == 1


def test_joint_contract_shares_that_do_not_sum_to_100_still_add_up_to_the_contract(gwanak, tmp_path):
    item = contract(
        "R26TE00000041",
        DAYS[0],
        amount=1_000,
        members=[("가", "29", business_no(11)), ("나", "29", business_no(12)), ("다", "", business_no(13))],
    )
    code, result, _ = from_file(tmp_path, saved([item]))
    amounts = sorted(PurchaseRecord.objects.values_list("supplier_business_no", "amount"))
    assert code == 0 and amounts == [(business_no(11), 500), (business_no(12), 500)]


def test_the_start_button_runs_the_collection_only_with_a_key(
    client, district_admin, gwanak, portal, settings, monkeypatch
):
    from procure.g2b import services

    fill(portal)
    monkeypatch.setattr(services, "default_window", lambda today=None: (DAYS[0], DAYS[-1]))
    client.force_login(district_admin)
    settings.DATA_GO_KR_SERVICE_KEY = ""
    page = client.post(reverse("g2b:collect"), follow=True).content.decode()
    assert "서비스키(DATA_GO_KR_SERVICE_KEY)가 없어" in page
    assert not CollectionRun.objects.exists()
    settings.DATA_GO_KR_SERVICE_KEY = "k"
    page = client.post(reverse("g2b:collect"), follow=True).content.decode()
    assert "자료 모으기를 시작했습니다" in page
    run = CollectionRun.objects.get()  # the test settings run tasks at once
    assert (run.trigger, run.actor, run.status) == ("task", district_admin, "done")
