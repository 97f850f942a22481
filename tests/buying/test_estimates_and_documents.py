"""Issue 27 §2, §4, §6: the route is judged on the request's 추정가격 and must cover the quote; a purchase split
into similar requests of one department is warned about and the warning kept; the 계약서 a finance officer files."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.urls import reverse

from procure.buying.documents import won_in_words
from procure.buying.models import Contract, QuoteRequest
from procure.buying.services import SplitSuspected, WorkflowError, contract_award, quote_request_create
from procure.buying.splitting import titles_match
from procure.core.models import AuditEvent
from procure.enterprises.models import Certification
from tests.buying.test_workflow import TODAY, answer, ask
from tests.buying.test_workflow import supplier as supplier  # noqa: PLC0414 — the fixture
from tests.factories import EnterpriseMemberFactory

pytestmark = pytest.mark.django_db
ANSWER_BY = TODAY + datetime.timedelta(days=30)


def social_enterprise_member():
    member = EnterpriseMemberFactory()
    enterprise = member.enterprise
    enterprise.employees, enterprise.vulnerable_employees = 10, 4
    enterprise.save()
    Certification.objects.create(enterprise=enterprise, type="certified_se", valid_from=datetime.date(2020, 1, 1))
    return member


def test_the_route_is_judged_on_the_estimate_not_on_the_winning_quote(client, buyer, supplier):
    other = social_enterprise_member()
    request = ask(client, buyer, supplier.enterprise, other.enterprise, estimate="110,000,000")
    quote = answer(client, supplier, request, supply="99,000,000", vat="9,900,000")
    answer(client, other, request, supply="99,500,000", vat="9,950,000")
    for route in ("single_quote", "multi_quote"):
        with pytest.raises(WorkflowError, match="추정가격이 한도"):
            contract_award(actor=buyer, quote=quote, route=route, contract_date=TODAY)
    assert not Contract.objects.exists()
    client.force_login(buyer)
    page = client.get(reverse("buying:request_detail", args=[request.pk])).content.decode()
    assert "110,000,000원" in page and "계약 방법은 이 금액으로 판단합니다" in page


def test_the_route_must_also_cover_the_quote(client, buyer, supplier):
    request = ask(client, buyer, supplier.enterprise, estimate="45,000,000")
    quote = answer(client, supplier, request, supply="55,000,000", vat="5,500,000")
    with pytest.raises(WorkflowError, match="견적 공급가액 55,000,000원"):
        contract_award(actor=buyer, quote=quote, route="single_quote", contract_date=TODAY)
    within = answer(client, supplier, request, supply="44,000,000", vat="4,400,000")
    contract = contract_award(actor=buyer, quote=within, route="single_quote", contract_date=TODAY)
    event = AuditEvent.objects.get(action="buying.contract.created")
    assert contract.amount == 48_400_000 and event.after["estimated_price"] == 45_000_000


def new_request(buyer, enterprise, title, estimate, **extra):
    return quote_request_create(
        actor=buyer,
        enterprises=[enterprise],
        title=title,
        kind="goods",
        estimated_price=estimate,
        description="세트",
        answer_by=ANSWER_BY,
        **extra,
    )


def test_a_split_purchase_is_warned_about_and_the_officer_s_reason_is_kept(buyer, supplier):
    first = new_request(buyer, supplier.enterprise, "구청 행사 답례품", 15_000_000)
    new_request(buyer, supplier.enterprise, "사무용 복사용지", 15_000_000)  # another purchase: no warning
    with pytest.raises(SplitSuspected) as raised:
        new_request(buyer, supplier.enterprise, "구청 행사 답례품 2차", 15_000_000)
    warning = raised.value.warning
    assert warning.earlier == [first] and (warning.total, warning.limit) == (30_000_000, 20_000_000)
    assert "구청 행사 답례품" in str(raised.value) and "제77조" in str(raised.value)
    assert QuoteRequest.objects.count() == 2  # nothing written
    second = new_request(
        buyer, supplier.enterprise, "구청 행사 답례품 2차", 15_000_000, split_reason="다른 행사(연말 시상식)용"
    )
    assert second.split_check["earlier"][0]["id"] == first.pk
    assert second.split_check["reason"] == "다른 행사(연말 시상식)용" and second.split_check["limit"] == 20_000_000
    event = AuditEvent.objects.filter(action="buying.quoterequest.created").latest("pk")
    assert event.after["split_check"]["total"] == 30_000_000


def test_no_split_warning_when_together_they_stay_under_every_limit_or_when_the_new_one_alone_is_over(buyer, supplier):
    new_request(buyer, supplier.enterprise, "구청 행사 답례품", 5_000_000)
    new_request(buyer, supplier.enterprise, "구청 행사 답례품", 5_000_000)  # 10,000,000: under 20,000,000
    # 150,000,000 alone passes every goods limit: it is no split to stay under one (it needs a tender anyway)
    new_request(buyer, supplier.enterprise, "구청 행사 답례품", 150_000_000)
    assert QuoteRequest.objects.count() == 3


def test_the_request_form_shows_the_split_warning_and_goes_on_with_a_reason(client, buyer, supplier):
    new_request(buyer, supplier.enterprise, "구청 행사 답례품", 15_000_000)
    client.force_login(buyer)
    data = {
        "title": "구청 행사 답례품",
        "kind": "goods",
        "estimated_price": "15,000,000",
        "tax_status": "taxable",
        "description": "답례품 세트 100개",
        "answer_by": ANSWER_BY.isoformat(),
        "enterprises": [supplier.enterprise.pk],
    }
    from procure.core.calendar import next_business_day

    data["answer_by"] = next_business_day(ANSWER_BY).isoformat()
    page = client.post(reverse("buying:request_new"), data).content.decode()
    assert "분할계약이 아닌지 확인해 주세요" in page and "30,000,000원" in page
    assert QuoteRequest.objects.count() == 1
    response = client.post(reverse("buying:request_new"), {**data, "split_reason": "별도 행사"})
    assert response.status_code == 302 and QuoteRequest.objects.count() == 2


def test_works_need_their_type_in_the_request_form(client, buyer, supplier):
    from procure.buying.forms import QuoteRequestForm

    form = QuoteRequestForm(
        data={
            "title": "경로당 보수",
            "kind": "works",
            "estimated_price": "150,000,000",
            "description": "지붕",
            "answer_by": "2099-01-02",
            "enterprises": [supplier.enterprise.pk],
            "tax_status": "taxable",
        }
    )
    assert not form.is_valid() and "공사 종류" in form.errors["works_type"][0]


@pytest.mark.parametrize(
    "a,b,same",
    [
        ("구청 행사 답례품", "구청 행사 답례품 2차", True),
        ("구청 행사 답례품", "구청행사답례품", True),
        ("답례품 세트 구매", "답례품", True),
        ("구청 행사 답례품", "구청 청소 용역", False),
        ("사무용품 구매", "행사 답례품 구매", False),
    ],
)
def test_titles_match(a, b, same):
    assert titles_match(a, b) is same


def test_a_blank_vat_follows_the_request_s_tax_status(client, buyer, supplier):
    request = ask(client, buyer, supplier.enterprise, estimate="1,000,000", tax_status="exempt")
    assert request.tax_status == "exempt"
    client.force_login(supplier)
    page = client.get(reverse("buying:request_detail", args=[request.pk])).content.decode()
    assert "면세 품목으로 정했습니다" in page
    quote = answer(client, supplier, request, supply="1,000,000", vat="")
    assert quote.vat == 0
    taxed = ask(client, buyer, supplier.enterprise, estimate="1,000,000", title="소독 용역")
    assert answer(client, supplier, taxed, supply="1,000,000", vat="").vat == 100_000


@pytest.mark.parametrize(
    "amount,words",
    [(52_800_000, "오천이백팔십만"), (1_100_000, "일백일십만"), (100_000_000, "일억"), (1_000_000_001, "일십억일")],
)
def test_amounts_in_words(amount, words):
    assert won_in_words(amount) == words


def test_the_contract_pdf_has_parties_terms_and_signature_spaces(client, buyer, supplier, tmp_path):
    from pypdf import PdfReader

    enterprise = supplier.enterprise
    enterprise.representative, enterprise.address = "김대표", "서울특별시 관악구 관악로 145"
    enterprise.save()
    request = ask(
        client,
        buyer,
        enterprise,
        delivery_place="관악구청 2층 총무과",
        deliver_by=(TODAY + datetime.timedelta(days=40)),
    )
    quote = answer(client, supplier, request)
    client.force_login(buyer)
    client.post(
        reverse("buying:award", args=[quote.pk]),
        {f"q{quote.pk}-route": "single_quote", f"q{quote.pk}-contract_date": TODAY.isoformat()},
    )
    contract = Contract.objects.get()
    pdf = client.get(reverse("buying:contract_pdf", args=[contract.pk])).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "")
    for expected in (
        "물품구매계약서",
        contract.number,
        "발주기관",
        "계약담당자",
        "계약상대자",
        "대표자:김대표",
        f"사업자등록번호:{enterprise.business_no_display}",
        "일금오천이백팔십만원정",
        "공급가액",
        "48,000,000원",
        "부가가치세",
        "4,800,000원",
        "관악구청2층총무과",
        "지방계약법시행령제30조제1항제2호나목",
        "물품구매계약일반조건",
        "지방자치단체입찰및계약집행기준",
        "5일(토요일·공휴일제외)",
        "(인)",
        "서명:",
    ):
        assert expected in text, expected
    if shutil.which("pdftoppm"):  # a picture of it, as a person would look at it
        (tmp_path / "c.pdf").write_bytes(pdf)
        command = [
            shutil.which("pdftoppm"),
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            tmp_path / "c.pdf",
            tmp_path / "c",
        ]
        subprocess.run(command, check=True)  # noqa: S603 — a fixed program on a file the test wrote
        assert any(p.stat().st_size > 10_000 for p in tmp_path.glob("c*.png"))
    quote_text = PdfReader(io.BytesIO(client.get(reverse("buying:quote_pdf", args=[quote.pk])).content)).pages[0]
    quote_text = quote_text.extract_text().replace(" ", "")
    assert "견적서" in quote_text and "대표자:김대표" in quote_text and "과세(공급가액의10%" in quote_text


def test_an_enterprise_s_small_business_certificate_counts_while_it_is_valid_on_the_contract_date(client, buyer):
    from procure.enterprises.models import EnterpriseQualification

    member, other = EnterpriseMemberFactory(), EnterpriseMemberFactory()
    EnterpriseQualification.objects.create(
        enterprise=member.enterprise, kind="small_business", valid_from=TODAY - datetime.timedelta(days=365),
        valid_until=TODAY + datetime.timedelta(days=10),
    )  # fmt: skip
    request = ask(client, buyer, member.enterprise, other.enterprise, estimate="60,000,000")
    quote = answer(client, member, request, supply="59,000,000", vat="5,900,000")
    answer(client, other, request, supply="59,500,000", vat="5,950,000")
    after_expiry = TODAY + datetime.timedelta(days=11)
    with pytest.raises(WorkflowError, match="추정가격이 한도 20,000,000원"):  # 확인서 expired on that day
        contract_award(actor=buyer, quote=quote, route="multi_quote", contract_date=after_expiry)
    with pytest.raises(WorkflowError, match="한도"):  # no 1인 견적 special limit for 소기업
        contract_award(actor=buyer, quote=quote, route="single_quote", contract_date=TODAY)
    contract = contract_award(actor=buyer, quote=quote, route="multi_quote", contract_date=TODAY)
    assert contract.basis == "지방계약법 시행령 제25조제1항제5호라목"


def test_split_works_are_judged_on_the_limits_of_their_type(buyer, supplier):
    def works(title, estimate, works_type, **extra):
        return quote_request_create(
            actor=buyer,
            enterprises=[supplier.enterprise],
            title=title,
            kind="works",
            works_type=works_type,
            estimated_price=estimate,
            description="보수",
            answer_by=ANSWER_BY,
            **extra,
        )

    works("경로당 지붕 보수", 150_000_000, "general")
    works("경로당 지붕 보수", 150_000_000, "general")  # 300,000,000: under the 종합공사 4억
    works("복지관 방수 공사", 150_000_000, "specialty")
    with pytest.raises(SplitSuspected) as raised:  # 300,000,000 passes the 전문공사 2억
        works("복지관 방수 공사", 150_000_000, "specialty")
    assert raised.value.warning.limit == 200_000_000
