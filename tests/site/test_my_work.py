"""내 업무 (issue 28 §2): each role lands on its own list of waiting work after signing in, every item linking to
where it is done."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from procure.buying.models import Contract, ContractStatus
from procure.enterprises.models import Certification, CertificationStatus
from tests.buying.test_workflow import answer, ask, step
from tests.buying.test_workflow import supplier as supplier  # noqa: PLC0414
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def page(client, user):
    client.force_login(user)
    response = client.get(reverse("site:my_work"))
    assert response.status_code == 200
    return response.content.decode()


def test_signing_in_lands_on_my_work_unless_a_safe_next_is_given(client, buyer):
    response = client.post(reverse("accounts:login"), {"username": buyer.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("site:my_work")
    client.logout()
    response = client.post(
        reverse("accounts:login") + "?next=/catalog/", {"username": buyer.username, "password": PASSWORD}
    )
    assert response["Location"] == "/catalog/"
    client.logout()
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/", {"username": buyer.username, "password": PASSWORD}
    )
    assert response["Location"] == reverse("site:my_work")


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("site:my_work"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_buyer_sees_quotes_received_and_the_business_day_due_of_an_inspection(client, buyer, supplier):
    request = ask(client, buyer, supplier.enterprise)
    html = page(client, buyer)
    assert "받은 견적" in html and request.title not in html  # no quote yet: nothing to look at
    quote = answer(client, supplier, request)
    html = page(client, buyer)
    assert reverse("buying:request_detail", args=[request.pk]) in html and "견적 1건" in html
    client.force_login(buyer)
    client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": TODAY.isoformat()},
    )
    contract = Contract.objects.get(request=request)
    # The enterprise sees the contract to report complete; the buyer then sees the 검수 due 14 days on.
    assert reverse("buying:contract_detail", args=[contract.pk]) in page(client, supplier)
    contract = step(client, supplier, contract, "complete")
    assert contract.status == ContractStatus.COMPLETED
    from procure.buying.deadlines import due_date
    from procure.core.formatting import format_date

    what, due = due_date(contract)
    html = page(client, buyer)
    assert what == "검수" and f"기한 {format_date(due)}" in html
    assert reverse("buying:contract_detail", args=[contract.pk]) in html


def test_another_department_does_not_see_my_quotes(client, buyer, other_buyer, supplier):
    request = ask(client, buyer, supplier.enterprise)
    answer(client, supplier, request)
    assert reverse("buying:request_detail", args=[request.pk]) not in page(client, other_buyer)


def test_an_enterprise_sees_requests_to_answer_and_a_certification_ending(client, buyer, supplier):
    request = ask(client, buyer, supplier.enterprise)
    Certification.objects.create(
        enterprise=supplier.enterprise,
        type="coop",
        status=CertificationStatus.APPROVED,
        valid_to=TODAY + datetime.timedelta(days=20),
    )
    html = page(client, supplier)
    assert reverse("buying:request_detail", args=[request.pk]) in html and "답할 견적 요청" in html
    assert "만료 예정" in html and reverse("enterprises:certification_new") in html
    answer(client, supplier, request)
    assert reverse("buying:request_detail", args=[request.pk]) not in page(client, supplier)


def test_the_center_sees_pending_certifications_and_this_week_s_events(client, center_staff, enterprise_member):
    from procure.events.models import Event

    enterprise = enterprise_member.enterprise
    Certification.objects.create(enterprise=enterprise, type="coop", status=CertificationStatus.PENDING)
    event = Event.objects.create(
        title="이번 주 구매상담회", date=TODAY, starts_at="14:00", ends_at="17:00", venue="관악구청", capacity=30
    )
    html = page(client, center_staff)
    assert "인증 확인 요청" in html and reverse("enterprises:certification_queue") in html
    assert reverse("events:manage", args=[event.pk]) in html


def test_a_reviewer_sees_what_is_left_to_score(client, center_staff, reviewer, open_round, local_member):
    from tests.vetting.test_vetting import apply, score, start_review

    application = apply(local_member, open_round)
    start_review(center_staff, open_round, reviewer)
    html = page(client, reviewer)
    assert "남은 채점 1건" in html and reverse("vetting:review_list", args=[open_round.pk]) in html
    score(reviewer, application, [8] * open_round.criteria.count())
    assert "남은 채점이 없습니다." in page(client, reviewer)
    assert "남은 채점" not in page(client, center_staff)  # the center sees its own list


def test_the_district_sees_corrections_to_approve(client, district_admin):
    html = page(client, district_admin)
    assert "목표에 뒤처진 기관" in html and "승인할 정정" in html
