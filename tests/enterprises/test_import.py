import datetime
import io
import json

import openpyxl
import pytest
from django.core.management import call_command

from procure.core.business_no import business_no_check_digit
from procure.core.models import AuditEvent
from procure.enterprises.models import Certification, Enterprise, EnterpriseType
from procure.enterprises.selectors import enterprise_type_on
from tests.shared_data import shared_data

HEADER = [
    "기업명",
    "사업자등록번호",
    "기업유형",
    "인증번호",
    "인증일자",
    "만료일자",
    "소재지",
    "주생산품",
    "전화",
    "홈페이지",
]
TYPES = ["인증사회적기업", "예비사회적기업", "사회적협동조합", "협동조합", "마을기업", "자활기업"]


def business_no(n: int) -> str:
    nine = f"99960{n:04d}"
    digits = nine + str(business_no_check_digit(nine))
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def thirty_enterprises() -> list[list[str]]:
    """30 enterprises, 36 periods: six went from 예비사회적기업 to 인증사회적기업."""
    rows = []
    for n in range(1, 31):
        name = f"관악시험기업{n:02d} 협동조합"
        if n <= 6:
            rows.append(
                [
                    name,
                    business_no(n),
                    "예비사회적기업",
                    f"예비-{n}",
                    "2021-03-01",
                    "2023-06-30",
                    "서울특별시 관악구 관악로 1",
                    "도시락",
                    "02-000-0000",
                    "",
                ]
            )
            rows.append(
                [
                    name,
                    business_no(n),
                    "인증사회적기업",
                    f"제2023-{n:03d}호",
                    "2023.07.01",
                    "",
                    "서울특별시 관악구 관악로 1",
                    "도시락",
                    "02-000-0000",
                    "www.example.org",
                ]
            )
        else:
            rows.append(
                [name, business_no(n), TYPES[n % 6], "", "20200101", "", "서울특별시 관악구 신림로 2", "청소", "", ""]
            )
    return rows


def as_csv(rows, encoding="utf-8", header=HEADER) -> bytes:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def run(tmp_path, data: bytes, suffix=".csv"):
    path = tmp_path / f"enterprises{suffix}"
    path.write_bytes(data)
    out = io.StringIO()
    try:
        call_command("import_enterprises", str(path), "--json", stdout=out, stderr=io.StringIO())
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_thirty_enterprises_import_cleanly_and_reimport_unchanged(tmp_path, encoding):
    data = as_csv(thirty_enterprises(), encoding)
    code, first = run(tmp_path, data)
    assert code == 0
    assert first == {"rows": 36, "created": 36, "updated": 0, "unchanged": 0, "errors": []}
    assert Enterprise.objects.count() == 30
    assert Certification.objects.count() == 36
    code, again = run(tmp_path, data)
    assert again == {"rows": 36, "created": 0, "updated": 0, "unchanged": 36, "errors": []}


@pytest.mark.django_db
def test_type_on_a_date_follows_the_change_of_type(tmp_path):
    run(tmp_path, as_csv(thirty_enterprises()))
    enterprise = Enterprise.objects.get(business_no=business_no(1).replace("-", ""))
    assert enterprise_type_on(enterprise, datetime.date(2022, 1, 1)) == EnterpriseType.PRE_SOCIAL_ENTERPRISE
    assert enterprise_type_on(enterprise, datetime.date(2023, 6, 30)) == EnterpriseType.PRE_SOCIAL_ENTERPRISE
    assert enterprise_type_on(enterprise, datetime.date(2023, 7, 1)) == EnterpriseType.CERTIFIED_SOCIAL_ENTERPRISE
    assert enterprise_type_on(enterprise, datetime.date(2021, 2, 28)) is None
    assert enterprise.homepage == "http://www.example.org"


@pytest.mark.django_db
def test_xlsx_with_date_cells_imports_the_same(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in thirty_enterprises():
        row = list(row)
        row[4] = datetime.datetime.strptime(row[4].replace(".", "-").replace("20200101", "2020-01-01"), "%Y-%m-%d")
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    code, result = run(tmp_path, buffer.getvalue(), ".xlsx")
    assert code == 0
    assert result["created"] == 36


@pytest.mark.django_db
def test_a_bad_file_is_refused_whole_with_every_bad_row_named(tmp_path):
    rows = thirty_enterprises()
    good = rows[2][1]
    rows[2][1] = good[:-1] + str((int(good[-1]) + 1) % 10)  # wrong check digit → row 4
    rows[5][2] = "사회적 벤처"  # unknown type → row 7
    rows[9][4] = "2020-13-40"  # impossible date → row 11
    rows[12][0] = ""  # no name → row 14
    rows[20][5] = "2019-01-01"  # ends before it starts → row 22
    code, result = run(tmp_path, as_csv(rows))
    assert code == 1
    assert [(e["row"], e["column"]) for e in result["errors"]] == [
        (4, "사업자등록번호"),
        (7, "기업유형"),
        (11, "인증일자"),
        (14, "기업명"),
        (22, "만료일자"),
    ]
    assert all(e["message"] for e in result["errors"])
    assert Enterprise.objects.count() == 0
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_missing_required_column_is_named(tmp_path):
    code, result = run(tmp_path, as_csv([["가나다", business_no(1)]], header=["기업명", "사업자"]))
    assert code == 1
    assert result["errors"][0]["column"] == "사업자등록번호"


@pytest.mark.django_db
def test_changed_expiry_is_an_update_and_is_audited(tmp_path):
    rows = thirty_enterprises()
    run(tmp_path, as_csv(rows))
    rows[0][5] = "2023-05-31"
    code, result = run(tmp_path, as_csv(rows))
    assert (result["created"], result["updated"], result["unchanged"]) == (0, 1, 35)
    event = AuditEvent.objects.filter(action="enterprises.certification.imported", before__isnull=False).get()
    assert event.before["valid_to"] == "2023-06-30" and event.after["valid_to"] == "2023-05-31"


@pytest.mark.django_db
def test_official_social_enterprise_list_columns_are_understood(tmp_path):
    header = [
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
    row = [
        "서울",
        "제2012-045호",
        "관악공정무역 주식회사",
        "공정무역 커피",
        "일자리제공형",
        "기타",
        business_no(40),
        "홍길동",
        "서울특별시 관악구 남부순환로 1",
        "",
        "2012-12-01",
        "20",
    ]
    code, result = run(tmp_path, as_csv([row], header=header))
    assert code == 0, result
    certification = Certification.objects.get()
    assert certification.type == EnterpriseType.CERTIFIED_SOCIAL_ENTERPRISE
    assert certification.number == "제2012-045호"
    assert certification.enterprise.representative == "홍길동"


SHARED_PUBLIC = shared_data() / "public"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "expected_type"),
    [
        ("jahwal_sample_rows.tsv", EnterpriseType.SELF_SUFFICIENCY_ENTERPRISE),
        ("maeul_seoul_rows.tsv", EnterpriseType.VILLAGE_ENTERPRISE),
    ],
)
def test_rows_of_the_official_registers_keep_their_type(tmp_path, filename, expected_type):
    """Real register rows (공공데이터포털) with a 사업자등록번호 column added, as a district would merge them."""
    source = SHARED_PUBLIC / filename
    if not source.exists():
        pytest.skip("../shared/data/public is not available")
    lines = source.read_text(encoding="utf-8").splitlines()
    merged = [lines[0] + "\t사업자등록번호"] + [f"{line}\t{business_no(100 + i)}" for i, line in enumerate(lines[1:])]
    code, result = run(tmp_path, "\n".join(merged).encode("cp949", errors="replace"))
    assert code == 0, result["errors"][:3]
    assert result["created"] == len(lines) - 1
    assert set(Certification.objects.values_list("type", flat=True)) == {expected_type}


@pytest.mark.django_db
def test_a_register_without_registration_numbers_is_refused_naming_the_column(tmp_path):
    source = SHARED_PUBLIC / "maeul_seoul_rows.tsv"
    if not source.exists():
        pytest.skip("../shared/data/public is not available")
    code, result = run(tmp_path, source.read_bytes())
    assert code == 1
    assert result["errors"] == [
        {"row": 1, "column": "사업자등록번호", "message": "필수 열 ‘사업자등록번호’가 없습니다."}
    ]
