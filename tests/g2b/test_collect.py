"""collect_g2b against fake services on loopback (issue 32 §1–3, §6): the right 구분, 방법, amounts and suppliers;
quota, a broken page and an error envelope mid-run lose and double no day; a second run changes nothing; a
platform contract also published by 나라장터 counts once."""

import datetime

import pytest
from django.db.models import Sum

from procure.g2b.client import Client
from procure.g2b.models import CollectedDay, RunStatus
from procure.g2b.services import Collector
from procure.institutions.models import Institution
from procure.ledger.models import MatchStatus, PurchaseRecord, Rollup
from procure.ledger.services import rollups_rebuild
from tests.g2b.fake_services import CONTRACT_PATH, MALL_PATH, FakePortal, business_no, contract, delivery

pytestmark = pytest.mark.django_db

D = datetime.date(2026, 3, 2)
DAYS = [D + datetime.timedelta(days=n) for n in range(6)]  # 2026-03-02 … 03-07


@pytest.fixture
def gwanak(db):
    institution = Institution.objects.create(name="관악구청", kind="district_office", code="3200000")
    institution.departments.create(name="일자리정책과")
    return institution


@pytest.fixture
def portal(settings):
    with FakePortal() as fake:
        settings.G2B_CONTRACT_URL = fake.base + CONTRACT_PATH
        settings.G2B_MALL_URL = fake.base + MALL_PATH
        yield fake


def fill(portal):
    """Six days of a district's contracts and deliveries; returns the won the ledger must hold."""
    portal.add_contract(contract("R26TE00000001", DAYS[0], business="물품", method="수의계약", amount=2_080_000))
    portal.add_contract(
        contract(
            "R26TE00000002",
            DAYS[1],
            business="일반용역",
            method="일반경쟁",
            amount=10_000_001,
            members=[("가나협동조합", "48.79", business_no(1)), ("마바주식회사", "51.21", business_no(2))],
            department="일자리정책과",
        )
    )
    portal.add_contract(contract("R26TE00000003", DAYS[2], business="공사", method="제한경쟁", amount=55_000_000))
    portal.add_contract(contract("R26TE00000004", DAYS[3], business="기술용역", method="지명경쟁", amount=7_000_000))
    portal.add_contract(contract("R26TE00000005", DAYS[4], business="물품", amount=300_000, institution_code="3210000"))
    for n in range(6, 9):  # three on one day: two pages when the service pages at 2
        portal.add_contract(contract(f"R26TE0000000{n}", DAYS[5], amount=100_000 * n))
    portal.add_delivery(delivery("R26DD00000001", 1, DAYS[0], amount=100_000))
    portal.add_delivery(delivery("R26DD00000001", 2, DAYS[0], amount=50_000))
    portal.add_delivery(delivery("R26DD00000001", 1, DAYS[0], order=1, amount=80_000))  # the change wins
    portal.add_delivery(delivery("R26DD00000002", 1, DAYS[2], amount=70_000, code="3210000"))  # 서초구: not ours
    return 2_080_000 + 10_000_001 + 55_000_000 + 7_000_000 + 2_100_000 + 80_000 + 50_000


def collect(institutions, until=DAYS[-1], refresh_from=None):
    client = Client(service_key="시험-키/+=", sleep=lambda seconds: None)
    return Collector(client=client).run(
        since=DAYS[0], until=until, institutions=institutions, refresh_from=refresh_from
    )


def ledger():
    return sorted(
        PurchaseRecord.objects.values_list(
            "source",
            "source_ref",
            "kind",
            "method",
            "amount",
            "supplier_business_no",
            "contract_date",
            "department__name",
        )
    )


def test_a_week_is_collected_with_the_right_kind_method_amount_and_suppliers(gwanak, portal):
    portal.page_size = 2
    expected = fill(portal)
    run = collect([gwanak])
    assert run.status == RunStatus.DONE, run.failures
    lines = {(r[1], r[5]): r for r in ledger()}
    assert lines["R26TE00000001", business_no(1)][2:5] == ("goods", "private", 2_080_000)
    # Joint contract: 48.79% / 51.21% of 10,000,001 won, split exactly in won (4,879,000.49 → 4,879,000; 5,121,000.51
    # → 5,121,001), each member its own line; the department named in dminsttList is found.
    assert lines["R26TE00000002", business_no(1)][2:5] == ("services", "open", 4_879_000)
    assert lines["R26TE00000002", business_no(2)][2:5] == ("services", "open", 5_121_001)
    assert lines["R26TE00000002", business_no(1)][7] == "일자리정책과"
    assert lines["R26TE00000003", business_no(1)][2:4] == ("works", "restricted")
    assert lines["R26TE00000004", business_no(1)][2:4] == ("services", "nominated")
    assert lines["R26DD00000001-1", business_no(7)][2:5] == ("goods", "shopping_mall", 80_000)
    assert {r[1] for r in lines.values()} >= {"R26TE00000006", "R26TE00000007", "R26TE00000008"}  # page 2 too
    assert not any(r[1] in ("R26TE00000005", "R26DD00000002-1") for r in lines.values())  # 서초구's
    assert PurchaseRecord.objects.aggregate(s=Sum("amount"))["s"] == expected
    assert {r[0] for r in lines.values()} == {"g2b", "mall"}
    # Roll-ups were kept by deltas: equal to a rebuild.
    kept = sorted(Rollup.objects.values_list("month", "kind", "amount", "count"))
    rollups_rebuild()
    assert sorted(Rollup.objects.values_list("month", "kind", "amount", "count")) == kept
    # Every request was a one-day window by 계약체결일자 for the 수요기관 at 999 rows.
    contract_requests = [r for r in portal.requests if r["operation"].endswith("PPSSrch")]
    assert {(r["inqryDiv"], r["insttDivCd"], r["insttCd"], r["numOfRows"]) for r in contract_requests} == {
        ("1", "2", "3200000", "999")
    }
    assert all(r["inqryBgnDate"] == r["inqryEndDate"] for r in contract_requests)


def test_a_second_run_changes_nothing_and_a_change_updates_the_line(gwanak, portal):
    fill(portal)
    collect([gwanak])
    before = ledger()
    again = collect([gwanak], refresh_from=DAYS[0])
    assert (again.created, again.updated) == (0, 0) and again.unchanged == len(before)
    assert ledger() == before
    portal.contracts[("getCntrctInfoListThngPPSSrch", "3200000", "20260302")][0].update(
        thtmCntrctAmt="2500000", chgDt="2026-03-20 10:00:00"
    )
    changed = collect([gwanak], refresh_from=DAYS[0])
    assert (changed.created, changed.updated) == (0, 1)
    assert PurchaseRecord.objects.get(source_ref="R26TE00000001").amount == 2_500_000
    assert PurchaseRecord.objects.count() == len(before)


def test_quota_mid_run_stops_and_the_next_run_resumes_without_losing_or_doubling_a_day(gwanak, portal):
    expected = fill(portal)
    portal.fault("getCntrctInfoListServcPPSSrch", DAYS[3], 1, "quota")
    first = collect([gwanak])
    assert first.status == RunStatus.QUOTA
    assert "다음 실행" in first.message
    done = set(CollectedDay.objects.filter(source="g2b").values_list("day", flat=True))
    assert done == set(DAYS[:3])  # the day the quota hit is not marked
    second = collect([gwanak])
    assert second.status == RunStatus.DONE
    assert PurchaseRecord.objects.aggregate(s=Sum("amount"))["s"] == expected
    assert CollectedDay.objects.filter(source="g2b").count() == len(DAYS)


def test_http_429_with_a_short_wait_is_waited_out(gwanak, portal):
    expected = fill(portal)
    portal.fault("getCntrctInfoListThngPPSSrch", DAYS[2], 1, "429wait")
    run = collect([gwanak])
    assert run.status == RunStatus.DONE
    assert PurchaseRecord.objects.aggregate(s=Sum("amount"))["s"] == expected


def test_a_broken_page_is_asked_again_and_one_that_stays_broken_is_collected_next_time(gwanak, portal):
    portal.page_size = 2
    expected = fill(portal)
    portal.fault("getCntrctInfoListThngPPSSrch", DAYS[5], 2, "malformed")  # once: asked again at once
    portal.fault("getCntrctInfoListThngPPSSrch", DAYS[0], 1, "malformed", "malformed", "malformed")
    portal.fault("getDlvrReqDtlInfoList", DAYS[2], 1, "07")
    first = collect([gwanak])
    assert first.status == RunStatus.PARTIAL
    failed = {(f["source"], f["day"]) for f in first.failures}
    assert failed == {("나라장터", "2026-03-02"), ("종합쇼핑몰", "2026-03-04")}
    assert any("읽을 수 없습니다" in f["message"] for f in first.failures)
    assert any("07" in f["message"] for f in first.failures)
    assert not PurchaseRecord.objects.filter(source_ref="R26TE00000001").exists()
    second = collect([gwanak])
    assert second.status == RunStatus.DONE and second.days == 2
    assert PurchaseRecord.objects.aggregate(s=Sum("amount"))["s"] == expected


def test_a_key_error_stops_the_run_with_a_korean_message(gwanak, portal):
    fill(portal)
    portal.fault("getCntrctInfoListThngPPSSrch", DAYS[0], 1, "key")
    run = collect([gwanak])
    assert run.status == RunStatus.FAILED
    assert "등록되지 않은 서비스키" in run.message
    assert not PurchaseRecord.objects.exists()


def test_xml_answers_are_read_like_json(gwanak, settings):
    with FakePortal(xml=True) as fake:
        settings.G2B_CONTRACT_URL = fake.base + CONTRACT_PATH
        settings.G2B_MALL_URL = fake.base + MALL_PATH
        expected = fill(fake)
        run = collect([gwanak])
    assert run.status == RunStatus.DONE
    assert PurchaseRecord.objects.aggregate(s=Sum("amount"))["s"] == expected


def test_a_platform_contract_also_collected_from_g2b_counts_once(gwanak, portal, make_user):
    from procure.ledger.rules import Line
    from procure.ledger.writer import line_write

    fill(portal)
    actor = make_user("district_admin")
    line = Line("관악구청", "", DAYS[3], "플랫폼 계약", "services", "", 7_000_000, "가나협동조합", business_no(1), None)
    platform = line_write(actor=actor, institution=gwanak, department=None, line=line, source="platform")
    collect([gwanak])
    copy = PurchaseRecord.objects.get(source_ref="R26TE00000004")
    assert (copy.match_status, copy.match_of_id) == (MatchStatus.MATCHED, platform.pk)
    counted = PurchaseRecord.objects.counted().filter(supplier_business_no=business_no(1), contract_date=DAYS[3])
    assert counted.aggregate(s=Sum("amount"))["s"] == 7_000_000


def test_a_time_limit_stops_before_a_day_and_the_next_run_goes_on(gwanak, portal):
    expected = fill(portal)
    client = Client(service_key="k", sleep=lambda seconds: None)
    stopped = Collector(client=client, max_seconds=0).run(since=DAYS[0], until=DAYS[-1], institutions=[gwanak])
    assert stopped.status == RunStatus.PARTIAL and "다음 실행에서 이어서" in stopped.message
    assert collect([gwanak]).status == RunStatus.DONE
    assert PurchaseRecord.objects.aggregate(s=Sum("amount"))["s"] == expected


def test_a_run_is_refused_while_another_is_alive(gwanak, portal):
    from django.utils import timezone

    from procure.g2b.models import CollectionRun
    from procure.g2b.services import CollectError

    CollectionRun.objects.create(trigger="task", heartbeat_at=timezone.now())
    with pytest.raises(CollectError, match="진행 중"):
        collect([gwanak])


def test_the_daily_task_collects_from_the_first_of_the_year_to_yesterday(gwanak, portal, settings, monkeypatch):
    from procure.g2b import services
    from procure.g2b.tasks import collect_g2b_daily

    expected = fill(portal)
    settings.DATA_GO_KR_SERVICE_KEY = "k"
    monkeypatch.setattr(services, "default_window", lambda today=None: (DAYS[0], DAYS[-1]))
    collect_g2b_daily.call(None)
    assert PurchaseRecord.objects.aggregate(s=Sum("amount"))["s"] == expected
    settings.DATA_GO_KR_SERVICE_KEY = ""
    collect_g2b_daily.call(None)
    from procure.g2b.models import CollectionRun

    assert "DATA_GO_KR_SERVICE_KEY" in CollectionRun.objects.latest("pk").message


def test_a_collected_contract_paid_later_on_the_platform_counts_once(gwanak, portal, make_user):
    from procure.ledger.rules import Line
    from procure.ledger.writer import line_write

    fill(portal)
    collect([gwanak])
    line = Line("관악구청", "", DAYS[2], "플랫폼 공사", "works", "", 55_000_000, "가나협동조합", business_no(1), None)
    platform = line_write(
        actor=make_user("district_admin"), institution=gwanak, department=None, line=line, source="platform"
    )
    copy = PurchaseRecord.objects.get(source_ref="R26TE00000003")
    assert (copy.match_status, copy.match_of_id) == (MatchStatus.MATCHED, platform.pk)
    assert PurchaseRecord.objects.counted().filter(amount=55_000_000).count() == 1
    kept = sorted(Rollup.objects.values_list("month", "kind", "amount", "count"))
    rollups_rebuild()
    assert sorted(Rollup.objects.values_list("month", "kind", "amount", "count")) == kept
    # Collecting again leaves the copy held out.
    collect([gwanak], refresh_from=DAYS[0])
    assert PurchaseRecord.objects.get(source_ref="R26TE00000003").match_status == MatchStatus.MATCHED


@pytest.mark.parametrize("institution_ledger_first", [True, False])
def test_a_contract_in_the_institutions_ledger_and_in_g2b_counts_once_in_either_order(
    gwanak, portal, make_user, institution_ledger_first
):
    from procure.ledger.rules import Line
    from procure.ledger.writer import line_write

    fill(portal)
    actor = make_user("district_admin")
    line = Line(
        "관악구청", "", DAYS[3], "기술용역 (재무 시스템의 이름)", "services", "", 7_000_000, "가", business_no(1), None
    )

    def typed_in():
        return line_write(actor=actor, institution=gwanak, department=None, line=line, source="manual")

    if institution_ledger_first:
        first = typed_in()
        collect([gwanak])
        copy = PurchaseRecord.objects.get(source_ref="R26TE00000004")
    else:
        collect([gwanak])
        first = PurchaseRecord.objects.get(source_ref="R26TE00000004")
        copy = typed_in()
    assert (copy.match_status, copy.match_of_id) == (MatchStatus.MATCHED, first.pk)
    counted = PurchaseRecord.objects.counted().filter(supplier_business_no=business_no(1), contract_date=DAYS[3])
    assert counted.aggregate(s=Sum("amount"))["s"] == 7_000_000
