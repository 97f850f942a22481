"""Issue 25 §1: a year is 잠정 until the district closes it, and every page, export, API answer and the disclosure
says so the same way; "N월까지" names the last month with data; the disclosure offers its figures as xlsx/CSV."""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from procure.core.models import AuditEvent
from procure.ledger.services import rollups_rebuild
from procure.performance.selectors import data_month, year_status
from tests.factories import DepartmentFactory, PurchaseRecordFactory
from tests.performance.test_dashboards import YEAR
from tests.performance.test_dashboards import ledger as ledger  # noqa: PLC0414 — the fixture, reused

pytestmark = pytest.mark.django_db


def everywhere(client, staff, buyer) -> dict[str, str]:
    """What each place says about YEAR."""
    client.force_login(staff)
    said = {
        "overview": client.get(reverse("performance:overview"), {"year": YEAR}).content.decode(),
        "institution": client.get(
            reverse("performance:institution", args=[buyer.institution_id]), {"year": YEAR}
        ).content.decode(),
        "department": client.get(
            reverse("performance:department", args=[buyer.department_id]), {"year": YEAR}
        ).content.decode(),
    }
    response = client.get(reverse("performance:monitoring_report", args=["xlsx"]), {"year": YEAR})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["기관별"]
    said["xlsx"] = " ".join(str(c.value) for row in sheet.iter_rows(max_row=3) for c in row if c.value)
    client.logout()
    said["disclosure"] = client.get(reverse("disclosure:index")).content.decode()
    said["disclosure_detail"] = client.get(
        reverse("disclosure:detail", args=[YEAR, buyer.institution_id])
    ).content.decode()
    said["api"] = client.get(f"/api/performance/{YEAR}").json()["status"]
    out = io.StringIO()
    call_command("performance_report", "--year", str(YEAR), "--json", stdout=out)
    said["command"] = json.loads(out.getvalue())["status"]
    return said


def test_a_year_is_provisional_everywhere_until_the_district_closes_it(
    client, district_admin, center_staff, buyer, ledger
):
    said = everywhere(client, center_staff, buyer)
    assert all("잠정" in text for text in said.values()), {k for k, v in said.items() if "잠정" not in v}
    assert not any("실적 확정" in text for text in said.values())
    assert "3월까지 자료" in said["overview"]  # the ledger's last month, not the calendar's

    # Neither the center nor a buyer may close a year; the district may, once.
    for user in (center_staff, buyer):
        client.force_login(user)
        assert client.post(reverse("performance:year_closing", args=[YEAR]), {"action": "close"}).status_code == 403
    client.force_login(district_admin)
    client.post(reverse("performance:year_closing", args=[YEAR]), {"action": "close", "note": "결산 완료"})
    assert year_status(YEAR).closed
    said = everywhere(client, center_staff, buyer)
    assert all("확정" in text for text in said.values()), {k for k, v in said.items() if "확정" not in v}
    assert "연간 실적 확정" in said["institution"]
    event = AuditEvent.objects.get(action="performance.year.closed")
    assert event.actor == district_admin and event.after["closed"] is True

    # Reopening needs a reason; then it is 잠정 again, and audited.
    client.force_login(district_admin)
    response = client.post(reverse("performance:year_closing", args=[YEAR]), {"action": "reopen"}, follow=True)
    assert "사유를 적어 주세요" in response.content.decode() and year_status(YEAR).closed
    client.post(reverse("performance:year_closing", args=[YEAR]), {"action": "reopen", "note": "늦게 온 환수"})
    assert not year_status(YEAR).closed
    assert AuditEvent.objects.get(action="performance.year.reopened").after["reason"] == "늦게 온 환수"
    assert "잠정" in everywhere(client, center_staff, buyer)["api"]


def test_the_current_year_cannot_be_closed(client, district_admin):
    this_year = timezone.localdate().year
    client.force_login(district_admin)
    response = client.post(reverse("performance:year_closing", args=[this_year]), {"action": "close"}, follow=True)
    assert "아직 끝나지 않았습니다" in response.content.decode()
    assert not year_status(this_year).closed


def test_the_months_named_are_those_with_data(ledger):
    assert data_month(YEAR) == 3
    assert data_month(YEAR + 50) == 0
    assert data_month(YEAR, today=datetime.date(YEAR, 2, 1)) == 2  # never past today's month


def test_the_disclosure_offers_its_figures_as_xlsx_and_csv(client, buyer, ledger):
    response = client.get(reverse("disclosure:download", args=[YEAR, "xlsx"]))
    assert (
        response.status_code == 200
        and "잠정" in response["Content-Disposition"]
        or "%EC%9E%A0%EC%A0%95" in (response["Content-Disposition"])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["공시"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    mine = next(row for row in rows if row[0] == buyer.institution.name and row[1])
    assert 4_500_000 in mine and "잠정" in mine
    text = client.get(reverse("disclosure:download", args=[YEAR, "csv"])).content.decode("utf-8-sig")
    assert buyer.institution.name in text and any(
        "4500000" in cell.replace(",", "") for row in csv.reader(io.StringIO(text)) for cell in row
    )
    assert client.get(reverse("disclosure:download", args=[1999, "xlsx"])).status_code == 404
    page = client.get(reverse("disclosure:index")).content.decode()
    assert reverse("disclosure:download", args=[YEAR, "xlsx"]) in page


def test_a_month_under_way_is_named_with_its_day(ledger):
    """Issue 28 §7: on 3 December the pages said "12월까지 자료" as if December were over."""
    today = timezone.localdate()
    PurchaseRecordFactory(department=DepartmentFactory(), contract_date=today, amount=1_000)
    rollups_rebuild()
    status = year_status(today.year)
    assert status.through_month == today.month and status.through_day == today
    assert f"{today.month}월 {today.day}일까지 자료" in status.sentence
    assert f"{today.month}월까지 자료" not in status.sentence
    assert year_status(YEAR).through_day is None  # a past year names whole months
