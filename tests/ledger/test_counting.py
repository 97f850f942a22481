"""performance_report equals an independent computation, to the won, under both regimes."""

import datetime
import io
import json
import random

import pytest
from django.core.management import call_command

from procure.core.business_no import business_no_check_digit
from procure.ledger.models import LedgerBatch, PurchaseRecord, Rollup

D = datetime.date


def bno(n: int) -> str:
    nine = f"99950{n:04d}"
    return nine + str(business_no_check_digit(nine))


# The test's own record of who held what when (not read back from the application).
PERIODS = {
    bno(1): [("예비사회적기업", D(2023, 1, 1), D(2024, 6, 30)), ("인증사회적기업", D(2024, 7, 1), None)],
    bno(2): [("마을기업", D(2021, 5, 1), D(2024, 4, 30))],
    bno(3): [("협동조합", D(2024, 9, 15), None)],
    bno(4): [("인증사회적기업", D(2019, 1, 1), None), ("자활기업", D(2022, 1, 1), None)],
    bno(5): [("사회적협동조합", None, D(2024, 2, 29))],
}
ORDINARY = [bno(90), bno(91)]
PRECEDENCE = ["인증사회적기업", "예비사회적기업", "사회적협동조합", "마을기업", "자활기업", "협동조합"]
KINDS = ["물품", "용역", "공사"]
UNITS = [("관악구청", "총무과"), ("관악구청", "일자리정책과"), ("관악구청", ""), ("관악문화재단", "문화사업팀")]


def held_on(business_no, day):
    return {
        t
        for t, start, end in PERIODS.get(business_no, [])
        if (start is None or start <= day) and (end is None or day <= end)
    }


def enterprises_csv() -> bytes:
    lines = ["기업명,사업자등록번호,기업유형,인증일자,만료일자"]
    for n, (number, periods) in enumerate(PERIODS.items()):
        for type_, start, end in periods:
            lines.append(f"시험기업{n},{number},{type_},{start or ''},{end or ''}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def ledger_rows(seed=7, count=160):
    rng = random.Random(seed)
    suppliers = list(PERIODS) + ORDINARY
    rows = []
    for i in range(count):
        year = 2024 if i % 8 else 2023
        day = D(year, 1, 1) + datetime.timedelta(days=rng.randrange(366 if year == 2024 else 365))
        institution, department = rng.choice(UNITS)
        supplier = rng.choice(suppliers)
        rows.append(
            {
                "기관명": institution,
                "부서명": department,
                "계약일자": day.strftime(rng.choice(["%Y-%m-%d", "%Y.%m.%d", "%Y%m%d"])),
                "계약명": f"시험 계약 {i}",
                "구분": rng.choice(KINDS),
                "계약방법": "수의1인견적",
                "계약금액": f"{rng.randrange(10_000, 90_000_000):,}",
                "업체명": f"업체{supplier[-3:]}",
                "사업자등록번호": f"{supplier[:3]}-{supplier[3:5]}-{supplier[5:]}",
            }
        )
    return rows


def to_csv(rows, encoding="cp949") -> bytes:
    header = list(rows[0])
    lines = [",".join(header)] + [",".join(f'"{r[h]}"' for h in header) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def command(*args):
    out = io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=io.StringIO())
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


def independent(rows, year, counted):
    result = {}
    for row in rows:
        day = datetime.datetime.strptime(
            row["계약일자"].replace(".", "-")
            if "-" in row["계약일자"] or "." in row["계약일자"]
            else f"{row['계약일자'][:4]}-{row['계약일자'][4:6]}-{row['계약일자'][6:]}",
            "%Y-%m-%d",
        ).date()
        if day.year != year:
            continue
        amount = int(row["계약금액"].replace(",", ""))
        unit = result.setdefault(
            row["기관명"],
            {
                "total": 0,
                "se": 0,
                "by_type": dict.fromkeys(PRECEDENCE, 0),
                "months": [[0, 0] for _ in range(12)],
                "departments": {},
            },
        )
        department = unit["departments"].setdefault(row["부서명"] or "(부서 미지정)", [0, 0])
        types = [t for t in PRECEDENCE if t in held_on(row["사업자등록번호"].replace("-", ""), day) and t in counted]
        unit["total"] += amount
        unit["months"][day.month - 1][0] += amount
        department[0] += amount
        if types:
            unit["se"] += amount
            unit["by_type"][types[0]] += amount
            unit["months"][day.month - 1][1] += amount
            department[1] += amount
    return result


def assert_report_matches(report, expected):
    assert [i["institution"] for i in report["institutions"]] == sorted(expected)
    for item in report["institutions"]:
        mine = expected[item["institution"]]
        assert item["total_amount"] == mine["total"]
        assert item["se_amount"] == mine["se"]
        assert item["se_ratio"] == pytest.approx(mine["se"] / mine["total"])
        assert item["by_type"] == {
            t: mine["by_type"][t]
            for t in ["인증사회적기업", "예비사회적기업", "사회적협동조합", "협동조합", "마을기업", "자활기업"]
        }
        assert item["by_month"] == [
            {"month": m + 1, "total_amount": t, "se_amount": s} for m, (t, s) in enumerate(mine["months"])
        ]
        assert {d["department"]: [d["total_amount"], d["se_amount"]] for d in item["by_department"]} == mine[
            "departments"
        ]


@pytest.fixture
def imported(tmp_path):
    (tmp_path / "enterprises.csv").write_bytes(enterprises_csv())
    assert command("import_enterprises", str(tmp_path / "enterprises.csv"), "--json")[0] == 0
    rows = ledger_rows()
    (tmp_path / "ledger.csv").write_bytes(to_csv(rows))
    code, result = command("import_ledger", str(tmp_path / "ledger.csv"), "--json")
    assert code == 0, result["errors"][:3]
    return rows, tmp_path / "ledger.csv"


@pytest.mark.django_db
@pytest.mark.parametrize(("regime", "counted"), [("district", set(PRECEDENCE)), ("national", {"인증사회적기업"})])
def test_report_equals_an_independent_computation(imported, regime, counted):
    rows, _ = imported
    code, report = command("performance_report", "--year", "2024", "--regime", regime, "--json")
    assert report["year"] == 2024 and report["regime"] == regime
    assert_report_matches(report, independent(rows, 2024, counted))


@pytest.mark.django_db
def test_reimport_changes_nothing(imported):
    rows, path = imported
    before = sorted(PurchaseRecord.objects.values_list("identity", "amount", "held_types"))
    rollups = sorted(
        Rollup.objects.values_list("year", "month", "institution_id", "department_id", "held_types", "amount"), key=repr
    )
    code, result = command("import_ledger", str(path), "--json")
    counts = {key: result[key] for key in ("rows", "created", "updated", "unchanged", "errors")}
    assert counts == {"rows": len(rows), "created": 0, "updated": 0, "unchanged": len(rows), "errors": []}
    assert result["preview"]["lines"] == len(rows)  # the preview of what the import did comes with it
    assert sorted(PurchaseRecord.objects.values_list("identity", "amount", "held_types")) == before
    assert (
        sorted(
            Rollup.objects.values_list("year", "month", "institution_id", "department_id", "held_types", "amount"),
            key=repr,
        )
        == rollups
    )


@pytest.mark.django_db
def test_a_corrected_amount_is_an_update_and_undo_restores_it(imported, tmp_path):
    rows, _ = imported
    original = PurchaseRecord.objects.filter(title="시험 계약 5").get().amount
    assert original != 1_234_567
    rows[5]["계약금액"] = "1,234,567원"
    (tmp_path / "fixed.csv").write_bytes(to_csv(rows))
    code, result = command("import_ledger", str(tmp_path / "fixed.csv"), "--json")
    assert (result["created"], result["updated"]) == (0, 1)
    assert PurchaseRecord.objects.filter(title="시험 계약 5").get().amount == 1_234_567
    from procure.ledger.services import batch_undo

    batch_undo(actor=None, batch=LedgerBatch.objects.order_by("-pk").first(), reason="금액을 잘못 고침")
    assert PurchaseRecord.objects.filter(title="시험 계약 5").get().amount == original


@pytest.mark.django_db
def test_a_file_with_bad_rows_is_refused_whole(tmp_path):
    rows = ledger_rows(count=30)
    rows[2]["계약금액"] = "-5,000"
    rows[4]["계약일자"] = "2024-02-30"
    rows[9]["구분"] = "임대"
    rows[11]["사업자등록번호"] = "123-45-6789"
    rows[20]["계약명"] = ""
    (tmp_path / "bad.csv").write_bytes(to_csv(rows))
    code, result = command("import_ledger", str(tmp_path / "bad.csv"), "--json")
    assert code == 1
    assert [(e["row"], e["column"]) for e in result["errors"]] == [
        (4, "계약금액"),
        (6, "계약일자"),
        (11, "구분"),
        (13, "사업자등록번호"),
        (22, "계약명"),
    ]
    assert result["created"] == 0
    assert not PurchaseRecord.objects.exists() and not Rollup.objects.exists() and not LedgerBatch.objects.exists()


@pytest.mark.django_db
def test_a_certification_approved_later_recounts_past_purchases(imported, enterprise_member, center_staff):
    from procure.enterprises.models import Certification, CertificationStatus, Enterprise, EnterpriseType
    from procure.enterprises.services import certification_review

    rows, _ = imported
    code, before = command("performance_report", "--year", "2024", "--json")
    ordinary = ORDINARY[0]
    enterprise = Enterprise.objects.create(name="뒤늦게 인증", business_no=ordinary)
    pending = Certification.objects.create(
        enterprise=enterprise,
        type=EnterpriseType.VILLAGE_ENTERPRISE,
        valid_from=D(2024, 1, 1),
        status=CertificationStatus.PENDING,
    )
    certification_review(actor=center_staff, certification=pending, approve=True)
    PERIODS[ordinary] = [("마을기업", D(2024, 1, 1), None)]
    try:
        code, after = command("performance_report", "--year", "2024", "--json")
        assert_report_matches(after, independent(rows, 2024, set(PRECEDENCE)))
        assert sum(i["se_amount"] for i in after["institutions"]) > sum(i["se_amount"] for i in before["institutions"])
    finally:
        del PERIODS[ordinary]
