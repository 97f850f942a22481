"""The 설명회 as people live it: an officer registers, staff run the scheduler, the officer is checked in on a
phone, the booth records a consultation that leads to a follow-up, and the event report counts it (issue 13)."""

import datetime

import pytest
from django.utils import timezone

from procure.events.models import Booth, ConsultationSlot, Event, Registration
from tests.browser.test_vetting_flow import log_in
from tests.factories import EnterpriseMemberFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_schedule_check_in_note_and_report(page, live_server, buyer, browser):
    staff = UserFactory(role="center_staff")
    member = EnterpriseMemberFactory()
    event = Event.objects.create(
        title="시험 공공구매 설명회",
        date=datetime.date.today() + datetime.timedelta(days=20),
        starts_at=datetime.time(14),
        ends_at=datetime.time(17),
        venue="관악구청 대강당",
        capacity=100,
        status="open",
    )
    Booth.objects.create(event=event, enterprise=member.enterprise, number=1, capacity=1, categories=["PRINT"])
    for minute in (0, 20):
        ConsultationSlot.objects.create(
            event=event, starts_at=datetime.time(15, minute), ends_at=datetime.time(15, minute + 20)
        )
    page.on("dialog", lambda dialog: dialog.accept())

    # 1. The officer registers from the menu, choosing what they intend to buy.
    log_in(page, live_server, buyer)
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="설명회·상담회").click()
    page.get_by_role("link", name=event.title).click()
    page.get_by_role("link", name="참가 신청하기").click()
    page.get_by_text("인쇄·출판·디자인", exact=False).first.click()
    page.get_by_label("희망하는 1:1 상담 수").fill("2")
    page.get_by_text("개인정보 수집·이용에 동의합니다.").click()
    page.get_by_role("button", name="신청하기").click()
    page.get_by_text("참가 신청이 확정되었습니다").wait_for()
    code = page.locator("#checkin-code").inner_text().strip()
    assert Registration.objects.get(code=code).categories == ["PRINT"]

    # 2. Staff run the scheduler.
    log_in(page, live_server, staff)
    page.goto(f"{live_server.url}/events/{event.pk}/schedule/")
    page.get_by_role("button", name="자동 배정").click()
    page.get_by_text("상담 1건을 배정했습니다").wait_for()

    # 3. On the day, staff check the officer in from a phone.
    Event.objects.filter(pk=event.pk).update(date=timezone.localdate())
    phone = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 390, "height": 844})
    mobile = phone.new_page()
    log_in(mobile, live_server, staff)
    mobile.goto(f"{live_server.url}/events/{event.pk}/checkin/")
    mobile.get_by_label("참가 확인 코드").fill(code.lower())
    mobile.get_by_role("button", name="입장 확인").click()
    mobile.get_by_text("입장 확인", exact=False).first.wait_for()
    mobile.get_by_text(f"{buyer.display_name} 님").wait_for()
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()

    # 4. The booth records the consultation: high interest, a quote wanted.
    log_in(page, live_server, member)
    page.goto(f"{live_server.url}/events/{event.pk}/my-timetable/")
    page.get_by_role("link", name="상담 기록").click()
    page.get_by_text("높음", exact=True).click()
    page.get_by_text("견적 요청", exact=True).click()
    page.get_by_label("다음 단계").fill("견적서 보내기")
    page.get_by_role("button", name="기록 저장").click()
    page.get_by_text("상담 기록을 저장했습니다").wait_for()

    # 5. The report counts the attendance, the consultation and its follow-up.
    log_in(page, live_server, staff)
    page.goto(f"{live_server.url}/events/{event.pk}/report/")
    summary = page.locator("main").inner_text()
    assert "입장 1명" in summary and "1:1 상담 1건" in summary and "후속 희망 1건" in summary
