"""The vetting round as three people live it: an enterprise applies, a reviewer scores, the center selects."""

import pytest

from procure.accounts.models import Role
from procure.core.models import Notification
from procure.vetting.models import ApplicationStatus
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("아이디").fill(user.username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{live_server.url}/my/")


def test_apply_score_select(page, live_server, local_member, open_round, center_staff, make_user):
    reviewer = make_user(Role.REVIEWER)
    page.on("dialog", lambda dialog: dialog.accept())  # the "are you sure?" confirmations

    # 1. The enterprise applies.
    log_in(page, live_server, local_member)
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="기업 모집·심사").click()
    page.get_by_role("link", name="시험 모집").click()
    page.get_by_role("link", name="신청하기").click()
    for textarea in page.locator("textarea").all():
        textarea.fill("관악구 청사에 친환경 도시락을 하루 300개까지 공급합니다.")
    page.get_by_role("button", name="제출").click()
    page.get_by_text("신청서를 접수했습니다").wait_for()

    # 2. The center closes applications and names the reviewer.
    log_in(page, live_server, center_staff)
    page.goto(f"{live_server.url}/vetting/{open_round.pk}/reviewers/")
    page.get_by_text(reviewer.display_name, exact=True).click()
    page.get_by_role("button", name="저장").click()
    page.get_by_role("button", name="접수 마감하고 심사 시작").click()
    page.get_by_text("‘심사 중’으로 바꿨습니다").wait_for()

    # 3. The reviewer scores and submits.
    log_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/vetting/{open_round.pk}/")
    page.get_by_role("link", name=f"채점하기 ({local_member.enterprise.name})").click()
    for label, value in (("공급역량", "9"), ("납품실적", "8"), ("납품조건", "7")):
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="제출", exact=True).click()
    page.get_by_text("채점표를 제출했습니다").wait_for()

    # 4. The center selects from the ranking; the enterprise is told.
    log_in(page, live_server, center_staff)
    page.goto(f"{live_server.url}/vetting/{open_round.pk}/ranking/")
    assert page.get_by_role("cell", name="81.00").is_visible()
    page.get_by_role("button", name="선정 확정하고 결과 알리기 (1개)").click()
    page.get_by_text("1개 기업을 선정하고").wait_for()
    application = local_member.enterprise.applications.get()
    assert application.status == ApplicationStatus.SELECTED
    assert Notification.objects.filter(recipient=local_member, title__contains="선정되었습니다").exists()
