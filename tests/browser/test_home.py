import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("아이디").fill(user.username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()


def test_buyer_logs_in_and_sees_the_korean_home_page(page, live_server, buyer):
    _log_in(page, live_server, buyer)
    page.wait_for_url(f"{live_server.url}/my/")  # signing in lands on 내 업무
    assert page.get_by_role("heading", name="내 업무", exact=True).is_visible()
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.get_by_role("heading", name="관악구 사회적경제기업 공공구매").is_visible()
    assert page.get_by_text(f"{buyer.display_name}님(구매담당자), 환영합니다.").is_visible()
    # Role-aware menu: a buyer has no institution management.
    assert page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="운영 관리").count() == 0


def test_styles_fonts_and_krds_icons_load_without_internet(page, live_server, buyer):
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    _log_in(page, live_server, buyer)
    page.wait_for_url(f"{live_server.url}/my/")
    page.wait_for_load_state("networkidle")
    assert failed == []
    # KRDS's component.css finds its icons through the remapped path (krds/img/img/…).
    page.goto(f"{live_server.url}/accounts/me/")
    page.wait_for_load_state("networkidle")
    icon = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.breadcrumb .home .txt'), '::before');"
        " return s.getPropertyValue('mask-image') || s.getPropertyValue('-webkit-mask-image'); })()"
    )
    assert "/static/krds/img/img/component/icon/ico_bread_home.svg" in icon
    icon_url = icon.split('url("')[1].split('")')[0]
    assert page.evaluate("url => fetch(url).then(r => r.status)", icon_url) == 200
    assert failed == []
    font_family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Pretendard GOV" in font_family


def test_skip_link_moves_focus_to_the_content(page, live_server, buyer):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "본문 바로가기"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"


def test_phone_width_hides_the_menu_behind_a_button(browser, live_server, db):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="ko-KR")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    nav = page.get_by_role("navigation", name="주 메뉴")
    assert not nav.is_visible()
    page.get_by_role("button", name="메뉴").click()
    assert nav.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_a_buyer_sees_their_dashboard_with_drawn_charts(page, live_server, buyer):
    import datetime

    from procure.ledger.models import PurchaseRecord
    from procure.ledger.services import rollups_rebuild

    today = datetime.date.today()
    PurchaseRecord.objects.create(
        institution=buyer.institution,
        department=buyer.department,
        contract_date=today.replace(day=1),
        title="회의용 도시락",
        kind="goods",
        amount=1_250_000,
        supplier_name="관악밥상",
        supplier_business_no="9999999999",
        identity=1,
        held_types="coop",
    )
    rollups_rebuild()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    _log_in(page, live_server, buyer)
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="구매실적", exact=True).click()
    page.wait_for_url(f"{live_server.url}/performance/institutions/{buyer.institution_id}/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("1,250백만원").count() == 0  # 1,250,000원 is 1백만원, not a misplaced unit
    assert page.get_by_text("1,250,000원").first.is_visible()
    charts = "Array.from(document.querySelectorAll('canvas[data-chart-index]'))"
    page.wait_for_function(f"window.Chart && {charts}.every(c => window.Chart.getChart(c))")
    drawn = page.evaluate(f"{charts}.map(c => c.height)")
    assert drawn and all(height > 100 for height in drawn)
    assert errors == []


def test_at_phone_width_dashboard_figures_stay_on_one_line_and_the_bell_is_visible(browser, live_server, buyer):
    import datetime

    from procure.ledger.models import PurchaseRecord
    from procure.ledger.services import rollups_rebuild

    today = datetime.date.today()
    for index, amount in enumerate([93_260_000, 1_234_567_890, 20_310_000]):
        PurchaseRecord.objects.create(
            institution=buyer.institution,
            department=buyer.department,
            contract_date=today.replace(day=1),
            title=f"큰 금액 구매 {index}",
            kind="services",
            amount=amount,
            supplier_name="관악밥상",
            supplier_business_no="9999999999",
            identity=100 + index,
            held_types="coop" if index else "",
        )
    rollups_rebuild()
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 390, "height": 844})
    page = context.new_page()
    _log_in(page, live_server, buyer)
    page.goto(f"{live_server.url}/performance/institutions/{buyer.institution_id}/")
    page.wait_for_load_state("networkidle")
    lines = page.evaluate(
        """Array.from(document.querySelectorAll('td.site-num')).filter(td => td.textContent.trim()).map(td => {
            const range = document.createRange(); range.selectNodeContents(td);
            const tops = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
            return [td.textContent.trim(), tops.size];
        })"""
    )
    assert lines and all(count == 1 for _, count in lines), [text for text, count in lines if count != 1]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # tables scroll inside
    bell = page.get_by_role("link", name="알림", exact=True)
    assert bell.is_visible() and bell.bounding_box()["width"] >= 20
    context.close()
