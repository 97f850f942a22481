"""A purchase as the buyer and the enterprise live it: request → quote → contract (route shown) → completion →
검수 → payment, and the department's figure rises by the contract amount (issue 12)."""

import datetime

import pytest
from django.utils import timezone

from procure.core.calendar import next_business_day
from procure.enterprises.models import Certification
from tests.browser.test_vetting_flow import log_in
from tests.factories import EnterpriseMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_request_quote_contract_inspect_pay(page, live_server, buyer):
    member = EnterpriseMemberFactory()
    enterprise = member.enterprise
    enterprise.employees, enterprise.vulnerable_employees = 10, 4
    enterprise.save()
    Certification.objects.create(enterprise=enterprise, type="certified_se", valid_from=datetime.date(2020, 1, 1))
    page.on("dialog", lambda dialog: dialog.accept())
    figures = f"{live_server.url}/performance/departments/{buyer.department_id}/"

    # 1. The buyer asks for a quote.
    log_in(page, live_server, buyer)
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="견적·계약").click()
    page.get_by_role("link", name="견적 요청하기").click()
    page.get_by_label("건명").fill("구청 행사 답례품")
    page.get_by_label("요청 내용").fill("답례품 세트 400개")
    page.get_by_label("추정가격 (부가세 제외, 원)").fill("48,000,000")  # fixed before quotes open; judges the route
    page.get_by_label("견적 마감일").fill(
        next_business_day(timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    )
    page.get_by_text(enterprise.name, exact=True).click()  # KRDS draws the checkbox on its label
    page.get_by_role("button", name="견적 요청 보내기").click()
    page.get_by_text("견적을 요청했습니다").wait_for()
    request_url = page.url

    # 2. The enterprise answers.
    log_in(page, live_server, member)
    page.goto(request_url)
    page.get_by_label("공급가액 (부가세 제외, 원)").fill("48,000,000")
    page.get_by_label("부가세 (원)").fill("4,800,000")
    page.get_by_label("견적 유효기간").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="견적 보내기").click()
    page.get_by_text("견적을 보냈습니다").wait_for()

    # 3. The buyer sees the routes and contracts by one the rules allow.
    log_in(page, live_server, buyer)
    page.goto(figures)
    before = page.locator("body").inner_text()
    page.goto(request_url)
    assert page.get_by_text("지방계약법 시행령 제30조제1항제2호나목").first.is_visible()
    page.get_by_label("계약 방법").select_option("single_quote")
    page.get_by_role("button", name="이 견적으로 계약").click()
    page.get_by_text("계약했습니다").wait_for()
    contract_url = page.url

    # 4. Completion, 검수, claim, payment.
    for who, button in [(member, "완료 보고"), (buyer, "검수 합격"), (member, "대금 청구"), (buyer, "대금 지급")]:
        log_in(page, live_server, who)
        page.goto(contract_url)
        page.get_by_role("button", name=button).click()
        page.get_by_text("기록했습니다").wait_for()
    assert page.get_by_text("지급 완료").first.is_visible()

    page.goto(figures)
    after = page.locator("body").inner_text()
    assert "52,800,000원" in after and "52,800,000원" not in before
