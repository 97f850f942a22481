"""Registered enterprises against the tax service's 사업자등록 상태조회 (issue 32 §5), with a fake on 127.0.0.1."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from procure.core.models import AuditEvent, Notification
from procure.enterprises.models import BusinessStatus, Certification, Enterprise, EnterpriseType, TaxStatus
from procure.enterprises.selectors import CertificationCalendar, enterprise_types_on, supplier_groups_on
from tests.enterprises.fake_odcloud import KEY, FakeOdcloud, status_item
from tests.factories import EnterpriseFactory, InstitutionFactory, PurchaseRecordFactory

D = datetime.date
SE = EnterpriseType.CERTIFIED_SOCIAL_ENTERPRISE


@pytest.fixture
def fake(settings):
    settings.DATA_GO_KR_SERVICE_KEY = KEY
    with FakeOdcloud() as server:
        settings.ODCLOUD_URL = server.url
        yield server


@pytest.fixture
def enterprises(db):
    """150 certified enterprises (two requests of at most 100 numbers)."""
    made = [EnterpriseFactory() for _ in range(150)]
    Certification.objects.bulk_create(Certification(enterprise=e, type=SE, valid_from=D(2020, 1, 1)) for e in made)
    return made


def run(capsys) -> dict:
    call_command("check_business_status", "--json")
    return json.loads(capsys.readouterr().out)


def test_closed_and_suspended_businesses_are_flagged_hidden_and_not_counted_after_closure(
    fake, enterprises, center_staff, capsys
):
    closed, suspended, unknown = enterprises[0], enterprises[1], enterprises[2]
    institution = InstitutionFactory()
    before = PurchaseRecordFactory(
        institution=institution, supplier_business_no=closed.business_no, contract_date=D(2025, 6, 30)
    )
    after = PurchaseRecordFactory(
        institution=institution, supplier_business_no=closed.business_no, contract_date=D(2025, 7, 1)
    )
    for record in (before, after):
        record.held_types = SE
        record.save()
    fake.statuses = {
        closed.business_no: status_item(closed.business_no, "03", "20250630"),
        suspended.business_no: status_item(suspended.business_no, "02"),
        unknown.business_no: status_item(unknown.business_no, "none"),
    }

    counts = run(capsys)
    posts = [body for path, body in fake.requests if path.endswith("/status")]
    assert [len(body["b_no"]) for body in posts] == [100, 50]
    assert counts["checked"] == 150 and counts["answered"] == 150 and counts["flagged"] == 3 and counts["calls"] == 2

    status = BusinessStatus.objects.get(enterprise=closed)
    assert (status.status, status.closed_on, status.inactive_from) == (TaxStatus.CLOSED, D(2025, 6, 30), D(2025, 7, 1))
    assert BusinessStatus.objects.get(enterprise=suspended).inactive_from is not None
    assert BusinessStatus.objects.get(enterprise=unknown).inactive_from is None  # flagged for a look only
    # Hidden from pickers and the public list; no type after the closure.
    pickable = set(Enterprise.objects.pickable())
    assert closed not in pickable and suspended not in pickable and unknown in pickable
    assert closed not in Enterprise.objects.valid_on(D(2026, 1, 1))
    assert closed in Enterprise.objects.valid_on(D(2025, 6, 30))
    assert enterprise_types_on(closed, D(2025, 6, 30)) == [SE] and enterprise_types_on(closed, D(2025, 7, 1)) == []
    assert supplier_groups_on(closed, D(2025, 7, 1)) == set()
    assert CertificationCalendar([closed.business_no]).types_on(closed.business_no, D(2025, 7, 1)) == set()
    # The ledger followed the registry's event: the purchase after the closure is not social-economy.
    before.refresh_from_db()
    after.refresh_from_db()
    assert SE in before.held_types and after.held_types == ""
    # The center is told, once.
    assert (
        Notification.objects.filter(recipient=center_staff, title__contains="폐업자 (폐업일 2025.06.30)").count() == 1
    )
    assert AuditEvent.objects.filter(action="enterprises.business_status.changed").count() == 3
    assert run(capsys)["flagged"] == 0
    assert Notification.objects.filter(recipient=center_staff, title__contains="국세청 사업자 상태").count() == 3


def test_the_center_looks_and_clears_a_flag_and_the_purchases_count_again(
    client, fake, enterprises, center_staff, capsys
):
    closed = enterprises[0]
    purchase = PurchaseRecordFactory(
        institution=InstitutionFactory(), supplier_business_no=closed.business_no, contract_date=D(2025, 9, 1)
    )
    fake.statuses = {closed.business_no: status_item(closed.business_no, "03", "20250630")}
    run(capsys)
    purchase.refresh_from_db()
    assert purchase.held_types == ""

    client.force_login(center_staff)
    page = client.get(reverse("enterprises:business_status_list")).content.decode()
    assert closed.name in page and "2025.07.01" in page
    record = BusinessStatus.objects.get(enterprise=closed)
    url = reverse("enterprises:business_status_clear", args=[record.pk])
    client.post(url, {"reason": ""})  # a reason is needed
    assert BusinessStatus.objects.get(pk=record.pk).inactive_from is not None
    client.post(url, {"reason": "법인 전환으로 같은 사업 계속 (사업자등록증명 확인)"})
    record.refresh_from_db()
    assert record.inactive_from is None and record.cleared_by == center_staff
    purchase.refresh_from_db()
    assert SE in purchase.held_types
    cleared = AuditEvent.objects.get(action="enterprises.business_status.cleared")
    assert cleared.before["inactive_from"] == "2025-07-01" and cleared.after["clear_reason"].startswith("법인 전환")
    assert closed in Enterprise.objects.pickable()
    # The same answer next week keeps the center's decision; a different one flags it again.
    run(capsys)
    assert BusinessStatus.objects.get(pk=record.pk).inactive_from is None
    fake.statuses = {closed.business_no: status_item(closed.business_no, "03", "20251031")}
    assert run(capsys)["flagged"] == 1
    assert BusinessStatus.objects.get(pk=record.pk).inactive_from == D(2025, 11, 1)


def test_a_reopened_business_counts_again(fake, enterprises, capsys):
    suspended = enterprises[5]
    fake.statuses = {suspended.business_no: status_item(suspended.business_no, "02")}
    run(capsys)
    assert suspended not in Enterprise.objects.pickable()
    fake.statuses = {}
    assert run(capsys)["reopened"] == 1
    assert suspended in Enterprise.objects.pickable()


def test_service_errors_stop_with_a_korean_message_and_change_nothing(fake, enterprises, settings):
    fake.statuses = {enterprises[0].business_no: status_item(enterprises[0].business_no, "03", "20250630")}
    fake.status_code = "INTERNAL_ERROR"
    with pytest.raises(Exception, match="국세청 사업자 상태조회가 오류"):
        call_command("check_business_status")
    fake.status_code = "OK"
    fake.fail_next = 429
    with pytest.raises(Exception, match="호출 한도"):
        call_command("check_business_status")
    settings.DATA_GO_KR_SERVICE_KEY = ""
    with pytest.raises(Exception, match="DATA_GO_KR_SERVICE_KEY"):
        call_command("check_business_status")
    assert not BusinessStatus.objects.exists()
    assert AuditEvent.objects.filter(action="enterprises.business_status.failed").count() == 3


def test_only_staff_see_and_clear_flags(client, fake, enterprises, center_staff, enterprise_member, buyer, capsys):
    fake.statuses = {enterprises[0].business_no: status_item(enterprises[0].business_no, "03", "20250630")}
    run(capsys)
    record = BusinessStatus.objects.get(enterprise=enterprises[0])
    for user, allowed in ((enterprise_member, False), (buyer, False), (center_staff, True)):
        client.force_login(user)
        assert (client.get(reverse("enterprises:business_status_list")).status_code == 200) == allowed
        client.post(reverse("enterprises:business_status_clear", args=[record.pk]), {"reason": "확인"})
        record.refresh_from_db()
        assert (record.inactive_from is None) == allowed
