import pytest

from tests.catalog.test_catalog import catalog  # noqa: F401 (fixture)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_buyer_finds_banners_and_catering_the_way_they_say_it(page, live_server, buyer, catalog):  # noqa: F811
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("아이디").fill(buyer.username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{live_server.url}/my/")
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="품목 찾기").click()

    page.get_by_label("찾는 물품·용역").fill("플래카드")
    page.get_by_role("button", name="검색").click()
    first = page.locator(".site-cards .site-card-title").first
    assert first.inner_text() == "현수막 제작"

    page.get_by_label("찾는 물품·용역").fill("워크샵 도시락")
    page.get_by_role("button", name="검색").click()
    titles = page.locator(".site-cards .site-card-title").all_inner_texts()
    assert {"회의용 도시락", "출장 뷔페"} <= set(titles[:2])
    page.get_by_role("button", name="관심목록에 담기 (회의용 도시락)").click()
    page.get_by_text("관심목록에 담았습니다").wait_for()
