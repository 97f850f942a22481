"""What the source takes back is reversed, never deleted and never left counted ("one contract counts once, a counted
purchase is only reversed"): a 납품요구 품목 a later 변경차수 cancels, a 나라장터 contract in the deletion history
(삭제이력), a joint-contract member a later revision drops. The original line stays; a negative reversal line says why;
the figures (roll-ups kept by deltas) equal a rebuild; collecting again reverses nothing twice."""

import datetime
import json

import pytest
from django.db.models import Sum
from django.urls import reverse

from procure.core.models import AuditEvent
from procure.g2b.client import Client
from procure.g2b.models import CollectedDay, RunStatus, Source
from procure.g2b.services import Collector, collect_file
from procure.institutions.models import Institution
from procure.ledger.models import PurchaseRecord, Rollup
from procure.ledger.services import rollups_rebuild
from tests.g2b.fake_services import (
    CONTRACT_PATH,
    MALL_PATH,
    FakePortal,
    business_no,
    contract,
    deletion,
    delivery,
)

pytestmark = pytest.mark.django_db

D = datetime.date(2026, 3, 2)
DAYS = [D + datetime.timedelta(days=n) for n in range(4)]
JOINT = [("가나협동조합", "60", business_no(1)), ("마바주식회사", "40", business_no(2))]


@pytest.fixture
def gwanak(db):
    return Institution.objects.create(name="관악구청", kind="district_office", code="3200000")


@pytest.fixture
def portal(settings):
    with FakePortal() as fake:
        settings.G2B_CONTRACT_URL = fake.base + CONTRACT_PATH
        settings.G2B_MALL_URL = fake.base + MALL_PATH
        yield fake


def collect(institutions, until=DAYS[-1], refresh_from=None):
    client = Client(service_key="시험-키", sleep=lambda seconds: None)
    return Collector(client=client).run(
        since=DAYS[0], until=until, institutions=institutions, refresh_from=refresh_from
    )


def counted_won() -> int:
    return PurchaseRecord.objects.counted().aggregate(s=Sum("amount"))["s"] or 0


def counted_contracts() -> int:
    return PurchaseRecord.objects.counted().aggregate(s=Sum("line_count"))["s"] or 0


def assert_rollups_equal_a_rebuild():
    kept = sorted(Rollup.objects.values_list("year", "month", "kind", "held_types", "amount", "count"))
    rollups_rebuild()
    assert sorted(Rollup.objects.values_list("year", "month", "kind", "held_types", "amount", "count")) == kept


def test_a_delivery_item_cancelled_in_a_later_change_is_reversed_not_deleted(gwanak, portal):
    portal.add_delivery(delivery("R26DD00000001", 1, DAYS[0], amount=100_000))
    portal.add_delivery(delivery("R26DD00000001", 2, DAYS[0], amount=50_000))
    assert collect([gwanak]).status == RunStatus.DONE
    assert counted_won() == 150_000
    # 변경차수 1: 품목 1 taken back whole (금액 0).
    portal.add_delivery(delivery("R26DD00000001", 1, DAYS[0], order=1, amount=0))
    run = collect([gwanak], refresh_from=DAYS[0])
    assert run.status == RunStatus.DONE, run.failures
    assert run.reversed == 1 and "되돌렸습니다" in run.message
    original = PurchaseRecord.objects.get(source_ref="R26DD00000001-1")
    assert original.amount == 100_000  # the line stays
    reversal = original.reversals.get()
    assert (reversal.amount, reversal.line_count) == (-100_000, -1)
    assert "취소" in reversal.note and "R26DD00000001-1" in reversal.note
    assert counted_won() == 50_000 and counted_contracts() == 1
    assert AuditEvent.objects.filter(action="ledger.purchase.reversed", object_id=str(original.pk)).count() == 1
    assert_rollups_equal_a_rebuild()
    # Collected again: nothing reversed twice, nothing created.
    again = collect([gwanak], refresh_from=DAYS[0])
    assert (again.created, again.reversed) == (0, 0)
    assert PurchaseRecord.objects.filter(reversal_of=original).count() == 1
    assert counted_won() == 50_000


def test_a_cancelled_item_never_collected_before_adds_nothing(gwanak, portal):
    portal.add_delivery(delivery("R26DD00000009", 1, DAYS[1], order=2, amount=0))
    run = collect([gwanak])
    assert run.status == RunStatus.DONE, run.failures
    assert PurchaseRecord.objects.count() == 0 and run.reversed == 0


def test_a_contract_in_the_deletion_history_is_reversed_with_its_deletion_time(gwanak, portal):
    portal.add_contract(contract("R26TE00000001", DAYS[0], amount=2_000_000, members=JOINT))
    portal.add_contract(contract("R26TE00000002", DAYS[0], amount=700_000))
    collect([gwanak], until=DAYS[1])
    assert counted_won() == 2_700_000
    # 나라장터 deletes the joint contract on the 3rd day; it is no longer in the 계약체결일자 answer either.
    portal.contracts[("getCntrctInfoListThngPPSSrch", "3200000", DAYS[0].strftime("%Y%m%d"))].pop(0)
    portal.add_deletion(deletion("R26TE00000001", datetime.datetime(2026, 3, 4, 15, 8, 37)))
    portal.add_deletion(deletion("R99TE99999999", datetime.datetime(2026, 3, 4, 16, 0, 0)))  # not ours
    run = collect([gwanak])
    assert run.status == RunStatus.DONE, run.failures
    assert run.reversed == 2  # both members' lines
    for line in PurchaseRecord.objects.filter(source_ref="R26TE00000001"):
        reversal = line.reversals.get()
        assert reversal.amount == -line.amount and "2026-03-04 15:08:37" in reversal.note and "삭제" in reversal.note
    assert counted_won() == 700_000 and counted_contracts() == 1
    assert PurchaseRecord.objects.filter(source_ref="R26TE00000001").count() == 2  # nothing deleted
    assert CollectedDay.objects.filter(source=Source.G2B_DELETED, day=DAYS[2]).exists()
    deletion_requests = [r for r in portal.requests if r["operation"].endswith("DltHstry")]
    assert {(r["inqryBgnDt"], r["inqryEndDt"]) for r in deletion_requests} >= {("202603040000", "202603042359")}
    assert_rollups_equal_a_rebuild()
    again = collect([gwanak], refresh_from=DAYS[0])
    assert again.reversed == 0 and counted_won() == 700_000


def test_a_joint_member_dropped_in_a_later_revision_is_reversed(gwanak, portal):
    item = contract("R26TE00000003", DAYS[0], amount=10_000_000, members=JOINT, changed="2026-03-02 10:00:00")
    portal.add_contract(item)
    collect([gwanak])
    assert counted_won() == 10_000_000 and counted_contracts() == 2
    # The contract is changed: 마바주식회사 leaves, 가나협동조합 carries it whole.
    item.update(corpList=f"[1^주계약업체^단독^가나협동조합^대표1^대한민국^100^가나협동조합^^{business_no(1)}]")
    item.update(chgDt="2026-03-20 09:30:00")
    run = collect([gwanak], refresh_from=DAYS[0])
    assert run.status == RunStatus.DONE, run.failures
    assert (run.updated, run.reversed) == (1, 1)
    dropped = PurchaseRecord.objects.get(source_ref="R26TE00000003", supplier_business_no=business_no(2))
    reversal = dropped.reversals.get()
    assert reversal.amount == -4_000_000 and "공동도급" in reversal.note and "2026-03-20 09:30:00" in reversal.note
    kept = PurchaseRecord.objects.get(source_ref="R26TE00000003", supplier_business_no=business_no(1), reversal_of=None)
    assert kept.amount == 10_000_000
    assert counted_won() == 10_000_000 and counted_contracts() == 1  # one contract, counted once
    assert_rollups_equal_a_rebuild()
    again = collect([gwanak], refresh_from=DAYS[0])
    assert (again.updated, again.reversed) == (0, 0) and counted_won() == 10_000_000


def test_an_older_revision_drops_no_member(gwanak, portal):
    item = contract("R26TE00000004", DAYS[0], amount=1_000_000, members=JOINT, changed="2026-03-20 09:30:00")
    portal.add_contract(item)
    collect([gwanak])
    older = dict(item, chgDt="2026-03-10 09:00:00")
    older["corpList"] = f"[1^주계약업체^단독^가나협동조합^대표1^대한민국^100^가나협동조합^^{business_no(1)}]"
    portal.contracts[("getCntrctInfoListThngPPSSrch", "3200000", DAYS[0].strftime("%Y%m%d"))] = [older]
    run = collect([gwanak], refresh_from=DAYS[0])
    assert run.reversed == 0 and counted_won() == 1_000_000 and counted_contracts() == 2


def test_a_saved_deletion_history_file_reverses_the_contracts_it_names(gwanak, portal, tmp_path):
    portal.add_contract(contract("R26TE00000005", DAYS[0], amount=900_000))
    collect([gwanak])
    answer = {
        "response": {
            "header": {"resultCode": "00", "resultMsg": "정상"},
            "body": {
                "items": [deletion("R26TE00000005", datetime.datetime(2026, 4, 1, 9, 0, 0))],
                "numOfRows": 10,
                "pageNo": 1,
                "totalCount": 1,
            },
        }
    }
    path = tmp_path / "getCntrctInfoListThngDltHstry.json"
    path.write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
    result = collect_file(path=path)
    assert result["errors"] == [] and result["reversed"] == 1
    assert counted_won() == 0
    assert PurchaseRecord.objects.filter(source_ref="R26TE00000005").count() == 1
    again = collect_file(path=path)
    assert again["reversed"] == 0


def test_a_withdrawn_line_does_not_absorb_the_same_contract_from_another_channel(gwanak, portal, make_user):
    """A line typed in and then withdrawn (a wrong entry, an undone import, a contract the source deleted) is no
    counted contract any more: 나라장터 bringing the same supplier and amount counts, it is not held out as a copy."""
    from procure.ledger.models import MatchStatus
    from procure.ledger.rules import Line
    from procure.ledger.writer import line_reverse, line_write

    actor = make_user("district_admin")
    line = Line("관악구청", "", DAYS[0], "복사용지 구입", "goods", "", 1_000_000, "가나협동조합", business_no(1), None)
    typed = line_write(actor=actor, institution=gwanak, department=None, line=line, source="manual")
    line_reverse(actor=actor, record=typed, reason="잘못 입력")
    portal.add_contract(contract("R26TE00000010", DAYS[0], amount=1_000_000))
    collect([gwanak])
    collected = PurchaseRecord.objects.get(source_ref="R26TE00000010")
    assert (collected.match_status, collected.match_of_id) == (MatchStatus.NONE, None)
    assert counted_won() == 1_000_000 and counted_contracts() == 1


def test_a_cancelled_item_the_source_lists_again_waits_for_the_administrator(gwanak, portal, client, make_user):
    """Withdrawn lines are not counted again by a later answer that lists them (a 변경차수 reinstating an item, say):
    the collection page lists them for the district, with what the source says now and why the line was withdrawn."""
    portal.add_delivery(delivery("R26DD00000002", 1, DAYS[0], amount=80_000))
    collect([gwanak])
    portal.add_delivery(delivery("R26DD00000002", 1, DAYS[0], order=1, amount=0))
    collect([gwanak], refresh_from=DAYS[0])
    assert counted_won() == 0
    portal.add_delivery(delivery("R26DD00000002", 1, DAYS[0], order=2, amount=90_000))
    run = collect([gwanak], refresh_from=DAYS[0])
    assert run.status == RunStatus.DONE and run.created == 0
    assert counted_won() == 0  # not counted again by itself
    admin = make_user("district_admin")
    client.force_login(admin)
    page = client.get(reverse("g2b:status")).content.decode()
    section = page.split("되돌린 뒤 출처에 다시 나타난 계약</h2>")[1].split("<h2")[0]
    assert "R26DD00000002-1" in section and "90,000원" in section and "취소" in section
    client.force_login(make_user("officer"))
    assert client.get(reverse("g2b:status")).status_code == 403
