"""OCDS 1.1 publication, validated offline against the official 1.1.5 schema in ../shared/data/ocds (the schema
files are registered under their own ids; nothing is fetched)."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from procure.api.ocds import package, package_chunks
from procure.ledger.models import PurchaseRecord
from tests.ledger.test_counting import enterprises_csv, ledger_rows, to_csv
from tests.shared_data import shared_data

SCHEMA = shared_data() / "ocds" / "schema-1.1.5"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("declared_units")]


def validator() -> Draft4Validator:
    if not SCHEMA.exists():
        pytest.skip("../shared/data/ocds is not available")
    registry = Registry()
    for name in ("release-package-schema.json", "release-schema.json"):
        contents = json.loads((SCHEMA / name).read_text(encoding="utf-8"))
        registry = registry.with_resource(
            contents["id"], Resource.from_contents(contents, default_specification=DRAFT4)
        )
    package_schema = json.loads((SCHEMA / "release-package-schema.json").read_text(encoding="utf-8"))
    return Draft4Validator(package_schema, registry=registry, format_checker=FormatChecker())


def errors_of(document) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(document)][:10]


def import_ledger(tmp_path, rows) -> None:
    enterprises = tmp_path / "enterprises.csv"
    enterprises.write_bytes(enterprises_csv())
    call_command("import_enterprises", str(enterprises), stdout=io.StringIO())
    ledger = tmp_path / "ledger.csv"
    ledger.write_bytes(to_csv(rows, encoding="cp949"))
    call_command("import_ledger", str(ledger), stdout=io.StringIO())


def test_an_1800_line_cp949_ledger_exports_valid_ocds_with_one_release_per_line(tmp_path):
    import_ledger(tmp_path, ledger_rows(seed=11, count=1800))
    for year in (2023, 2024):
        document = package(year)
        assert errors_of(document) == []
        lines = PurchaseRecord.objects.filter(contract_date__year=year).count()
        assert len(document["releases"]) == lines > 100
        assert len({r["ocid"] for r in document["releases"]}) == lines


def test_a_release_says_who_bought_from_whom_how_and_for_how_much(tmp_path):
    import_ledger(tmp_path, ledger_rows(seed=3, count=40))
    record = PurchaseRecord.objects.filter(contract_date__year=2024).exclude(held_types="").first()
    release = next(r for r in package(2024)["releases"] if r["contracts"][0]["value"]["amount"] == record.amount)
    buyer, supplier = release["parties"]
    assert buyer["name"] == record.institution.name and buyer["roles"] == ["buyer", "procuringEntity"]
    assert supplier["identifier"] == {
        "scheme": "KR-BRN",
        "id": record.supplier_business_no,
        "legalName": record.supplier_name,
    }
    assert supplier["details"]["socialEconomyEnterprise"] is True and supplier["details"]["socialEconomyTypes"]
    assert release["tender"]["procurementMethod"] == "direct"
    assert release["tender"]["procurementMethodDetails"] == "수의계약 (1인 견적)"
    assert release["awards"][0]["value"] == {"amount": record.amount, "currency": "KRW"}
    assert release["date"].startswith(record.contract_date.isoformat()) and release["date"].endswith("+09:00")


def test_re_export_is_byte_identical_but_for_the_package_date(tmp_path):
    import_ledger(tmp_path, ledger_rows(seed=5, count=60))
    first = "".join(package_chunks(2024, published=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)))
    again = "".join(package_chunks(2024, published=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)))
    later = "".join(package_chunks(2024, published=datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC)))
    assert first == again
    assert first.replace("2025-01-01T09:00:00+09:00", "X") == later.replace("2025-02-01T09:00:00+09:00", "X")


def test_ocids_survive_a_re_import(tmp_path):
    rows = ledger_rows(seed=9, count=30)
    import_ledger(tmp_path, rows)
    before = {r["ocid"] for r in package(2024)["releases"]}
    import_ledger(tmp_path, rows)
    assert {r["ocid"] for r in package(2024)["releases"]} == before


def test_the_command_prints_the_package(tmp_path):
    import_ledger(tmp_path, ledger_rows(seed=2, count=20))
    out = io.StringIO()
    call_command("export_ocds", "--year", "2024", stdout=out)
    document = json.loads(out.getvalue())
    assert document["version"] == "1.1" and errors_of(document) == []


def test_the_public_download_streams_a_valid_package(client, tmp_path):
    import_ledger(tmp_path, ledger_rows(seed=4, count=20))
    response = client.get(reverse("opendata:ocds_year", args=[2024]))
    assert response["Content-Disposition"].startswith("attachment")
    assert errors_of(json.loads(b"".join(response.streaming_content))) == []
    assert client.get(reverse("opendata:ocds_year", args=[1999])).status_code == 404
    page = client.get(reverse("opendata:index")).content.decode()
    assert "공공누리 제1유형" in page and reverse("opendata:ocds_year", args=[2024]) in page


def test_the_demo_years_export_valid_ocds_with_platform_contracts():
    from django.utils import timezone

    from procure.buying.models import Contract

    call_command("seed_demo", "--quiet-personas", stdout=io.StringIO())
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        document = package(year)
        assert errors_of(document) == []
        unpaid = Contract.objects.filter(contract_date__year=year).exclude(status__in=["paid", "cancelled"]).count()
        lines = PurchaseRecord.objects.contracts().filter(contract_date__year=year).count()
        assert len({r["ocid"] for r in document["releases"]}) == lines + unpaid


def test_an_empty_year_has_no_package_and_the_command_says_so_in_korean():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="공개할 계약이 없습니다"):
        call_command("export_ocds", "--year", "2031", stdout=io.StringIO())


def test_payment_and_reversals_are_releases_of_their_own_with_the_current_state(tmp_path):
    from django.utils import timezone

    from procure.institutions.models import Department
    from procure.ledger import writer
    from procure.ledger.rules import Line
    from tests.factories import UserFactory

    import_ledger(tmp_path, ledger_rows(seed=2, count=5))
    department = Department.objects.get(institution__name="관악구청", name="총무과")
    staff = UserFactory()
    day = datetime.date(2024, 6, 3)

    def platform(title, amount):
        line = Line("관악구청", "총무과", day, title, "goods", "single_quote", amount, "업체", "2208162517", None)
        return writer.line_write(
            actor=staff, institution=department.institution, department=department, line=line, source="platform"
        )

    platform("지급만 한 계약", 1_000_000)
    refunded = platform("일부 환수한 계약", 2_000_000)
    rescinded = platform("해제한 계약", 3_000_000)
    writer.line_reverse(actor=staff, record=refunded, reason="단가 과다", amount=500_000)
    writer.line_reverse(actor=staff, record=rescinded, reason="계약 해제")
    document = package(2024)
    assert errors_of(document) == []
    by_title: dict = {}
    for item in document["releases"]:
        by_title.setdefault(item["tender"]["title"], []).append(item)
    assert all(len({r["id"] for r in items}) == len(items) for items in by_title.values())  # ids never repeat

    def compiled(title):  # the latest release carries the current state
        return max(by_title[title], key=lambda r: r["date"])["contracts"][0]

    assert [r["tag"] for r in by_title["지급만 한 계약"]] == [["contract"], ["contractTermination"]]
    assert by_title["지급만 한 계약"][0]["contracts"][0]["status"] == "active"  # the first release is not edited
    assert compiled("지급만 한 계약")["status"] == "terminated"
    assert compiled("일부 환수한 계약")["value"]["amount"] == 1_500_000
    assert compiled("일부 환수한 계약")["amendments"][0]["rationale"] == "단가 과다"
    assert compiled("해제한 계약")["status"] == "cancelled" and compiled("해제한 계약")["value"]["amount"] == 0
    assert len(by_title["해제한 계약"]) == 3 and timezone.now().year >= 2024


def test_the_buyer_is_identified_by_its_institution_code_when_it_has_one(tmp_path):
    import_ledger(tmp_path, ledger_rows(seed=3, count=40))
    record = PurchaseRecord.objects.filter(contract_date__year=2024).first()
    institution = record.institution
    institution.code = "3200000"
    institution.save(update_fields=["code"])
    releases = [r for r in package(2024)["releases"] if r["buyer"]["name"] == institution.name]
    assert releases and all(
        r["parties"][0]["identifier"] == {"scheme": "KR-ORGCD", "id": "3200000", "legalName": institution.name}
        for r in releases
    )
    others = [r for r in package(2024)["releases"] if r["buyer"]["name"] != institution.name]
    assert all("identifier" not in r["parties"][0] for r in others)  # no code, no made-up identifier
    assert errors_of(package(2024)) == []


def test_the_methods_g2b_publishes_are_released_as_ocds_methods(tmp_path):
    import_ledger(tmp_path, ledger_rows(seed=3, count=20))
    lines = list(PurchaseRecord.objects.filter(contract_date__year=2024)[:2])
    PurchaseRecord.objects.filter(pk=lines[0].pk).update(method="nominated")
    PurchaseRecord.objects.filter(pk=lines[1].pk).update(method="private")
    document = package(2024)
    methods = {
        (r["tender"]["procurementMethod"], r["tender"]["procurementMethodDetails"])
        for r in document["releases"]
        if r["contracts"][0]["value"]["amount"] in (lines[0].amount, lines[1].amount)
    }
    assert {("selective", "지명경쟁입찰"), ("direct", "수의계약 (견적 수 미공개)")} <= methods
    assert errors_of(document) == []
