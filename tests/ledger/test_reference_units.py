"""Institutions and departments are reference data: a ledger never invents them (issue 11)."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from procure.core.imports import run_import
from procure.core.models import ImportJob, ImportJobStatus
from procure.institutions.models import Department, DepartmentAlias, Institution
from procure.ledger.imports import LedgerImporter
from procure.ledger.models import LedgerBatch, PurchaseRecord
from procure.ledger.services import batch_undo
from tests.ledger.test_counting import ledger_rows, to_csv

pytestmark = pytest.mark.django_db


def rows_with(institution="관악구청", department="총무과", count=3):
    rows = ledger_rows(seed=5, count=count)
    for row in rows:
        row["기관명"], row["부서명"] = institution, department
    return rows


def command(*args):
    out = io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=io.StringIO())
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


def test_an_unknown_institution_is_refused_with_the_row_and_the_nearest_names():
    rows = rows_with()
    rows[1]["기관명"] = "관악구쳥"  # a slip of the key
    result = run_import(LedgerImporter(), to_csv(rows))
    assert not result.ok and not PurchaseRecord.objects.exists()
    error = result.errors[0]
    assert (error["row"], error["column"]) == (3, "기관명")
    assert "등록된 기관이 아닙니다" in error["message"] and "관악구청" in error["message"]
    assert not Institution.objects.filter(name="관악구쳥").exists()


def test_an_invented_institution_never_reaches_the_public_disclosure(client):
    rows = rows_with(institution="없는기관")
    code, result = command("import_ledger", _file(rows), "--json")
    assert code == 1 and result["errors"]
    assert "없는기관" not in client.get(reverse("disclosure:index")).content.decode()


def _file(rows) -> str:
    import tempfile

    with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as handle:
        handle.write(to_csv(rows))
    return handle.name


def test_spacing_twins_are_one_department():
    Department.objects.create(institution=Institution.objects.get(name="관악구청"), name="신림동주민센터")
    result = run_import(LedgerImporter(), to_csv(rows_with(department="신림동 주민센터")))
    assert result.ok, result.errors
    assert Department.objects.filter(name__contains="신림동").count() == 1
    assert set(PurchaseRecord.objects.values_list("department__name", flat=True)) == {"신림동주민센터"}


def test_an_unknown_department_is_refused_unless_created_on_purpose_and_undo_takes_it_back():
    rows = rows_with(department="미래전략팀")
    code, result = command("import_ledger", _file(rows), "--json")
    assert code == 1 and result["errors"][0]["column"] == "부서명"
    assert result["preview"]["unknown_departments"][0]["name"] == "미래전략팀"
    assert not Department.objects.filter(name="미래전략팀").exists()

    code, result = command("import_ledger", _file(rows), "--json", "--create-departments")
    assert code == 0 and result["created"] == len(rows)
    assert result["preview"]["departments_to_create"] == ["관악구청 미래전략팀"]
    department = Department.objects.get(name="미래전략팀")
    assert PurchaseRecord.objects.filter(department=department).count() == len(rows)

    batch_undo(actor=None, batch=LedgerBatch.objects.get(), reason="부서명을 잘못 적음")  # a first load: emptied
    assert not PurchaseRecord.objects.exists() and not Department.objects.filter(name="미래전략팀").exists()


def test_the_preview_maps_an_unknown_department_and_saves_the_alias(
    client, center_staff, django_capture_on_commit_callbacks
):
    client.force_login(center_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("site:import_upload", args=["ledger"]),
            {"file": SimpleUploadedFile("l.csv", to_csv(rows_with(department="총무 과 (본청)")))},
        )
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.REFUSED
    page = client.get(reverse("site:import_job", args=[job.pk])).content.decode()
    assert "등록된 기관에 없는 부서명" in page and "총무 과 (본청)" in page
    form = client.get(reverse("site:import_job_units", args=[job.pk])).content.decode()
    assert "기존 부서: 총무과" in form
    general_affairs = Department.objects.get(name="총무과")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_job_units", args=[job.pk]), {"unit_0": str(general_affairs.pk)})
    job.refresh_from_db()
    assert job.status == ImportJobStatus.CHECKED, job.preview
    assert job.preview["preview"]["departments_mapped"] == [{"name": "총무 과 (본청)", "to": "총무과"}]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_job_confirm", args=[job.pk]))
    assert set(PurchaseRecord.objects.values_list("department_id", flat=True)) == {general_affairs.pk}
    assert DepartmentAlias.objects.filter(department=general_affairs, name="총무 과 (본청)").exists()
    # The next file with that name needs no decision.
    assert run_import(LedgerImporter(), to_csv(rows_with(department="총무 과 (본청)")), dry_run=True).ok


def test_the_preview_tells_how_much_goes_to_registered_suppliers(client):
    rows = rows_with(count=6)
    result = run_import(LedgerImporter(), to_csv(rows), dry_run=True)
    preview = result.details
    assert preview["lines"] == 6 and preview["amount"] == sum(int(r["계약금액"].replace(",", "")) for r in rows)
    assert preview["registered_lines"] == 0  # no enterprise is registered in this test
    assert (
        preview["largest_unmatched"]
        and preview["largest_unmatched"][0]["amount"] >= preview["largest_unmatched"][-1]["amount"]
    )
    assert preview["by_institution_year"][0]["institution"] == "관악구청"
    assert len(preview["samples"]) == 5
