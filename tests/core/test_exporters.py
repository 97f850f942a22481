"""The exporter framework: one registry, one renderer that neutralises every text cell (issue 10, item 3)."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from procure.core.exporters import EXPORTERS, Col, Exporter, Sheet, export_response, render_csv, render_xlsx


class Hostile(Exporter):
    identifier = "test.hostile"

    def filename(self):
        return "적대적 파일"

    def sheets(self):
        yield Sheet(
            "=목록",
            [Col("이름"), Col("금액", "won")],
            [['=HYPERLINK("http://evil.example")', 1_234_000], ["벨\x07소리", -5], ["@SUM(A1)", None]],
            preamble=["+보고서"],
        )


def test_every_export_of_the_platform_is_registered():
    assert {
        "core.import_template",
        "performance.monitoring",
        "performance.statutory_plan",
        "performance.statutory_performance",
        "vetting.scoring",
    } <= set(EXPORTERS)


def test_xlsx_cells_are_neutralised_and_numbers_formatted():
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(Hostile()))).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sheet.title == "'=목록"
    assert rows[0] == ["'+보고서", None]
    assert rows[1] == ["이름", "금액"]
    assert rows[2] == ['\'=HYPERLINK("http://evil.example")', 1_234_000]
    assert rows[3] == ["벨소리", -5]  # control character dropped, negative number kept as a number
    assert sheet["B3"].number_format == '#,##0"원"'


def test_csv_is_utf8_with_bom_for_excel_and_neutralised():
    data = render_csv(Hostile())
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["'+보고서"] and rows[2][0].startswith("'=") and rows[4] == ["'@SUM(A1)", ""]


def test_the_response_is_a_download_named_in_korean():
    response = export_response(Hostile(), "csv")
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    assert response["Content-Type"].startswith("text/csv")
    with pytest.raises(ValueError):
        export_response(Hostile(), "pdf")


@pytest.mark.django_db
def test_the_monitoring_report_also_comes_as_csv_for_staff_only(client, center_staff, buyer):
    client.force_login(center_staff)
    response = client.get(reverse("performance:monitoring_report", args=["csv"]), {"year": 2024})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "기관,총구매액,사회적경제기업 구매액" in text and "[부서별]" in text
    client.force_login(buyer)
    assert client.get(reverse("performance:monitoring_report", args=["csv"])).status_code == 403
