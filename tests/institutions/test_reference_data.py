"""import_institutions and the merging of spacing twins (issue 11)."""

import io
import json
import tempfile

import pytest
from django.core.management import call_command

from procure.core.models import AuditEvent
from procure.institutions.models import Department, DepartmentAlias, Institution
from procure.institutions.services import departments_merge_twins
from procure.ledger.models import PurchaseRecord, Rollup
from procure.ledger.services import rollups_rebuild
from tests.factories import PurchaseRecordFactory

pytestmark = pytest.mark.django_db

FILE = (
    "기관명,기관유형,부서명\n관악구청,구청,총무과\n관악구청,구청,신림동 주민센터\n"
    "관악구의회,구의회,\n관악문화재단,재단,문화사업팀\n"
)


def run(text: str, *args):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as handle:
        handle.write(text)
    out = io.StringIO()
    try:
        call_command("import_institutions", handle.name, "--json", *args, stdout=out, stderr=io.StringIO())
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


def test_institutions_and_departments_are_declared_once():
    code, result = run(FILE)
    assert code == 0 and (result["rows"], result["created"], result["errors"]) == (4, 4, [])
    assert Institution.objects.get(name="관악문화재단").kind == "cultural_foundation"
    assert Institution.objects.get(name="관악구의회").departments.count() == 0
    assert set(Department.objects.values_list("name", flat=True)) == {"총무과", "신림동 주민센터", "문화사업팀"}
    code, again = run(FILE.replace("신림동 주민센터", "신림동주민센터"))  # a spacing variant is the same department
    assert code == 0 and (again["created"], again["unchanged"]) == (0, 4)
    assert Department.objects.count() == 3
    assert AuditEvent.objects.filter(action="institutions.department.imported").count() == 3


def test_a_bad_file_changes_nothing_and_names_its_rows():
    code, result = run("기관명,기관유형,부서명\n관악구청,구청,총무과\n관악구청,공공기관,재무과\n,기타,\n")
    assert code == 1 and not Institution.objects.exists()
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(3, "기관유형"), (4, "기관명")]


def test_spacing_twins_are_merged_with_their_purchases_and_figures():
    office = Institution.objects.create(name="관악구청", kind="district_office")
    first = Department.objects.create(institution=office, name="신림동주민센터")
    twin = Department.objects.create(institution=office, name="신림동 주민센터")
    PurchaseRecordFactory(department=first, amount=1_000)
    PurchaseRecordFactory(department=twin, amount=2_000)
    rollups_rebuild()
    merged = departments_merge_twins(actor=None)
    assert merged == [("신림동주민센터", ["신림동 주민센터"])]
    assert list(Department.objects.values_list("name", flat=True)) == ["신림동주민센터"]
    assert set(PurchaseRecord.objects.values_list("department_id", flat=True)) == {first.pk}
    assert sum(Rollup.objects.filter(department=first).values_list("amount", flat=True)) == 3_000
    assert DepartmentAlias.objects.filter(department=first).count() == 0  # the key already matches; no alias needed
