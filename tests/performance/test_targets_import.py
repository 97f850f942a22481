import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procure.core.models import ImportJob, ImportJobStatus
from procure.performance.models import PurchasePlan, Target, TargetKind


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["연도", "기관명", "부서명", "목표금액", "목표비율", *[f"{m}월" for m in range(1, 13)]])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_targets_and_monthly_plans_import_from_xlsx(client, center_staff, buyer, django_capture_on_commit_callbacks):
    institution, department = buyer.institution.name, buyer.department.name
    data = workbook(
        [
            [2026, institution, "", None, "7.5", *[None] * 12],
            [2026, institution, department, "12,000,000", None, *[1_000_000] * 12],
        ]
    )
    client.force_login(center_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_upload", args=["targets"]), {"file": SimpleUploadedFile("t.xlsx", data)})
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.CHECKED, job.preview["errors"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_job_confirm", args=[job.pk]))
    institution_target = Target.objects.get(department=None)
    assert (institution_target.kind, institution_target.ratio_bp) == (TargetKind.RATIO, 750)
    assert Target.objects.get(department=buyer.department).amount == 12_000_000
    assert PurchasePlan.objects.filter(department=buyer.department).count() == 12


def test_an_unknown_department_and_a_bad_ratio_are_named(
    client, center_staff, buyer, django_capture_on_commit_callbacks
):
    data = workbook(
        [[2026, buyer.institution.name, "없는과", "1000", None], [2026, buyer.institution.name, "", None, "120"]]
    )
    client.force_login(center_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_upload", args=["targets"]), {"file": SimpleUploadedFile("t.xlsx", data)})
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.REFUSED
    assert [(e["row"], e["column"]) for e in job.preview["errors"]] == [(2, "부서명"), (3, "목표비율")]
    assert not Target.objects.exists()


def test_a_target_without_a_monthly_plan_is_spread_over_the_year_to_the_won(
    client, center_staff, buyer, django_capture_on_commit_callbacks
):
    """The statutory 구매계획 form's months add up to the target (56,000,000 once became 55,999,992)."""
    data = workbook(
        [
            [2026, buyer.institution.name, buyer.department.name, "56,000,000", None, *[None] * 12],
            [2026, buyer.institution.name, "", "13,000,000", None, *[None] * 12],
        ]
    )
    client.force_login(center_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_upload", args=["targets"]), {"file": SimpleUploadedFile("t.xlsx", data)})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_job_confirm", args=[ImportJob.objects.get().pk]))
    response = client.get(reverse("performance:statutory", args=[buyer.institution_id, "plan"]), {"year": 2026})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["구매계획"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    for name, target in [(buyer.department.name, 56_000_000), ("기관 전체", 13_000_000)]:
        months = rows[name][4:16]
        assert rows[name][2] == target and sum(months) == target and rows[name][16] == target
        assert max(months) - min(months) <= 1


def test_split_won_adds_up_for_any_amount():
    from procure.core.money import split_won

    for total in [0, 1, 11, 12, 13, 55_999_992, 56_000_000, 13_000_000, 10**14 + 7]:
        shares = split_won(total, 12)
        assert sum(shares) == total and max(shares) - min(shares) <= (1 if total else 0)


def check(client, center_staff, rows, capture, header=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header or ["연도", "기관명", "부서명", "목표금액", "목표비율", *[f"{m}월" for m in range(1, 13)]])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(center_staff)
    with capture(execute=True):
        client.post(
            reverse("site:import_upload", args=["targets"]), {"file": SimpleUploadedFile("t.xlsx", buffer.getvalue())}
        )
    return ImportJob.objects.latest("pk")


def test_months_that_do_not_add_up_to_the_target_are_refused_with_the_row_named(
    client, center_staff, buyer, django_capture_on_commit_callbacks
):
    """Issue 25: a 100,000,000 target whose months summed to 12,000,000 was accepted."""
    rows = [
        [2026, buyer.institution.name, buyer.department.name, "100,000,000", None, *[1_000_000] * 12],
        [2026, buyer.institution.name, "", "12,000,000", None, *[1_000_000] * 12],
    ]
    job = check(client, center_staff, rows, django_capture_on_commit_callbacks)
    assert job.status == ImportJobStatus.REFUSED
    assert [(e["row"], e["column"]) for e in job.preview["errors"]] == [(2, "월별 계획")]
    assert (
        "12,000,000원" in job.preview["errors"][0]["message"] and "-88,000,000원" in job.preview["errors"][0]["message"]
    )
    assert not Target.objects.exists()


def test_departments_over_their_institution_are_a_warning_and_a_ratio_plan_shows_its_amount(
    client, center_staff, buyer, django_capture_on_commit_callbacks
):
    header = ["연도", "기관명", "부서명", "목표금액", "목표비율", "기준총구매액"]
    rows = [
        [2026, buyer.institution.name, "", None, "5", "1,000,000,000"],  # 5% of a 10억 plan: 50,000,000
        [2026, buyer.institution.name, buyer.department.name, "60,000,000", None, None],
    ]
    job = check(client, center_staff, rows, django_capture_on_commit_callbacks, header=header)
    assert job.status == ImportJobStatus.CHECKED, job.preview["errors"]
    warnings = job.preview["preview"]["warnings"]
    assert len(warnings) == 1 and "60,000,000원" in warnings[0] and "50,000,000원" in warnings[0]
    page = client.get(reverse("site:import_job", args=[job.pk])).content.decode()
    assert "10,000,000원 많습니다" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("site:import_job_confirm", args=[job.pk]))
    institution_target = Target.objects.get(department=None)
    assert (institution_target.base_amount, institution_target.planned_amount) == (1_000_000_000, 50_000_000)
    response = client.get(reverse("performance:statutory", args=[buyer.institution_id, "plan"]), {"year": 2026})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["구매계획"]
    row = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}["기관 전체"]
    assert row[2] == 50_000_000 and sum(row[4:16]) == 50_000_000 and row[16] == 50_000_000
    assert row[17] == 1_000_000_000
