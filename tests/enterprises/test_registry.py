import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from procure.catalog.models import Category
from procure.core.models import AuditEvent, Notification
from procure.enterprises.models import Certification, CertificationStatus, EnterpriseType
from procure.enterprises.services import certifications_check_expiry
from tests.factories import EnterpriseFactory, EnterpriseMemberFactory
from tests.sample_files import pdf_bytes

TODAY = timezone.localdate()
PDF = pdf_bytes()


def certify(enterprise, type_=EnterpriseType.COOPERATIVE, valid_from=None, valid_to=None, **kwargs):
    return Certification.objects.create(
        enterprise=enterprise, type=type_, valid_from=valid_from, valid_to=valid_to, **kwargs
    )


@pytest.mark.django_db
def test_directory_lists_only_enterprises_valid_today_with_filters(client):
    valid = EnterpriseFactory(name="관악도시락 협동조합")
    certify(valid, EnterpriseType.COOPERATIVE)
    valid.categories.set(Category.objects.filter(code="CATER"))
    expired = EnterpriseFactory(name="만료된기업")
    certify(expired, valid_to=TODAY - datetime.timedelta(days=1))
    future = EnterpriseFactory(name="내년기업")
    certify(future, valid_from=TODAY + datetime.timedelta(days=1))
    pending = EnterpriseFactory(name="대기기업")
    certify(pending, status=CertificationStatus.PENDING)

    page = client.get(reverse("enterprises:directory")).content.decode()
    assert "관악도시락 협동조합" in page
    for hidden in ["만료된기업", "내년기업", "대기기업"]:
        assert hidden not in page
    by_type = client.get(reverse("enterprises:directory"), {"type": EnterpriseType.VILLAGE_ENTERPRISE})
    assert "관악도시락" not in by_type.content.decode()
    by_category = client.get(reverse("enterprises:directory"), {"category": "CATER", "q": "도시락"})
    assert "관악도시락 협동조합" in by_category.content.decode()


@pytest.mark.django_db
def test_an_expired_enterprise_page_is_hidden_from_the_public_but_not_from_its_member(client):
    member = EnterpriseMemberFactory()
    certify(member.enterprise, valid_to=TODAY - datetime.timedelta(days=3))
    url = reverse("enterprises:public_detail", args=[member.enterprise.pk])
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200


def test_member_edits_their_profile_and_the_change_is_audited(client, enterprise_member):
    client.force_login(enterprise_member)
    response = client.post(
        reverse("enterprises:profile_edit"),
        {
            "name": "새이름 협동조합",
            "address": "서울특별시 관악구 관악로 1",
            "employees": 10,
            "vulnerable_employees": 4,
            "categories": [Category.objects.get(code="CLEAN").pk],
        },
    )
    assert response.status_code == 302
    enterprise_member.enterprise.refresh_from_db()
    assert enterprise_member.enterprise.vulnerable_share_percent == 40
    event = AuditEvent.objects.get(action="enterprises.enterprise.changed")
    assert event.after["address"] == "서울특별시 관악구 관악로 1"
    assert event.after["categories"] == ["CLEAN"]
    # The new name waits for staff review (test_a_members_change_of_name_waits_for_staff_review).
    assert enterprise_member.enterprise.requested_name == "새이름 협동조합"


def test_more_vulnerable_than_total_employees_is_refused(client, enterprise_member):
    client.force_login(enterprise_member)
    response = client.post(
        reverse("enterprises:profile_edit"), {"name": "가", "employees": 3, "vulnerable_employees": 5}
    )
    assert "전체 근로자 수보다 많을 수 없습니다" in response.content.decode()


def test_a_document_that_is_not_really_a_pdf_is_refused(client, enterprise_member):
    client.force_login(enterprise_member)
    fake = SimpleUploadedFile("인증서.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
    response = client.post(
        reverse("enterprises:certification_new"), {"type": EnterpriseType.PRE_SOCIAL_ENTERPRISE, "document": fake}
    )
    assert "허용되지 않는 파일 형식입니다" in response.content.decode()
    assert not Certification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_certification_request_waits_for_staff_approval(client, enterprise_member, center_staff):
    client.force_login(enterprise_member)
    client.post(
        reverse("enterprises:certification_new"),
        {
            "type": EnterpriseType.PRE_SOCIAL_ENTERPRISE,
            "number": "예비-1",
            "valid_from": "2026-01-01",
            "document": SimpleUploadedFile("cert.pdf", PDF),
        },
    )
    certification = Certification.objects.get()
    assert certification.status == CertificationStatus.PENDING
    assert not certification.is_valid_on(TODAY)
    assert Notification.objects.filter(recipient=center_staff, title__contains="인증 확인 요청").exists()

    client.force_login(center_staff)
    url = reverse("enterprises:certification_review", args=[certification.pk])
    response = client.post(url, {"decision": "reject"})
    assert "반려 사유를 입력해 주세요" in response.content.decode()
    client.post(url, {"decision": "approve"})
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.APPROVED
    assert certification.is_valid_on(TODAY)
    assert Notification.objects.filter(recipient=enterprise_member, title="인증 정보가 승인되었습니다").exists()
    assert any(enterprise_member.email in m.to for m in mail.outbox)
    assert AuditEvent.objects.filter(action="enterprises.certification.approved").exists()


def test_another_enterprise_cannot_download_a_certification_document(client, enterprise_member):
    stranger = EnterpriseMemberFactory()
    certification = certify(enterprise_member.enterprise, document=SimpleUploadedFile("c.pdf", PDF))
    client.force_login(stranger)
    assert client.get(reverse("enterprises:certification_document", args=[certification.pk])).status_code == 403
    client.force_login(enterprise_member)
    assert client.get(reverse("enterprises:certification_document", args=[certification.pk])).status_code == 200


@pytest.mark.django_db
def test_expiry_notices_go_once_to_the_enterprise_and_the_center(enterprise_member, center_staff):
    soon = certify(enterprise_member.enterprise, valid_to=TODAY + datetime.timedelta(days=30))
    other = EnterpriseMemberFactory()
    gone = certify(other.enterprise, valid_to=TODAY - datetime.timedelta(days=1))
    renewed = EnterpriseMemberFactory()
    certify(renewed.enterprise, valid_to=TODAY + datetime.timedelta(days=10))
    certify(renewed.enterprise, valid_from=TODAY + datetime.timedelta(days=11))
    later = certify(EnterpriseFactory(), valid_to=TODAY + datetime.timedelta(days=90))

    assert certifications_check_expiry(today=TODAY) == {"soon": 1, "expired": 1}
    assert Notification.objects.filter(recipient=enterprise_member, title__contains="만료됩니다").count() == 1
    assert Notification.objects.filter(recipient=other, title__contains="만료되었습니다").count() == 1
    assert Notification.objects.filter(recipient=center_staff).count() == 2
    assert not Notification.objects.filter(recipient=renewed).exists()
    assert certifications_check_expiry(today=TODAY) == {"soon": 0, "expired": 0}
    # A month later the first one has ended (told once more) and the third comes within 60 days.
    assert certifications_check_expiry(today=TODAY + datetime.timedelta(days=31)) == {"soon": 1, "expired": 1}
    soon.refresh_from_db(), gone.refresh_from_db(), later.refresh_from_db()
    assert (soon.expiry_notice, gone.expiry_notice, later.expiry_notice) == ("expired", "expired", "soon")


def _profile_data(enterprise, **changes):
    from procure.enterprises.forms import EnterpriseProfileForm

    form = EnterpriseProfileForm(instance=enterprise)
    data = {name: form.initial.get(name) or "" for name in form.fields if name != "categories"}
    return {key: value for key, value in {**data, **changes}.items() if value is not None}


def test_a_members_change_of_name_waits_for_staff_review(client, enterprise_member, center_staff):
    enterprise = enterprise_member.enterprise
    old_name = enterprise.name
    client.force_login(enterprise_member)
    response = client.post(reverse("enterprises:profile_edit"), _profile_data(enterprise, name="새이름 협동조합"))
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.name == old_name and enterprise.requested_name == "새이름 협동조합"
    assert Notification.objects.filter(recipient=center_staff, title__contains="기업명 변경 요청").exists()
    assert AuditEvent.objects.filter(action="enterprises.name.requested").exists()

    client.force_login(center_staff)
    queue = client.get(reverse("enterprises:certification_queue")).content.decode()
    assert "새이름 협동조합" in queue
    client.post(reverse("enterprises:name_review", args=[enterprise.pk]), {"decision": "approve"})
    enterprise.refresh_from_db()
    assert enterprise.name == "새이름 협동조합" and enterprise.requested_name == ""
    event = AuditEvent.objects.get(action="enterprises.name.approved")
    assert event.before["name"] == old_name and event.after["name"] == "새이름 협동조합"
    assert Notification.objects.filter(recipient=enterprise_member, title__contains="승인").exists()


def test_a_rejected_name_needs_a_reason_and_keeps_the_old_name(client, enterprise_member, center_staff):
    enterprise = enterprise_member.enterprise
    old_name = enterprise.name
    client.force_login(enterprise_member)
    client.post(reverse("enterprises:profile_edit"), _profile_data(enterprise, name="엉뚱한 이름"))
    client.force_login(center_staff)
    client.post(reverse("enterprises:name_review", args=[enterprise.pk]), {"decision": "reject"})
    enterprise.refresh_from_db()
    assert enterprise.requested_name == "엉뚱한 이름"  # no reason: nothing done
    client.post(
        reverse("enterprises:name_review", args=[enterprise.pk]), {"decision": "reject", "reason": "등기와 다름"}
    )
    enterprise.refresh_from_db()
    assert enterprise.name == old_name and enterprise.requested_name == ""


def test_a_member_cannot_review_names(client, enterprise_member):
    client.force_login(enterprise_member)
    response = client.post(
        reverse("enterprises:name_review", args=[enterprise_member.enterprise.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403


def test_a_very_long_description_is_refused_in_korean(client, enterprise_member):
    enterprise = enterprise_member.enterprise
    client.force_login(enterprise_member)
    response = client.post(reverse("enterprises:profile_edit"), _profile_data(enterprise, description="가" * 1_200_000))
    assert response.status_code == 200
    assert "4000" in response.content.decode() or "4,000" in response.content.decode()
    enterprise.refresh_from_db()
    assert len(enterprise.description) < 4001
