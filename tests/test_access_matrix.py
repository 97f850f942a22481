"""Every URL of the site, for an anonymous visitor and for each role.

Adding a view without an @access rule, or without a row in EXPECTED, makes this test fail:
decide who may open the page, then write it down here.
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from procure.accounts.models import Role
from procure.catalog.models import Category, Offering, Shortlist
from procure.core.models import ImportJob, Notification
from procure.enterprises.models import (
    Certification,
    CertificationStatus,
    EnterprisePhoto,
    EnterpriseQualification,
    EnterpriseType,
)
from procure.ledger.models import LedgerBatch, PurchaseRecord
from procure.ledger.services import rollups_rebuild
from procure.vetting.models import Answer, Application, Question, Round, RoundStatus
from tests.factories import DepartmentFactory, PurchaseRecordFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 16

ANYONE = "anyone"
SIGNED_IN = "signed_in"
DA, CS, BU, EN, RV = Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER, Role.ENTERPRISE, Role.REVIEWER

# url name → (who may open it, how to build its arguments from the `world` fixture)
STAFF = {DA, CS}
EXPECTED = {
    "site:home": (ANYONE, None),
    "site:healthz": (ANYONE, None),
    "site:my_work": (SIGNED_IN, None),
    "site:inbox": (SIGNED_IN, None),
    "site:notification_open": (SIGNED_IN, lambda w: {"pk": w["notification"].pk}),
    "site:notifications_read_all": (SIGNED_IN, None),
    "site:import_upload": (STAFF, lambda w: {"kind": "enterprises"}),
    "site:import_template": (STAFF, lambda w: {"kind": "enterprises"}),
    "site:import_job": (STAFF, lambda w: {"pk": w["import_job"].pk}),
    "site:import_job_status": (STAFF, lambda w: {"pk": w["import_job"].pk}),
    "site:import_job_confirm": (STAFF, lambda w: {"pk": w["import_job"].pk}),
    "site:import_job_mapping": (STAFF, lambda w: {"pk": w["import_job"].pk}),
    "site:import_job_retry": (STAFF, lambda w: {"pk": w["import_job"].pk}),
    "site:import_job_units": (STAFF, lambda w: {"pk": w["import_job"].pk}),
    "buying:routes": ({DA, CS, BU}, None),
    "buying:rules": ({DA, CS, BU}, None),
    "buying:rule_confirm": ({DA}, lambda w: {"pk": 1}),
    "buying:request_list": ({DA, CS, BU, EN}, None),
    "buying:overdue": ({DA, CS, BU}, None),
    "buying:request_new": ({BU}, None),
    "buying:request_detail": ({DA, CS, BU, EN}, lambda w: {"pk": w["quote_request"].pk}),
    "buying:quote_submit": ({DA, CS, BU, EN}, lambda w: {"pk": w["quote_request"].pk}),
    "buying:quote_decline": ({DA, CS, BU, EN}, lambda w: {"pk": w["quote_request"].pk}),
    "buying:message_post": ({DA, CS, BU, EN}, lambda w: {"pk": w["quote_request"].pk}),
    "buying:attachment_upload": ({DA, CS, BU, EN}, lambda w: {"pk": w["quote_request"].pk}),
    "buying:attachment_file": ({DA, CS, BU, EN}, lambda w: {"pk": w["attachment"].pk}),
    "buying:contract_change": ({BU}, lambda w: {"pk": w["contract"].pk}),
    "buying:award": ({BU}, lambda w: {"pk": w["quote"].pk}),
    "buying:contract_detail": ({DA, CS, BU, EN}, lambda w: {"pk": w["contract"].pk}),
    "buying:contract_pdf": ({DA, CS, BU, EN}, lambda w: {"pk": w["contract"].pk}),
    "buying:quote_pdf": ({DA, CS, BU, EN}, lambda w: {"pk": w["quote"].pk}),
    "buying:contract_step": ({DA, CS, BU, EN}, lambda w: {"pk": w["contract"].pk, "step": "pay"}),
    "site:import_job_errors": (STAFF, lambda w: {"pk": w["import_job"].pk}),
    "accounts:login": (ANYONE, None),
    "accounts:logout": (ANYONE, None),
    "accounts:profile": (SIGNED_IN, None),
    "accounts:password_change": (SIGNED_IN, None),
    "accounts:password_change_done": (SIGNED_IN, None),
    "accounts:password_reset": (ANYONE, None),
    "accounts:password_reset_done": (ANYONE, None),
    "accounts:password_reset_confirm": (ANYONE, lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "accounts:password_reset_complete": (ANYONE, None),
    "institutions:list": (STAFF, None),
    "institutions:create": ({DA}, None),
    "institutions:detail": ({DA, CS, BU}, lambda w: {"pk": w["institution"].pk}),
    "institutions:update": ({DA}, lambda w: {"pk": w["institution"].pk}),
    "institutions:department_create": ({DA}, lambda w: {"pk": w["institution"].pk}),
    "institutions:department_update": ({DA}, lambda w: {"pk": w["department"].pk}),
    "institutions:department_delete": ({DA}, lambda w: {"pk": w["department"].pk}),
    "enterprises:directory": (ANYONE, None),
    "enterprises:public_detail": (ANYONE, lambda w: {"pk": w["enterprise"].pk}),
    "enterprises:photo": (ANYONE, lambda w: {"pk": w["photo"].pk}),
    "enterprises:my_enterprise": ({EN}, None),
    "enterprises:profile_edit": ({EN}, None),
    "enterprises:certification_new": ({EN}, None),
    "enterprises:photo_upload": ({EN}, None),
    "enterprises:certification_queue": (STAFF, None),
    "enterprises:certification_review": (STAFF, lambda w: {"pk": w["pending_certification"].pk}),
    "enterprises:name_review": (STAFF, lambda w: {"pk": w["enterprise"].pk}),
    "enterprises:certification_document": ({DA, CS, EN}, lambda w: {"pk": w["pending_certification"].pk}),
    "enterprises:qualification_new": ({EN}, None),
    "enterprises:qualification_record": (STAFF, lambda w: {"pk": w["enterprise"].pk}),
    "enterprises:qualification_edit": (
        STAFF,
        lambda w: {"pk": w["enterprise"].pk, "qualification_pk": w["pending_qualification"].pk},
    ),
    "enterprises:qualification_review": (STAFF, lambda w: {"pk": w["pending_qualification"].pk}),
    "enterprises:qualification_document": ({DA, CS, EN}, lambda w: {"pk": w["pending_qualification"].pk}),
    "enterprises:list_checks": (STAFF, None),
    "enterprises:list_check_detail": (STAFF, lambda w: {"pk": w["list_check"].pk}),
    "enterprises:proposal_decide": (STAFF, lambda w: {"pk": w["proposal"].pk}),
    "enterprises:business_status_list": (STAFF, None),
    "enterprises:business_status_clear": (STAFF, lambda w: {"pk": w["business_status"].pk}),
    "vetting:round_list": ({DA, CS, EN, RV}, None),
    "vetting:round_create": (STAFF, None),
    "vetting:round_detail": ({DA, CS, EN, RV}, lambda w: {"pk": w["round"].pk}),
    "vetting:round_edit": (STAFF, lambda w: {"pk": w["round"].pk}),
    "vetting:round_criteria": (STAFF, lambda w: {"pk": w["round"].pk}),
    "vetting:round_questions": (STAFF, lambda w: {"pk": w["round"].pk}),
    "vetting:round_reviewers": (STAFF, lambda w: {"pk": w["round"].pk}),
    "vetting:round_status": (STAFF, lambda w: {"pk": w["round"].pk}),
    "vetting:round_ranking": (STAFF, lambda w: {"pk": w["round"].pk}),
    "vetting:round_export": (STAFF, lambda w: {"pk": w["round"].pk}),
    "vetting:application_new": ({EN}, lambda w: {"pk": w["round"].pk}),
    "vetting:review_list": ({RV}, lambda w: {"pk": w["round"].pk}),
    "vetting:application_detail": ({DA, CS, EN, RV}, lambda w: {"pk": w["application"].pk}),
    "vetting:review_score": ({RV}, lambda w: {"pk": w["application"].pk}),
    "vetting:answer_file": ({DA, CS, EN, RV}, lambda w: {"pk": w["answer"].pk}),
    "site:manage": (STAFF, None),
    "performance:overview": ({DA, CS, BU}, None),
    "performance:institution": ({DA, CS, BU}, lambda w: {"pk": w["institution"].pk}),
    "performance:department": ({DA, CS, BU}, lambda w: {"pk": w["department"].pk}),
    "performance:enterprise": ({DA, CS, BU, EN}, lambda w: {"pk": w["enterprise"].pk}),
    "performance:monitoring_report": (STAFF, lambda w: {"fmt": "xlsx"}),
    "performance:year_closing": ({DA}, lambda w: {"year": 2024}),
    "performance:statutory": ({DA, CS, BU}, lambda w: {"pk": w["institution"].pk, "form_name": "performance"}),
    "ledger:batch_list": (STAFF, None),
    "g2b:status": ({DA}, None),
    "g2b:collect": ({DA}, None),
    "g2b:upload": ({DA}, None),
    "ledger:batch_undo": (STAFF, lambda w: {"pk": w["batch"].pk}),
    "ledger:purchase_list": (STAFF | {BU}, None),
    "ledger:purchase_create": (STAFF | {BU}, None),
    "ledger:purchase_reverse": (STAFF | {BU}, lambda w: {"pk": w["manual_purchase"].pk}),
    "ledger:reconciliation": (STAFF | {BU}, None),
    "ledger:reconciliation_decide": (STAFF | {BU}, lambda w: {"pk": w["copied_purchase"].pk}),
    "buying:correction_request": ({BU}, lambda w: {"pk": w["contract"].pk}),
    "buying:corrections": (STAFF, None),
    "buying:correction_decide": (STAFF, lambda w: {"pk": w["correction"].pk}),
    "buying:contract_change_decide": (STAFF, lambda w: {"pk": w["contract_change"].pk}),
    "catalog:search": (ANYONE, None),
    "catalog:suggest": (ANYONE, None),
    "catalog:detail": (ANYONE, lambda w: {"pk": w["offering"].pk}),
    "catalog:shortlist_toggle": (STAFF | {BU}, lambda w: {"pk": w["offering"].pk}),
    "catalog:offering_hide": (STAFF, lambda w: {"pk": w["offering"].pk}),
    "catalog:offering_file": (ANYONE, lambda w: {"pk": w["offering"].pk, "which": "photo"}),
    "catalog:shortlist": (STAFF | {BU}, None),
    "catalog:shortlist_shared": (SIGNED_IN, lambda w: {"token": w["shortlist"].share_token}),
    "catalog:my_offerings": ({EN}, None),
    "catalog:offering_new": ({EN}, None),
    "catalog:offering_edit": ({EN}, lambda w: {"pk": w["offering"].pk}),
    "catalog:offering_delete": ({EN}, lambda w: {"pk": w["offering"].pk}),
    "disclosure:index": (ANYONE, None),
    "disclosure:detail": (ANYONE, lambda w: {"year": 2024, "pk": w["institution"].pk}),
    "disclosure:download": (ANYONE, lambda w: {"year": 2024, "fmt": "xlsx"}),
    "catalog:search_insights": (STAFF, None),
    "catalog:search_match": (STAFF, None),
    "catalog:search_match_retire": (STAFF, lambda w: {"pk": 1}),  # GET only leads back to the page
    "opendata:index": (ANYONE, None),
    "insights:home": ({DA, CS, BU}, None),
    "insights:institution": ({DA, CS, BU}, lambda w: {"pk": w["institution"].pk}),
    "insights:department": ({DA, CS, BU}, lambda w: {"pk": w["institution"].pk, "department_pk": w["department"].pk}),
    "insights:line_mark": ({DA, CS, BU}, lambda w: {"record_pk": w["manual_purchase"].pk}),
    "opendata:ocds_year": (ANYONE, lambda w: {"year": 2024}),
    "opendata:tokens": (STAFF, None),
    "events:list": (ANYONE, None),
    "events:new": (STAFF, None),
    "events:detail": (ANYONE, lambda w: {"pk": w["event"].pk}),
    "events:edit": (STAFF, lambda w: {"pk": w["event"].pk}),
    "events:manage": (STAFF, lambda w: {"pk": w["event"].pk}),
    "events:register": (ANYONE, lambda w: {"pk": w["event"].pk}),
    "events:booth_list": (ANYONE, lambda w: {"pk": w["event"].pk}),
    "events:schedule": (STAFF, lambda w: {"pk": w["event"].pk}),
    "events:timetables_print": (STAFF, lambda w: {"pk": w["event"].pk}),
    "events:my_timetable": (SIGNED_IN, lambda w: {"pk": w["event"].pk}),
    "events:checkin": (STAFF, lambda w: {"pk": w["event"].pk}),
    "events:attendance": (STAFF, lambda w: {"pk": w["event"].pk}),
    "events:report": (STAFF, lambda w: {"pk": w["event"].pk}),
    "events:report_xlsx": (STAFF, lambda w: {"pk": w["event"].pk}),
    "events:registrations_xlsx": (STAFF, lambda w: {"pk": w["event"].pk}),
    "events:booth_detail": (ANYONE, lambda w: {"pk": w["booth"].pk}),
    "events:booth_edit": (STAFF | {EN}, lambda w: {"pk": w["booth"].pk}),
    "events:consultation": (STAFF | {BU, EN}, lambda w: {"pk": w["consultation"].pk}),
    "events:registration_detail": (ANYONE, lambda w: {"code": w["registration"].code}),
    "events:registration_qr": (ANYONE, lambda w: {"code": w["registration"].code}),
    "events:registration_cancel": (ANYONE, lambda w: {"code": w["registration"].code}),
    "surveys:list": (STAFF, None),
    "surveys:compare": (STAFF, None),
    "surveys:builder": (STAFF, lambda w: {"pk": w["survey"].pk}),
    "surveys:results": (STAFF, lambda w: {"pk": w["survey"].pk}),
    "surveys:results_xlsx": (STAFF, lambda w: {"pk": w["survey"].pk}),
    "surveys:tokens": (STAFF, lambda w: {"pk": w["survey"].pk}),
    "surveys:respond": (SIGNED_IN, lambda w: {"token": w["survey"].link_token}),
    "guides:list": (ANYONE, None),
    "guides:new": (STAFF, None),
    "guides:detail": (ANYONE, lambda w: {"slug": w["guide"].slug}),
    "guides:edit": (STAFF, lambda w: {"slug": w["guide"].slug}),
    "guides:file": (ANYONE, lambda w: {"pk": w["guide_file"].pk}),
    "guides:file_remove": (STAFF, lambda w: {"pk": w["guide_file"].pk}),
}


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in ("admin", "api"):
                # Django's admin has its own staff check (test_admin_requires_login); the API is open data
                # read by anyone and written with an institution's token (tests/api/test_api.py).
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry


def test_every_view_declares_an_access_rule_and_an_expectation():
    patterns = dict(_named_patterns())
    missing_rule = [name for name, p in patterns.items() if not hasattr(p.callback, "access_rule")]
    assert missing_rule == [], f"views without @access: {missing_rule}"
    assert sorted(set(patterns) - set(EXPECTED)) == [], "add these URLs to EXPECTED"
    assert sorted(set(EXPECTED) - set(patterns)) == [], "EXPECTED names URLs that no longer exist"


def _registry_world(enterprise) -> dict:
    from django.utils import timezone

    from procure.enterprises.models import BusinessStatus, RegistryListCheck, RegistryProposal

    check = RegistryListCheck.objects.create(source="xlsx", rows=1)
    proposal = RegistryProposal.objects.create(check_run=check, action="uncertain", name="시험", reason="시험")
    status = BusinessStatus.objects.create(
        enterprise=enterprise, status="none", checked_at=timezone.now(), first_seen_on=date(2026, 1, 1)
    )
    return {"list_check": check, "proposal": proposal, "business_status": status}


@pytest.fixture
def world(make_user):
    """One user per role and one object of every kind, linked so that each user's own things exist."""
    buyer = make_user(BU)
    member = make_user(EN)
    reviewer = make_user(RV)
    enterprise = member.enterprise
    enterprise.address = "서울특별시 관악구 관악로 1"
    enterprise.save()
    Certification.objects.create(enterprise=enterprise, type=EnterpriseType.COOPERATIVE)
    pending = Certification.objects.create(
        enterprise=enterprise,
        type=EnterpriseType.PRE_SOCIAL_ENTERPRISE,
        status=CertificationStatus.PENDING,
        document=SimpleUploadedFile("cert.pdf", b"%PDF-1.4 test"),
    )
    round_ = Round.objects.create(
        title="시험 모집", opens_on=date(2024, 3, 1), closes_on=date(2024, 3, 31), status=RoundStatus.REVIEWING
    )
    round_.reviewers.add(reviewer)
    PurchaseRecord.objects.create(
        institution=buyer.institution,
        contract_date=date(2024, 5, 1),
        title="시험",
        kind="goods",
        amount=1000,
        supplier_name="업체",
        supplier_business_no=enterprise.business_no,
        identity=1,
    )
    rollups_rebuild()
    application = Application.objects.create(round=round_, enterprise=enterprise, submitted_by=member)
    question = Question.objects.create(round=round_, text="실적", kind="file")
    answer = Answer.objects.create(
        application=application, question=question, file=SimpleUploadedFile("list.pdf", b"%PDF-1.4 list")
    )
    return {
        "users": {BU: buyer, EN: member, RV: reviewer, DA: make_user(DA), CS: make_user(CS)},
        "institution": buyer.institution,
        "department": DepartmentFactory(institution=buyer.institution),
        "notification": Notification.objects.create(recipient=buyer, title="시험 알림"),
        "enterprise": enterprise,
        "photo": EnterprisePhoto.objects.create(enterprise=enterprise, image=SimpleUploadedFile("p.png", PNG)),
        "pending_certification": pending,
        **_registry_world(enterprise),
        "pending_qualification": EnterpriseQualification.objects.create(
            enterprise=enterprise,
            kind="interior_works",
            status=CertificationStatus.PENDING,
            document=SimpleUploadedFile("licence.pdf", b"%PDF-1.4 licence"),
        ),
        "import_job": ImportJob.objects.create(
            kind="enterprises",
            file=SimpleUploadedFile("a.csv", b"a"),
            filename="a.csv",
            sha256="0",
            uploaded_by=member,
            status="refused",
            errors_file=SimpleUploadedFile("errors.csv", "행,열,내용\n2,기업명,비어 있습니다\n".encode()),
        ),
        "round": round_,
        "application": application,
        "answer": answer,
        "batch": LedgerBatch.objects.create(filename="l.csv", sha256="0"),
        "offering": Offering.objects.create(
            enterprise=enterprise,
            name="현수막 제작",
            kind="goods",
            category=Category.objects.get(code="PRINT"),
            photo=SimpleUploadedFile("o.png", PNG),
        ),
        "shortlist": Shortlist.objects.create(owner=buyer),
        "manual_purchase": PurchaseRecordFactory(department=buyer.department, source="manual"),
        **_buying_world(buyer, enterprise),
        **_events_world(buyer, enterprise),
    }


def _buying_world(buyer, enterprise) -> dict:
    from procure.buying.models import Contract, Quote, QuoteRequest

    request = QuoteRequest.objects.create(
        institution=buyer.institution,
        department=buyer.department,
        requested_by=buyer,
        title="답례품",
        kind="goods",
        description="답례품 100개",
        answer_by=date(2099, 1, 1),
    )
    request.enterprises.add(enterprise)
    quote = Quote.objects.create(
        request=request, enterprise=enterprise, supply_amount=1_000_000, valid_until=date(2099, 1, 1)
    )
    contract = Contract.objects.create(
        number="T-1",
        request=request,
        quote=quote,
        enterprise=enterprise,
        institution=buyer.institution,
        department=buyer.department,
        title="답례품",
        kind="goods",
        amount=1_000_000,
        supply_amount=1_000_000,
        route="single_quote",
        route_label="1인 견적 수의계약",
        basis="지방계약법 시행령 제30조제1항제2호",
        contract_date=date(2026, 6, 1),
        created_by=buyer,
    )
    from procure.buying.models import Attachment

    attachment = Attachment.objects.create(
        request=request,
        stage="request",
        file=SimpleUploadedFile("spec.pdf", b"%PDF-1.4 spec"),
        label="규격서",
        uploaded_by=buyer,
    )
    from procure.buying.models import ContractCorrection
    from procure.ledger.models import MatchStatus, PurchaseRecord

    correction = ContractCorrection.objects.create(
        contract=contract, kind="rescind", amount=1_000_000, reason="시험", requested_by=buyer
    )
    from procure.buying.models import ContractChange

    contract_change = ContractChange.objects.create(
        contract=contract,
        amount_before=1_000_000,
        amount_after=1_100_000,
        supply_before=1_000_000,
        supply_after=1_100_000,
        reason="시험",
        status="requested",
        requested_by=buyer,
    )
    platform_line = PurchaseRecordFactory(department=buyer.department, source="platform")
    copied = PurchaseRecordFactory(
        department=buyer.department, source="import", match_status=MatchStatus.PENDING, match_of=platform_line
    )
    assert PurchaseRecord.objects.filter(pk=copied.pk).exists()
    return {
        "quote_request": request,
        "quote": quote,
        "contract": contract,
        "attachment": attachment,
        "correction": correction,
        "contract_change": contract_change,
        "copied_purchase": copied,
    }


def _events_world(buyer, enterprise) -> dict:
    import datetime

    from procure.events.models import Booth, Consultation, ConsultationSlot, Event, Registration
    from procure.guides.models import Guide, GuideFile
    from procure.surveys.models import Survey

    event = Event.objects.create(
        title="시험 설명회",
        date=date(2099, 5, 1),
        starts_at=datetime.time(14),
        ends_at=datetime.time(17),
        venue="구청",
        capacity=10,
        status="open",
    )
    booth = Booth.objects.create(event=event, enterprise=enterprise, number=1, categories=["PRINT"])
    slot = ConsultationSlot.objects.create(event=event, starts_at=datetime.time(15), ends_at=datetime.time(15, 20))
    registration = Registration.objects.create(
        event=event,
        user=buyer,
        name="구매",
        email="buyer@example.org",
        institution=buyer.institution,
        department=buyer.department,
        categories=["PRINT"],
        status="confirmed",
        consented_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    guide, _ = Guide.objects.get_or_create(slug="procedure", defaults={"title": "절차", "body": "## 절차"})
    return {
        "event": event,
        "booth": booth,
        "registration": registration,
        "consultation": Consultation.objects.create(event=event, registration=registration, booth=booth, slot=slot),
        "survey": Survey.objects.create(title="인식 설문", status="open", audience="officers"),
        "guide": guide,
        "guide_file": GuideFile.objects.create(
            guide=guide, title="견적 요청서", file=SimpleUploadedFile("f.pdf", b"%PDF-1.4 form")
        ),
    }


def _may_open(rule, role) -> bool:
    if rule == ANYONE:
        return True
    if role is None:
        return False
    return rule == SIGNED_IN or role in rule


def _classify(response) -> str:
    if response.status_code in (403, 404):  # 404: another's object is not revealed
        return "denied"
    if response.status_code == 302 and response.url.startswith(reverse("accounts:login")):
        return "login"
    return "open"


@pytest.mark.parametrize("role", [None, *[r.value for r in (DA, CS, BU, EN, RV)]], ids=lambda r: r or "anonymous")
def test_access_matrix(client, world, role):
    if role:
        client.force_login(world["users"][role])
    failures = []
    for name, (rule, make_kwargs) in EXPECTED.items():
        url = reverse(name, kwargs=make_kwargs(world) if make_kwargs else None)
        outcome = _classify(client.get(url))
        if _may_open(rule, role):
            expected = "open"
        else:
            expected = "login" if role is None else "denied"
        if outcome != expected:
            failures.append(f"{name} {url}: expected {expected}, got {outcome}")
    assert failures == []


@pytest.mark.django_db
def test_admin_requires_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_admin_refuses_a_signed_in_buyer(client, buyer):
    client.force_login(buyer)
    response = client.get("/admin/", follow=True)
    assert "site administration" not in response.content.decode().lower()
    assert response.redirect_chain[-1][0].startswith("/admin/login/")


def test_admin_opens_for_the_district_superuser(client, make_user):
    admin = make_user(DA, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "사회적경제 공공구매 플랫폼 관리" in response.content.decode()
