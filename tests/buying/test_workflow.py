"""Quote request → quote → contract by a lawful route → completion → 검수 → payment → the ledger (issue 12)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from procure.accounts.models import Role
from procure.buying.models import Contract, ContractStatus, QuoteRequest
from procure.core.calendar import next_business_day
from procure.core.imports import run_import
from procure.enterprises.models import Certification
from procure.ledger.imports import LedgerImporter
from procure.ledger.models import PurchaseRecord
from procure.performance.selectors import regime_for, year_figures
from tests.factories import DepartmentFactory, EnterpriseMemberFactory
from tests.ledger.test_counting import to_csv

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def supplier():
    member = EnterpriseMemberFactory()
    enterprise = member.enterprise
    enterprise.employees, enterprise.vulnerable_employees = 10, 4
    enterprise.save()
    Certification.objects.create(enterprise=enterprise, type="certified_se", valid_from=datetime.date(2020, 1, 1))
    return member


def ask(client, buyer, *enterprises, estimate="48,000,000", title="구청 행사 답례품", **extra):
    client.force_login(buyer)
    client.post(
        reverse("buying:request_new"),
        {
            "title": title,
            "kind": "goods",
            "estimated_price": estimate,
            "tax_status": "taxable",
            **extra,
            "description": "답례품 세트 400개",
            "answer_by": next_business_day(TODAY + datetime.timedelta(days=7)).isoformat(),
            "enterprises": [e.pk for e in enterprises],
        },
    )
    return QuoteRequest.objects.latest("pk")


def answer(client, member, request, supply="48,000,000", vat="4,800,000"):
    client.force_login(member)
    client.post(
        reverse("buying:quote_submit", args=[request.pk]),
        {"supply_amount": supply, "vat": vat, "valid_until": (TODAY + datetime.timedelta(days=30)).isoformat()},
    )
    return request.quotes.get(enterprise=member.enterprise)


def step(client, user, contract, name, note=""):
    client.force_login(user)
    client.post(reverse("buying:contract_step", args=[contract.pk, name]), {f"{name}-note": note})
    contract.refresh_from_db()
    return contract


def department_se(buyer):
    figures = year_figures(year=TODAY.year, regime=regime_for("district"), institution_id=buyer.institution_id)
    found = figures.departments.get((buyer.institution_id, buyer.department_id))
    return found.se if found else 0


def test_from_request_to_payment_the_figures_rise_and_a_reimport_is_recognised(client, buyer, supplier):
    request = ask(client, buyer, supplier.enterprise)
    quote = answer(client, supplier, request)
    client.force_login(buyer)
    page = client.get(reverse("buying:request_detail", args=[request.pk])).content.decode()
    assert "52,800,000원" in page and "지방계약법 시행령 제30조제1항제2호나목" in page
    response = client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": TODAY.isoformat()},
    )
    contract = Contract.objects.get()
    assert response.url == reverse("buying:contract_detail", args=[contract.pk])
    assert (contract.amount, contract.route, contract.status) == (52_800_000, "single_quote", ContractStatus.SIGNED)
    before = department_se(buyer)

    assert step(client, supplier, contract, "complete").status == ContractStatus.COMPLETED
    assert step(client, buyer, contract, "inspect_pass", "수량·품질 확인").status == ContractStatus.INSPECTED
    assert step(client, supplier, contract, "claim").status == ContractStatus.CLAIMED
    assert step(client, buyer, contract, "pay").status == ContractStatus.PAID
    line = PurchaseRecord.objects.get(pk=contract.purchase_id)
    assert (line.source, line.amount, line.held_types) == ("platform", 52_800_000, "certified_se")
    assert department_se(buyer) == before + 52_800_000

    # The institution's finance system exports the same contract later: recognised, not counted twice.
    row = {
        "기관명": buyer.institution.name,
        "부서명": buyer.department.name,
        "계약일자": TODAY.isoformat(),
        "계약명": "구청 행사 답례품",
        "구분": "물품",
        "계약방법": "수의1인견적",
        "계약금액": "52,800,000",
        "업체명": supplier.enterprise.name,
        "사업자등록번호": supplier.enterprise.business_no,
    }
    result = run_import(LedgerImporter(), to_csv([row]))
    assert (result.created, result.unchanged) == (0, 1) and PurchaseRecord.objects.count() == 1

    # A paid contract is not cancelled by its buyer alone: the figures stay (tests/buying/test_corrections.py).
    assert step(client, buyer, contract, "cancel", "납품 취소").status == ContractStatus.PAID
    assert PurchaseRecord.objects.count() == 1 and department_se(buyer) == before + 52_800_000


def test_a_route_the_rules_do_not_allow_is_refused_with_the_reason(client, buyer):
    plain = EnterpriseMemberFactory()  # no certification: only the general 2천만 limit
    request = ask(client, buyer, plain.enterprise)
    quote = answer(client, plain, request)
    client.force_login(buyer)
    response = client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": TODAY.isoformat()},
        follow=True,
    )
    assert not Contract.objects.exists()
    assert "쓸 수 없습니다" in response.content.decode() and "20,000,000원" in response.content.decode()


def test_an_enterprise_sees_only_requests_and_contracts_addressed_to_it(client, buyer, supplier):
    request = ask(client, buyer, supplier.enterprise)
    other = EnterpriseMemberFactory()
    client.force_login(other)
    assert client.get(reverse("buying:request_detail", args=[request.pk])).status_code == 404
    client.post(
        reverse("buying:quote_submit", args=[request.pk]),
        {"supply_amount": "1,000", "vat": "0", "valid_until": TODAY.isoformat()},
    )
    assert not request.quotes.exists()
    quote = answer(client, supplier, request)
    client.force_login(buyer)
    client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": TODAY.isoformat()},
    )
    contract = Contract.objects.get()
    client.force_login(other)
    assert client.get(reverse("buying:contract_detail", args=[contract.pk])).status_code == 404
    assert "구청 행사 답례품" not in client.get(reverse("buying:request_list")).content.decode()


def test_a_buyer_of_another_institution_cannot_open_them(client, buyer, other_buyer, supplier):
    request = ask(client, buyer, supplier.enterprise)
    client.force_login(other_buyer)
    assert client.get(reverse("buying:request_detail", args=[request.pk])).status_code == 404


def test_only_the_asking_department_awards_and_pays(client, buyer, supplier, make_user):
    colleague = make_user(Role.BUYER, department=DepartmentFactory(institution=buyer.institution))
    request = ask(client, buyer, supplier.enterprise)
    quote = answer(client, supplier, request)
    client.force_login(colleague)
    assert client.get(reverse("buying:request_detail", args=[request.pk])).status_code == 200  # may read
    response = client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": TODAY.isoformat()},
    )
    assert response.status_code == 403 and not Contract.objects.exists()


def test_the_scorecard_shows_the_record_to_buyers_and_reviewers(client, buyer, supplier):
    request = ask(client, buyer, supplier.enterprise)
    quote = answer(client, supplier, request)
    client.force_login(buyer)
    client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": TODAY.isoformat()},
    )
    contract = Contract.objects.get()
    step(client, supplier, contract, "complete")
    step(client, buyer, contract, "inspect_fail", "수량 부족")
    step(client, supplier, contract, "complete")
    client.force_login(buyer)
    client.post(
        reverse("buying:contract_step", args=[contract.pk, "inspect_pass"]),
        {"inspect_pass-note": "보완 확인", "inspect_pass-rating": "4"},
    )
    from procure.buying.selectors import scorecard

    card = scorecard(supplier.enterprise)
    assert (card["requests"], card["answer_rate"], card["contracts"]) == (1, 100, 1)
    assert card["inspection_pass_rate"] == 50 and card["rating"] == 4.0
    page = client.get(reverse("enterprises:public_detail", args=[supplier.enterprise.pk])).content.decode()
    assert "플랫폼 거래 실적" in page and "검수 합격률" in page and "50%" in page


def test_quote_and_contract_come_as_korean_pdfs(client, buyer, supplier):
    request = ask(client, buyer, supplier.enterprise)
    quote = answer(client, supplier, request)
    client.force_login(buyer)
    client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": TODAY.isoformat()},
    )
    contract = Contract.objects.get()
    for url in (reverse("buying:contract_pdf", args=[contract.pk]), reverse("buying:quote_pdf", args=[quote.pk])):
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), url
    import io

    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(client.get(reverse("buying:contract_pdf", args=[contract.pk])).content)).pages[0]
    text = page.extract_text()
    assert "계약서" in text.replace(" ", "") and "52,800,000" in text
    # drawn in the Korean font the PDF carries (procure/core/pdf.py), whatever fonts this machine has
    fonts = [str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()]
    assert fonts and all("+Procure-Noto-Sans-KR" in font for font in fonts), fonts


def test_an_enterprise_declines_with_a_reason_and_the_buyer_is_told(client, buyer, supplier):
    from procure.core.models import Notification

    request = ask(client, buyer, supplier.enterprise)
    client.force_login(supplier)
    client.post(reverse("buying:quote_decline", args=[request.pk]), {"reason": ""})
    assert not request.declines.exists()  # a reason is needed
    client.post(reverse("buying:quote_decline", args=[request.pk]), {"reason": "납품 기한을 맞추기 어렵습니다"})
    assert request.declines.get().reason == "납품 기한을 맞추기 어렵습니다"
    assert Notification.objects.filter(recipient=buyer, title__contains="견적 사양").exists()
    client.force_login(buyer)
    assert (
        "납품 기한을 맞추기 어렵습니다"
        in client.get(reverse("buying:request_detail", args=[request.pk])).content.decode()
    )


def test_questions_attachments_and_a_contract_change(client, buyer, supplier):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from procure.core.models import AuditEvent
    from tests.sample_files import pdf_bytes

    other = EnterpriseMemberFactory()
    request = ask(client, buyer, supplier.enterprise, other.enterprise)
    client.post(
        reverse("buying:attachment_upload", args=[request.pk]),
        {"file": SimpleUploadedFile("spec.pdf", pdf_bytes()), "label": "규격서"},
    )
    client.force_login(supplier)
    client.post(reverse("buying:message_post", args=[request.pk]), {"body": "포장은 개별 포장인가요?"})
    client.post(
        reverse("buying:attachment_upload", args=[request.pk]),
        {"file": SimpleUploadedFile("q.pdf", pdf_bytes()), "label": "우리 견적 설명"},
    )
    page = client.get(reverse("buying:request_detail", args=[request.pk])).content.decode()
    assert "규격서" in page and "우리 견적 설명" in page
    client.force_login(other)
    page = client.get(reverse("buying:request_detail", args=[request.pk])).content.decode()
    assert "규격서" in page and "우리 견적 설명" not in page and "개별 포장" not in page  # another's thread and file
    own = request.attachments.get(label="우리 견적 설명")
    assert client.get(reverse("buying:attachment_file", args=[own.pk])).status_code == 404
    client.force_login(buyer)
    page = client.get(reverse("buying:request_detail", args=[request.pk])).content.decode()
    assert "포장은 개별 포장인가요?" in page
    client.post(
        reverse("buying:message_post", args=[request.pk]),
        {"enterprise": supplier.enterprise.pk, "body": "네, 개별 포장입니다."},
    )
    assert request.messages.count() == 2
    download = client.get(reverse("buying:attachment_file", args=[own.pk]))
    assert download["Content-Disposition"].startswith("attachment") and download["Content-Type"] == "application/pdf"

    quote = answer(client, supplier, request)
    client.force_login(buyer)
    client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": TODAY.isoformat()},
    )
    contract = Contract.objects.get()
    client.post(reverse("buying:contract_change", args=[contract.pk]), {"amount": "50,000,000", "reason": "수량 조정"})
    contract.refresh_from_db()
    assert contract.amount == 50_000_000
    event = AuditEvent.objects.get(action="buying.contract.changed")
    assert (event.before["amount"], event.after["amount"]) == (52_800_000, 50_000_000)


def test_every_step_is_told_by_mail_too(client, buyer, supplier, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # mails leave once the step is committed
        request = ask(client, buyer, supplier.enterprise)
    assert any("견적 요청" in message.subject and supplier.email in message.to for message in mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        quote = answer(client, supplier, request)
    assert any("견적 도착" in message.subject and buyer.email in message.to for message in mailoutbox)
    client.force_login(buyer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("buying:award", args=[quote.pk]),
            {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": TODAY.isoformat()},
        )
    with django_capture_on_commit_callbacks(execute=True):
        step(client, supplier, Contract.objects.get(), "complete")
    subjects = [message.subject for message in mailoutbox]
    assert any("계약 체결" in s for s in subjects) and any("완료 보고" in s for s in subjects)


def test_a_shortlist_becomes_one_request_to_its_enterprises(client, buyer):
    from procure.catalog.models import Category, Offering, Shortlist, ShortlistItem

    members = [EnterpriseMemberFactory(), EnterpriseMemberFactory()]
    shortlist = Shortlist.objects.create(owner=buyer)
    for member in members:
        offering = Offering.objects.create(
            enterprise=member.enterprise, name="답례품", kind="goods", category=Category.objects.get(code="PRINT")
        )
        ShortlistItem.objects.create(shortlist=shortlist, offering=offering)
    client.force_login(buyer)
    page = client.get(reverse("catalog:shortlist")).content.decode()
    assert "담은 품목의 기업들에 견적 요청" in page
    form = client.get(reverse("buying:request_new"), {"enterprise": [m.enterprise.pk for m in members]})
    assert set(form.context["form"].initial["enterprises"]) == {str(m.enterprise.pk) for m in members}


def test_an_award_with_a_bad_date_or_route_is_refused_in_korean(client, buyer, supplier):
    request = ask(client, buyer, supplier.enterprise)
    quote = answer(client, supplier, request)
    client.force_login(buyer)
    response = client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "teleport", f"q{quote.pk}-contract_date": "어제"},
        follow=True,
    )
    assert not Contract.objects.exists()
    page = response.content.decode()
    assert "teleport" in page and "날짜" in page  # both fields named in the Korean message


def test_a_step_posted_with_a_rating_out_of_range_records_nothing(client, buyer, supplier):
    request = ask(client, buyer, supplier.enterprise)
    quote = answer(client, supplier, request)
    client.force_login(buyer)
    client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": TODAY.isoformat()},
    )
    contract = step(client, supplier, Contract.objects.get(), "complete")
    status = contract.status
    client.force_login(buyer)
    response = client.post(
        reverse("buying:contract_step", args=[contract.pk, "inspect_pass"]),
        {"inspect_pass-note": "확인", "inspect_pass-rating": "9"},
        follow=True,
    )
    contract.refresh_from_db()
    assert contract.status == status  # not inspected on a form that did not validate
    assert "올바르게 선택해 주세요" in response.content.decode()


def test_on_time_delivery_is_judged_on_the_day_in_seoul(client, buyer, supplier):
    """Completed at 00:30 on the day after the deadline in Seoul (15:30 UTC on the deadline day) is late."""
    from procure.buying.selectors import scorecard

    request = ask(client, buyer, supplier.enterprise)
    quote = answer(client, supplier, request)
    client.force_login(buyer)
    client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": TODAY.isoformat()},
    )
    contract = Contract.objects.get()
    deadline = datetime.date(2026, 5, 29)
    QuoteRequest.objects.filter(pk=request.pk).update(deliver_by=deadline)
    seoul = timezone.get_fixed_timezone(9 * 60)
    for completed, on_time in (
        (datetime.datetime(2026, 5, 30, 0, 30, tzinfo=seoul), 0),
        (datetime.datetime(2026, 5, 29, 23, 30, tzinfo=seoul), 100),
    ):
        Contract.objects.filter(pk=contract.pk).update(completed_at=completed)
        assert scorecard(supplier.enterprise)["on_time"] == on_time, completed
