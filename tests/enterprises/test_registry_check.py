"""The ministry's certified social enterprise list read against the registry: proposals only, confirmed by staff
(issue 32 §4)."""

import datetime
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from procure.core.models import AuditEvent
from procure.enterprises import registry_check
from procure.enterprises.models import (
    Certification,
    Enterprise,
    EnterpriseType,
    ProposalAction,
    ProposalStatus,
    RegistryProposal,
)
from tests.enterprises.fake_odcloud import KEY, FakeOdcloud
from tests.factories import EnterpriseFactory, InstitutionFactory, PurchaseRecordFactory

D = datetime.date
SE = EnterpriseType.CERTIFIED_SOCIAL_ENTERPRISE
HEADER = [
    "지역",
    "인증번호",
    "기관명",
    "사업내용",
    "사회적목적실현유형",
    "사회서비스분야",
    "사업자등록번호",
    "대표자",
    "소재지",
    "홈페이지",
    "인증일자",
    "인증회차",
]


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["사회적기업 인증 현황 (2026.11.30. 기준)"])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def line(cert_no, name, business_no, valid_from, address="서울특별시 관악구 관악로 1"):
    return ["서울", cert_no, name, "서비스", "일자리제공형", "", business_no, "대표", address, "", valid_from, "1"]


@pytest.fixture
def registry(db):
    """A: listed and in order. B: 예비 only, now certified. C: number and date differ. D: certified, not listed."""
    a = EnterpriseFactory(name="가나 사회적협동조합", business_no="1018100016")
    Certification.objects.create(enterprise=a, type=SE, number="제2019-010호", valid_from=D(2019, 3, 1))
    b = EnterpriseFactory(name="(주)나무그늘", business_no="1018100020")
    Certification.objects.create(
        enterprise=b, type=EnterpriseType.PRE_SOCIAL_ENTERPRISE, valid_from=D(2022, 1, 1), valid_to=D(2024, 12, 31)
    )
    c = EnterpriseFactory(name="다온", business_no="1018100035")
    Certification.objects.create(enterprise=c, type=SE, number="2020-5", valid_from=D(2020, 5, 1))
    d = EnterpriseFactory(name="라온 협동조합", business_no="1018100049")
    Certification.objects.create(enterprise=d, type=SE, number="제2018-077호", valid_from=D(2018, 7, 1))
    return {"a": a, "b": b, "c": c, "d": d}


def test_the_xlsx_list_proposes_new_changes_ends_and_doubts_and_changes_nothing_by_itself(registry):
    content = xlsx(
        [
            line("제2019-010호", "가나 사회적협동조합", "101-81-00016", "2019-03-01"),
            line("제2025-101호", "주식회사 나무그늘", "1018100020", "2025-02-01"),
            line("제2020-005호", "다온", "1018100035", "2020-06-01"),
            line("제2026-007호", "마중물 관악", "101-81-00054", "2026-01-15"),  # 관내, not registered → new
            line("제2026-008호", "바다", "1018100068", "2026-01-15", address="부산광역시 중구 1"),  # 관외 → nothing
            line("제2026-009호", "사잇길", "1018100099", "2026-01-15"),  # bad check digit → doubt
        ]
    )
    before = sorted(Certification.objects.values_list("pk", "number", "valid_from", "valid_to"))
    parsed = registry_check.read_list_file(content, "261130_사회적기업_인증현황.xlsx")
    assert parsed.list_date == D(2026, 11, 30) and len(parsed.rows) == 6
    check = registry_check.check_list(parsed=parsed, filename="261130_사회적기업_인증현황.xlsx")

    by_action = {}
    for proposal in check.proposals.all():
        by_action.setdefault(proposal.action, []).append(proposal)
    assert {p.enterprise for p in by_action[ProposalAction.NEW] if p.enterprise} == {registry["b"]}
    assert [p.name for p in by_action[ProposalAction.NEW] if p.enterprise is None] == ["마중물 관악"]
    [change] = by_action[ProposalAction.CHANGE]
    assert change.enterprise == registry["c"]
    assert "2020.05.01 → 2020.06.01" in change.reason and "2020-5 → 제2020-005호" not in change.reason
    [end] = by_action[ProposalAction.END]
    assert end.enterprise == registry["d"] and "2026.11.30" in end.reason
    [doubt] = by_action[ProposalAction.UNCERTAIN]
    assert doubt.name == "사잇길" and "사업자등록번호" in doubt.reason
    assert check.summary["matched"] == 3 and check.summary["outside"] == 1
    # Proposals only: the registry is as it was.
    assert sorted(Certification.objects.values_list("pk", "number", "valid_from", "valid_to")) == before
    assert not Enterprise.objects.filter(name="마중물 관악").exists()


def test_staff_apply_each_proposal_audited_and_the_ledger_follows(client, center_staff, registry):
    purchase = PurchaseRecordFactory(
        institution=InstitutionFactory(), supplier_business_no=registry["b"].business_no, contract_date=D(2025, 6, 1)
    )
    content = xlsx(
        [
            line("제2019-010호", "가나 사회적협동조합", "1018100016", "2019-03-01"),
            line("제2025-101호", "나무그늘", "1018100020", "2025-02-01"),
            line("제2020-005호", "다온", "1018100035", "2020-06-01"),
            line("제2026-007호", "마중물 관악", "1018100054", "2026-01-15"),
        ]
    )
    client.force_login(center_staff)
    response = client.post(
        reverse("enterprises:list_checks"),
        {"file": SimpleUploadedFile("261130.xlsx", content), "complete": "on"},
    )
    assert response.status_code == 302
    proposals = {p.action + ":" + p.name: p for p in RegistryProposal.objects.all()}
    detail = client.get(response.url).content.decode()
    assert "나무그늘" in detail and "라온 협동조합" in detail

    decide = lambda p, **data: client.post(reverse("enterprises:proposal_decide", args=[p.pk]), data)  # noqa: E731
    decide(proposals["new:나무그늘"], decision="apply")
    certification = Certification.objects.get(enterprise=registry["b"], type=SE)
    assert (certification.number, certification.valid_from, certification.issuer) == (
        "제2025-101호",
        D(2025, 2, 1),
        "고용노동부",
    )
    purchase.refresh_from_db()
    assert SE in purchase.held_types  # the ledger heard certifications_changed

    decide(proposals["change:다온"], decision="apply")
    changed = Certification.objects.get(enterprise=registry["c"], type=SE)
    assert (changed.number, changed.valid_from) == ("제2020-005호", D(2020, 6, 1))
    event = AuditEvent.objects.filter(action="enterprises.certification.from_list", object_id=str(changed.pk)).get()
    assert event.before["valid_from"] == "2020-05-01" and event.after["valid_from"] == "2020-06-01"
    assert event.actor == center_staff

    end = proposals["end:라온 협동조합"]
    decide(end, decision="apply")  # no date: refused, nothing written
    end.refresh_from_db()
    assert end.status == ProposalStatus.PENDING
    decide(end, decision="apply", end_date="2026-10-31")
    assert Certification.objects.get(enterprise=registry["d"]).valid_to == D(2026, 10, 31)

    decide(proposals["new:마중물 관악"], decision="dismiss", note="관외 이전 확인")
    assert not Enterprise.objects.filter(name="마중물 관악").exists()
    assert RegistryProposal.objects.get(name="마중물 관악").status == ProposalStatus.DISMISSED
    # A decided proposal is not decided twice.
    decide(proposals["change:다온"], decision="apply")
    assert AuditEvent.objects.filter(action="enterprises.certification.from_list").count() == 3


def test_the_api_list_matches_on_number_and_name_and_lists_the_doubtful(registry, settings):
    items = [
        {
            "entNmV": "가나 사회적협동조합",
            "certiNumV": "제2019-010호",
            "certiIssuD": "2019-03-01",
            "addr": "08826 서울특별시 관악구 관악로 1",
        },
        {
            "entNmV": "다온(주)",
            "certiNumV": "제2020-005호",
            "certiIssuD": "2020-05-01",
            "addr": "08826 서울특별시 관악구 2",
        },
        {
            "entNmV": "라온 협동조합",
            "certiNumV": "제2024-300호",
            "certiIssuD": "2018-07-01",
            "addr": "08826 서울특별시 관악구 3",
        },
        {
            "entNmV": "엉뚱한 이름",
            "certiNumV": "제2020-005호",
            "certiIssuD": "2020-05-01",
            "addr": "서울특별시 종로구 1",
        },
    ] + [
        {"entNmV": f"타지역 {i}", "certiNumV": f"제2021-{i:03d}호", "certiIssuD": "2021-01-01", "addr": "부산광역시 1"}
        for i in range(1, 1200)
    ]
    settings.DATA_GO_KR_SERVICE_KEY = KEY
    with FakeOdcloud() as fake:
        fake.list_items = items
        settings.ODCLOUD_URL = fake.url
        check = registry_check.fetch_and_check()
    assert len([r for r in fake.requests if r[0].endswith("authCompanyList")]) == 2  # 1,203 rows, pages of 1,000
    assert check.rows == 1203 and check.list_date == D(2026, 11, 30)
    proposals = list(check.proposals.all())
    actions = {(p.action, p.enterprise.name if p.enterprise else p.name) for p in proposals}
    # 가나 matched on number and name; 다온 too (legal form ignored), with no difference.
    assert (ProposalAction.UNCERTAIN, "라온 협동조합") in actions  # name matches, number does not
    assert (ProposalAction.UNCERTAIN, "다온") in actions  # number matches another name
    assert (ProposalAction.END, "라온 협동조합") not in actions  # in doubt, not proposed for an end
    assert {a for a, _ in actions} == {ProposalAction.UNCERTAIN}
    assert check.summary["matched"] == 2 and check.summary["outside"] == 1199


def test_a_bad_key_or_an_unreadable_file_writes_nothing(registry, settings, tmp_path):
    settings.DATA_GO_KR_SERVICE_KEY = "wrong"
    with FakeOdcloud() as fake:
        settings.ODCLOUD_URL = fake.url
        with pytest.raises(Exception, match="서비스키"):
            call_command("check_social_enterprise_list")
    bad = tmp_path / "list.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(Exception):  # noqa: B017 - any Korean CommandError
        call_command("check_social_enterprise_list", str(bad))
    no_columns = tmp_path / "list.csv"
    no_columns.write_text("기관명,대표자\n가나,홍길동\n", encoding="utf-8")
    with pytest.raises(Exception, match="사업자등록번호"):
        call_command("check_social_enterprise_list", str(no_columns))
    assert not RegistryProposal.objects.exists()


def test_the_command_reads_a_saved_api_answer_and_a_partial_list_proposes_no_end(registry, tmp_path, capsys):
    answer = {
        "currentCount": 1,
        "data": [
            {
                "entNmV": "가나 사회적협동조합",
                "certiNumV": "제2019-010호",
                "certiIssuD": "2019-03-01",
                "baseD": "2026-11-30",
            }
        ],
        "matchCount": 1,
        "page": 1,
        "perPage": 10,
        "totalCount": 1,
    }
    path = tmp_path / "answer.json"
    path.write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
    call_command("check_social_enterprise_list", str(path), "--partial", "--json")
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"] == 1 and summary["matched"] == 1 and "end" not in summary
    call_command("check_social_enterprise_list", str(path), "--json")
    summary = json.loads(capsys.readouterr().out)
    assert summary["end"] == 2  # 다온 and 라온 are certified in the registry, absent from this (complete) list


def test_only_staff_open_the_list_pages(client, center_staff, enterprise_member, buyer, registry):
    check = registry_check.check_list(parsed=registry_check.read_list_file(xlsx([]), "x.xlsx"))
    proposal = check.proposals.first()
    for user, allowed in ((center_staff, True), (enterprise_member, False), (buyer, False)):
        client.force_login(user)
        assert (client.get(reverse("enterprises:list_checks")).status_code == 200) == allowed
        assert (client.get(reverse("enterprises:list_check_detail", args=[check.pk])).status_code == 200) == allowed
        response = client.post(reverse("enterprises:proposal_decide", args=[proposal.pk]), {"decision": "dismiss"})
        assert (response.status_code == 302) == allowed
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DISMISSED and proposal.decided_by == center_staff
