"""Qualifications an enterprise holds (decree supplier groups, 업종 registrations and licences), with validity."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from procure.core.models import AuditEvent, Notification
from procure.enterprises.models import (
    BusinessStatus,
    Certification,
    CertificationStatus,
    EnterpriseQualification,
    EnterpriseType,
    TaxStatus,
)
from procure.enterprises.qualification_kinds import GROUP, KIND_BY_CODE, KINDS, LICENCE, SUPPLIER_GROUPS
from procure.enterprises.selectors import licence_holders_on, licences_on, supplier_groups_on
from tests.factories import EnterpriseFactory, EnterpriseMemberFactory
from tests.sample_files import pdf_bytes

D = datetime.date
PDF = pdf_bytes()


def hold(enterprise, kind, valid_from=None, valid_until=None, status=CertificationStatus.APPROVED):
    return EnterpriseQualification.objects.create(
        enterprise=enterprise, kind=kind, valid_from=valid_from, valid_until=valid_until, status=status
    )


def test_the_kinds_are_data_with_a_source_and_stable_codes():
    assert len({k.code for k in KINDS}) == len(KINDS)
    assert all(k.source and k.family in {GROUP, LICENCE} for k in KINDS)
    assert {k.group for k in KINDS if k.family == GROUP} == set(SUPPLIER_GROUPS)
    assert KIND_BY_CODE["interior_works"].works_type == "전문"
    assert KIND_BY_CODE["electrical_works"].works_type == "기타"
    assert KIND_BY_CODE["building_works"].works_type == "종합"


@pytest.mark.django_db
def test_supplier_groups_on_a_date_join_confirmations_and_certifications():
    enterprise = EnterpriseFactory()
    Certification.objects.create(enterprise=enterprise, type=EnterpriseType.CERTIFIED_SOCIAL_ENTERPRISE)
    hold(enterprise, "small_business", D(2025, 4, 1), D(2026, 3, 31))
    hold(enterprise, "women_business", D(2026, 1, 1))
    hold(enterprise, "youth_startup", status=CertificationStatus.PENDING)  # not checked yet: not counted
    hold(enterprise, "interior_works")  # a licence is not a supplier group

    assert supplier_groups_on(enterprise, D(2025, 12, 1)) == {"certified_se", "small_micro"}
    assert supplier_groups_on(enterprise, D(2026, 3, 31)) == {"certified_se", "small_micro", "women"}
    assert supplier_groups_on(enterprise, D(2026, 4, 1)) == {"certified_se", "women"}
    assert supplier_groups_on(enterprise, D(2025, 3, 31)) == {"certified_se"}


@pytest.mark.django_db
def test_licences_and_their_holders_on_a_date():
    repairs = EnterpriseFactory(name="관악 집수리 자활기업")
    hold(repairs, "interior_works", D(2024, 1, 1), D(2026, 12, 31))
    hold(repairs, "small_business")
    other = EnterpriseFactory(name="전기 협동조합")
    hold(other, "electrical_works", status=CertificationStatus.REJECTED)
    closed = EnterpriseFactory(name="쉬는 기업", is_active=False)
    hold(closed, "interior_works")

    assert licences_on(repairs, D(2025, 6, 1)) == {"interior_works"}
    assert licences_on(repairs, D(2027, 1, 1)) == set()
    assert licences_on(other, D(2025, 6, 1)) == set()
    assert list(licence_holders_on("interior_works", D(2025, 6, 1))) == [repairs]
    assert list(licence_holders_on("interior_works", D(2023, 12, 31))) == []
    assert list(licence_holders_on("electrical_works", D(2025, 6, 1))) == []
    assert list(licence_holders_on("small_business", D(2025, 6, 1))) == []  # a group, not a licence
    assert list(licence_holders_on("no_such_code", D(2025, 6, 1))) == []
    # Closed by the tax service on 2025.09.30: nothing held from the next day.
    BusinessStatus.objects.create(
        enterprise=repairs,
        status=TaxStatus.CLOSED,
        closed_on=D(2025, 9, 30),
        inactive_from=D(2025, 10, 1),
        checked_at=timezone.now(),
    )
    assert list(licence_holders_on("interior_works", D(2025, 9, 30))) == [repairs]
    assert list(licence_holders_on("interior_works", D(2025, 10, 1))) == []
    assert licences_on(repairs, D(2025, 10, 1)) == set() and supplier_groups_on(repairs, D(2025, 10, 1)) == set()
    assert supplier_groups_on(repairs, D(2025, 9, 30)) == {"small_micro"}


def _form(**overrides):
    data = {
        "kind": "interior_works",
        "number": "서울-관악-2024-12",
        "issuer": "관악구청",
        "valid_from": "2024-01-01",
        "valid_until": "2026-12-31",
        "document": SimpleUploadedFile("등록증.pdf", PDF, content_type="application/pdf"),
    }
    data.update(overrides)
    return data


def test_a_member_records_a_licence_that_counts_once_the_center_confirms_it(client, enterprise_member, center_staff):
    enterprise = enterprise_member.enterprise
    client.force_login(enterprise_member)
    assert client.get(reverse("enterprises:qualification_new")).status_code == 200
    response = client.post(reverse("enterprises:qualification_new"), _form())
    assert response.status_code == 302
    qualification = EnterpriseQualification.objects.get(enterprise=enterprise)
    assert qualification.status == CertificationStatus.PENDING
    assert licences_on(enterprise, D(2025, 6, 1)) == set()
    assert Notification.objects.filter(recipient=center_staff, title__contains="자격 확인 요청").exists()
    page = client.get(reverse("enterprises:my_enterprise")).content.decode()
    assert "실내건축공사업" in page and "승인 대기" in page

    client.force_login(center_staff)
    queue = client.get(reverse("enterprises:certification_queue")).content.decode()
    assert "실내건축공사업" in queue
    review_url = reverse("enterprises:qualification_review", args=[qualification.pk])
    assert client.get(review_url).status_code == 200
    assert client.post(review_url, {"decision": "approve", "reason": ""}).status_code == 302
    assert licences_on(enterprise, D(2025, 6, 1)) == {"interior_works"}
    event = AuditEvent.objects.get(action="enterprises.qualification.approved")
    assert event.actor == center_staff
    assert event.before["status"] == "pending" and event.after["status"] == "approved"
    assert Notification.objects.filter(recipient=enterprise_member, title="자격 정보가 승인되었습니다").exists()


def test_a_member_cannot_record_without_the_paper_or_with_an_unknown_kind_or_a_reversed_period(
    client, enterprise_member
):
    client.force_login(enterprise_member)
    url = reverse("enterprises:qualification_new")
    no_paper = _form()
    del no_paper["document"]
    for data, message in [
        (no_paper, "필수"),
        (_form(kind="astronaut"), "올바르게 선택"),
        (_form(valid_from="2026-01-01", valid_until="2025-01-01"), "유효 종료일은 시작일보다 빠를 수 없습니다"),
    ]:
        response = client.post(url, data)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not EnterpriseQualification.objects.exists()


def test_the_center_records_and_corrects_a_qualification_audited_and_shown_on_the_profile(client, center_staff):
    enterprise = EnterpriseFactory(name="관악 여성 협동조합")
    Certification.objects.create(enterprise=enterprise, type=EnterpriseType.SOCIAL_COOPERATIVE)
    client.force_login(center_staff)
    url = reverse("enterprises:qualification_record", args=[enterprise.pk])
    data = _form(kind="women_business", number="제2025-여성-77", valid_from="2025-02-01", valid_until="2028-01-31")
    del data["document"]  # the center has seen the paper
    assert client.post(url, data).status_code == 302
    qualification = EnterpriseQualification.objects.get(enterprise=enterprise)
    assert qualification.status == CertificationStatus.APPROVED and qualification.reviewed_by == center_staff
    assert supplier_groups_on(enterprise, D(2025, 3, 1)) == {"social_coop", "women"}
    assert AuditEvent.objects.filter(action="enterprises.qualification.recorded", actor=center_staff).exists()

    edit = reverse("enterprises:qualification_edit", args=[enterprise.pk, qualification.pk])
    assert client.post(edit, {**data, "valid_until": "2025-02-28"}).status_code == 302
    changed = AuditEvent.objects.get(action="enterprises.qualification.changed")
    assert changed.before["valid_until"] == "2028-01-31" and changed.after["valid_until"] == "2025-02-28"
    assert supplier_groups_on(enterprise, D(2025, 3, 1)) == {"social_coop"}

    page = client.get(reverse("enterprises:public_detail", args=[enterprise.pk])).content.decode()
    assert "여성기업 확인" in page and "제2025-여성-77" in page and "2025.02.28" in page


def test_access_to_the_qualification_pages(client, enterprise_member, center_staff, district_admin, buyer):
    mine = hold(enterprise_member.enterprise, "interior_works", status=CertificationStatus.PENDING)
    mine.document = SimpleUploadedFile("a.pdf", PDF)
    mine.save()
    other_member = EnterpriseMemberFactory()
    enterprise = enterprise_member.enterprise
    urls = {
        "new": reverse("enterprises:qualification_new"),
        "record": reverse("enterprises:qualification_record", args=[enterprise.pk]),
        "edit": reverse("enterprises:qualification_edit", args=[enterprise.pk, mine.pk]),
        "review": reverse("enterprises:qualification_review", args=[mine.pk]),
        "document": reverse("enterprises:qualification_document", args=[mine.pk]),
    }
    may = {
        enterprise_member: {"new", "document"},
        other_member: {"new"},
        center_staff: {"record", "edit", "review", "document"},
        district_admin: {"record", "edit", "review", "document"},
        buyer: set(),
    }
    for user, allowed in may.items():
        client.force_login(user)
        for name, url in urls.items():
            status = client.get(url).status_code
            assert (status == 200) == (name in allowed), (user.username, name, status)
    client.logout()
    assert client.get(urls["new"]).status_code == 302  # to sign in
    # A member cannot approve their own request by posting to the review page.
    client.force_login(enterprise_member)
    client.post(urls["review"], {"decision": "approve"})
    mine.refresh_from_db()
    assert mine.status == CertificationStatus.PENDING


@pytest.mark.django_db
def test_the_request_forms_and_services_share_one_field_list_and_a_new_document_is_audited(
    enterprise_member, center_staff
):
    import inspect

    from django.core.files.uploadedfile import SimpleUploadedFile

    from procure.core.models import AuditEvent
    from procure.enterprises import forms, services

    for form, service, editable in (
        (forms.CertificationRequestForm, services.certification_request, services.CERTIFICATION_EDITABLE),
        (forms.QualificationForm, services.qualification_request, services.QUALIFICATION_EDITABLE),
    ):
        arguments = [n for n in inspect.signature(service).parameters if n not in ("actor", "enterprise")]
        assert list(form._meta.fields) == editable == arguments
    enterprise = enterprise_member.enterprise
    recorded = services.qualification_save(
        actor=center_staff, enterprise=enterprise, kind="women_business", number="제1호"
    )
    paper = SimpleUploadedFile("확인서.pdf", b"%PDF-1.4 probe", content_type="application/pdf")
    services.qualification_save(actor=center_staff, enterprise=enterprise, qualification=recorded, document=paper)
    changed = AuditEvent.objects.get(action="enterprises.qualification.changed", object_id=str(recorded.pk))
    assert changed.before["document"] == "" and changed.after["document"].endswith(".pdf")
    assert changed.after["number"] == "제1호"  # KEEP left it as it was
