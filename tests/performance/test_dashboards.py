import datetime
import io
import json

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from procure.core.models import Notification
from procure.ledger.models import PurchaseRecord
from procure.ledger.services import rollups_rebuild
from procure.performance.models import Target, TargetKind
from procure.performance.selectors import Figures, forecast, regime_for
from procure.performance.services import pace_alerts_send
from tests.factories import DepartmentFactory

YEAR = 2024


def purchase(department, day, amount, *, held="", title="구매", kind="goods"):
    PurchaseRecord.objects.create(
        institution=department.institution,
        department=department,
        contract_date=day,
        title=title,
        kind=kind,
        amount=amount,
        supplier_name="업체",
        supplier_business_no="9999999999",
        identity=hash((title, day, amount)),
        held_types=held,
    )


@pytest.fixture
def ledger(buyer, other_buyer):
    mine, theirs = buyer.department, other_buyer.department
    purchase(mine, datetime.date(YEAR, 1, 10), 1_000_000, held="certified_se", title="도시락")
    purchase(mine, datetime.date(YEAR, 2, 10), 3_000_000, title="복사용지")
    purchase(mine, datetime.date(YEAR, 3, 10), 500_000, held="village,coop", title="현수막", kind="services")
    purchase(theirs, datetime.date(YEAR, 1, 5), 9_999_000, held="coop", title="남의구매")
    rollups_rebuild()
    return mine, theirs


def test_a_buyer_sees_only_their_own_institution(client, buyer, other_buyer, ledger):
    client.force_login(buyer)
    assert client.get(reverse("performance:overview")).url == reverse(
        "performance:institution", args=[buyer.institution_id]
    )
    page = client.get(reverse("performance:institution", args=[buyer.institution_id]), {"year": YEAR})
    assert page.status_code == 200
    assert "1,500,000원" in page.content.decode()  # 1,000,000 + 500,000 under the district regime
    assert client.get(reverse("performance:institution", args=[other_buyer.institution_id])).status_code == 403
    assert client.get(reverse("performance:department", args=[other_buyer.department_id])).status_code == 403


def test_national_regime_counts_only_certified_social_enterprises(client, center_staff, buyer, ledger):
    client.force_login(center_staff)
    url = reverse("performance:institution", args=[buyer.institution_id])
    district = client.get(url, {"year": YEAR, "regime": "district"}).content.decode()
    national = client.get(url, {"year": YEAR, "regime": "national"}).content.decode()
    assert "33.33%" in district  # 1.5M of 4.5M
    assert "22.22%" in national  # 1.0M of 4.5M


def test_the_overview_embeds_chart_data_for_every_month(client, center_staff, ledger):
    client.force_login(center_staff)
    page = client.get(reverse("performance:overview"), {"year": YEAR}).content.decode()
    data = json.loads(page.split('id="chart-data" type="application/json">')[1].split("</script>")[0])
    monthly = next(chart for chart in data if chart["type"] == "monthly")
    assert monthly["se"][:3] == [10_999_000, 0, 500_000]
    assert len(monthly["labels"]) == 12


def test_departments_behind_pace_are_listed_and_told(client, center_staff, buyer, ledger):
    Target.objects.create(
        year=YEAR,
        institution=buyer.institution,
        department=buyer.department,
        kind=TargetKind.AMOUNT,
        amount=100_000_000,
    )
    client.force_login(center_staff)
    page = client.get(reverse("performance:institution", args=[buyer.institution_id]), {"year": YEAR})
    assert "목표 대비 부진 부서 1곳" in page.content.decode()
    assert pace_alerts_send(year=YEAR, today=datetime.date(YEAR, 6, 30)) == 1
    assert Notification.objects.filter(recipient=buyer, title__contains="진도가 늦습니다").exists()
    assert Notification.objects.filter(recipient=center_staff, title="목표 대비 부진 부서 1곳").exists()


def test_departments_behind_pace_come_largest_shortfall_first(buyer, other_buyer, ledger):
    from procure.performance.models import Regime
    from procure.performance.selectors import pace_rows

    small = DepartmentFactory(institution=buyer.institution)
    for department, amount in (
        (buyer.department, 50_000_000),
        (small, 20_000_000),
        (other_buyer.department, 90_000_000),
    ):
        Target.objects.create(
            year=YEAR, institution=department.institution, department=department, kind=TargetKind.AMOUNT, amount=amount
        )
    rows = [r for r in pace_rows(year=YEAR, regime=Regime.objects.get(code="district")) if r.behind]
    assert [r.department for r in rows] == [other_buyer.department, buyer.department, small]
    assert [r.gap for r in rows] == sorted((r.gap for r in rows), reverse=True)


def test_a_ratio_target_is_a_share_of_the_units_total():
    target = Target(kind=TargetKind.RATIO, ratio_bp=525)
    assert target.amount_for(1_000_000) == 52_500


def test_forecast_uses_last_years_pattern_and_says_so():
    this, last = Figures(), Figures()
    for month, amount in enumerate([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 50, 50], start=1):
        last.add(month=month, amount=amount, se_type="coop", category_id=None, kind="goods")
    for month in range(1, 7):
        this.add(month=month, amount=12, se_type="coop", category_id=None, kind="goods")
    result = forecast(this_year=this, last_year=last, through_month=6)
    assert result.run_rate == 144  # 72 / 6 × 12
    assert result.amount == 72 * 200 // 60  # last year 60 of 200 by June
    assert "전년도" in result.method
    assert forecast(this_year=this, last_year=None, through_month=6).method.startswith("월평균 환산")


def test_monitoring_report_workbook_has_the_figures(client, center_staff, ledger):
    client.force_login(center_staff)
    response = client.get(reverse("performance:monitoring_report", args=["xlsx"]), {"year": YEAR})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in row] for row in workbook["기관별"].iter_rows(min_row=4)]
    totals = rows[-1]
    assert totals[0] == "합계" and totals[1] == 14_499_000 and totals[2] == 11_499_000


def test_statutory_performance_form_splits_goods_and_services(client, buyer, ledger):
    client.force_login(buyer)
    response = client.get(reverse("performance:statutory", args=[buyer.institution_id, "performance"]), {"year": YEAR})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["구매실적"]
    district = [c.value for c in sheet[3]]
    assert district[1:5] == [4_500_000, 4_000_000, 500_000, 0]
    assert district[5:9] == [1_500_000, 1_000_000, 500_000, 0]


def test_monitoring_report_pdf_carries_the_figures(client, center_staff, buyer, ledger):
    pytest.importorskip("weasyprint")
    client.force_login(center_staff)
    response = client.get(reverse("performance:monitoring_report", args=["pdf"]), {"year": YEAR})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).replace(" ", "")
    assert buyer.institution.name.replace(" ", "") in text
    assert "14,499,000" in text and "11,499,000" in text  # the district's total and its social-economy part


def test_public_disclosure_needs_no_login(client, buyer, ledger):
    index = client.get(reverse("disclosure:index")).content.decode()
    assert buyer.institution.name in index
    detail = client.get(reverse("disclosure:detail", args=[YEAR, buyer.institution_id])).content.decode()
    assert "4,500,000원" in detail and "1,500,000원" in detail


def test_an_unknown_regime_falls_back_to_the_default_regime(client, center_staff):
    client.force_login(center_staff)
    response = client.get(reverse("performance:overview"), {"regime": "nope"})
    assert response.status_code == 200
    assert response.context["regime"] == regime_for(None) and response.context["regime"].is_default


@pytest.mark.django_db
def test_dashboards_read_rollups_not_the_ledger(client, center_staff, django_assert_max_num_queries):
    department = DepartmentFactory()
    for day in range(1, 29):
        purchase(department, datetime.date(YEAR, 2, day), 1000 + day, title=f"p{day}")
    rollups_rebuild()
    client.force_login(center_staff)
    with django_assert_max_num_queries(30):
        client.get(reverse("performance:overview"), {"year": YEAR})


def test_an_empty_year_says_no_data_instead_of_drawing_empty_charts(client, center_staff):
    client.force_login(center_staff)
    page = client.get(reverse("performance:overview"), {"year": 2019}).content.decode()
    assert page.count("자료 없음") >= 3 and "data-chart-index" not in page


def test_the_category_chart_leaves_out_purchases_without_a_real_category():
    from procure.performance.charts import category_chart
    from procure.performance.selectors import Figures

    figures = Figures()
    figures.add(month=1, amount=9_000_000, se_type=None, category_id=1)  # 해당없음
    figures.add(month=1, amount=5_000_000, se_type=None, category_id=None)
    figures.add(month=1, amount=300_000, se_type="coop", category_id=2)
    chart = category_chart(figures, {1: "해당없음", 2: "인쇄·홍보물"})
    assert chart["labels"] == ["인쇄·홍보물"] and chart["se"] == [300_000] and not chart["empty"]
