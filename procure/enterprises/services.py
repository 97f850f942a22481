"""Writes to the registry: profiles, certification requests and their review, expiry notices."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from procure.accounts.models import Role, User
from procure.core.services import audit, notify, snapshot
from procure.core.text import josa, quoted
from procure.enterprises.models import (
    Certification,
    CertificationStatus,
    Enterprise,
    EnterprisePhoto,
    EnterpriseQualification,
)
from procure.enterprises.signals import (
    certifications_changed_send,
    enterprise_changed_send,
    qualifications_changed_send,
)

PROFILE_FIELDS = [
    "name",
    "representative",
    "address",
    "phone",
    "homepage",
    "main_products",
    "description",
    "employees",
    "vulnerable_employees",
]
CERTIFICATION_FIELDS = ["type", "number", "issuer", "valid_from", "valid_to", "status", "rejection_reason"]
EXPIRY_WARNING_DAYS = 60


def _staff():
    return User.objects.filter(role__in=[Role.CENTER_STAFF], is_active=True)


@transaction.atomic
def enterprise_profile_update(
    *, actor, enterprise: Enterprise, categories=None, name_needs_review: bool = False, **changes
) -> Enterprise:
    """Save the profile. With `name_needs_review` (a member editing their own enterprise) a new name is not
    applied but handed to staff (enterprise_name_review)."""
    if name_needs_review and "name" in changes:
        new_name = changes.pop("name")
        if new_name != enterprise.name:
            enterprise_name_request(actor=actor, enterprise=enterprise, name=new_name)
    before = snapshot(enterprise, PROFILE_FIELDS)
    before_categories = sorted(enterprise.categories.values_list("code", flat=True))
    for field, value in changes.items():
        setattr(enterprise, field, value)
    enterprise.full_clean()
    enterprise.save()
    if categories is not None:
        enterprise.categories.set(categories)
    after = snapshot(enterprise, PROFILE_FIELDS)
    after_categories = sorted(enterprise.categories.values_list("code", flat=True))
    if before["name"] != after["name"] or before["main_products"] != after["main_products"]:
        enterprise_changed_send(sender=Enterprise, enterprise=enterprise)
    if before != after or before_categories != after_categories:
        audit(
            actor=actor,
            action="enterprises.enterprise.changed",
            obj=enterprise,
            before={**before, "categories": before_categories},
            after={**after, "categories": after_categories},
        )
    return enterprise


NAME_REVIEW_FIELDS = ["name", "requested_name"]


@transaction.atomic
def enterprise_name_request(*, actor, enterprise: Enterprise, name: str) -> Enterprise:
    before = snapshot(enterprise, NAME_REVIEW_FIELDS)
    enterprise.requested_name = name
    enterprise.name_requested_by = actor
    enterprise.name_requested_at = timezone.now()
    enterprise.save(update_fields=["requested_name", "name_requested_by", "name_requested_at", "updated_at"])
    audit(
        actor=actor,
        action="enterprises.name.requested",
        obj=enterprise,
        before=before,
        after=snapshot(enterprise, NAME_REVIEW_FIELDS),
    )
    for staff in _staff():
        notify(
            recipient=staff,
            title=f"기업명 변경 요청: {enterprise.name}",
            body=f"{enterprise.name}{josa(enterprise.name, '이/가')} "
            f"기업명을 {quoted(name, '으로/로')} 바꾸려 합니다. 확인해 주세요.",
            link=reverse("enterprises:certification_queue"),
        )
    return enterprise


@transaction.atomic
def enterprise_name_review(*, actor, enterprise: Enterprise, approve: bool, reason: str = "") -> Enterprise:
    if not enterprise.requested_name:
        raise ValueError("검토할 기업명 변경 요청이 없습니다.")
    before = snapshot(enterprise, NAME_REVIEW_FIELDS)
    requested = enterprise.requested_name
    if approve:
        enterprise.name = requested
    enterprise.requested_name = ""
    enterprise.name_requested_by = None
    enterprise.name_requested_at = None
    enterprise.full_clean()
    enterprise.save()
    if approve:
        enterprise_changed_send(sender=Enterprise, enterprise=enterprise)
    audit(
        actor=actor,
        action="enterprises.name.approved" if approve else "enterprises.name.rejected",
        obj=enterprise,
        before=before,
        after={**snapshot(enterprise, NAME_REVIEW_FIELDS), "reason": reason.strip()},
    )
    title = "기업명 변경이 승인되었습니다" if approve else "기업명 변경이 반려되었습니다"
    body = f"요청한 기업명: {requested}" + ("" if approve else f"\n반려 사유: {reason.strip()}")
    for member in enterprise.members.filter(is_active=True):
        notify(recipient=member, title=title, body=body, link=reverse("enterprises:my_enterprise"))
    return enterprise


@transaction.atomic
def enterprise_photo_add(*, actor, enterprise: Enterprise, image, caption: str) -> EnterprisePhoto:
    photo = EnterprisePhoto.objects.create(enterprise=enterprise, image=image, caption=caption)
    audit(actor=actor, action="enterprises.photo.added", obj=enterprise, after={"photo": photo.pk, "caption": caption})
    return photo


@transaction.atomic
def certification_request(*, actor, enterprise: Enterprise, **fields) -> Certification:
    """An enterprise member asks for a certification period to be recorded; staff approve it."""
    certification = Certification(
        enterprise=enterprise, status=CertificationStatus.PENDING, requested_by=actor, **fields
    )
    certification.full_clean()
    certification.save()
    audit(
        actor=actor,
        action="enterprises.certification.requested",
        obj=certification,
        after=snapshot(certification, CERTIFICATION_FIELDS),
    )
    for staff in _staff():
        notify(
            recipient=staff,
            title=f"인증 확인 요청: {enterprise.name}",
            body=f"{enterprise.name}{josa(enterprise.name, '이/가')} {certification.get_type_display()} 인증 정보를 "
            "등록했습니다. 확인해 주세요.",
            link=reverse("enterprises:certification_queue"),
        )
    return certification


@transaction.atomic
def certification_review(*, actor, certification: Certification, approve: bool, reason: str = "") -> Certification:
    if certification.status != CertificationStatus.PENDING:
        raise ValueError("이미 처리된 요청입니다.")
    before = snapshot(certification, CERTIFICATION_FIELDS)
    certification.status = CertificationStatus.APPROVED if approve else CertificationStatus.REJECTED
    certification.rejection_reason = "" if approve else reason.strip()
    certification.reviewed_by = actor
    certification.reviewed_at = timezone.now()
    certification.save()
    if approve:
        certifications_changed_send(sender=Certification, business_nos={certification.enterprise.business_no})
    audit(
        actor=actor,
        action="enterprises.certification.approved" if approve else "enterprises.certification.rejected",
        obj=certification,
        before=before,
        after=snapshot(certification, CERTIFICATION_FIELDS),
    )
    title = "인증 정보가 승인되었습니다" if approve else "인증 정보가 반려되었습니다"
    body = f"{certification.get_type_display()} ({certification.number or '번호 없음'})"
    if not approve:
        body += f"\n반려 사유: {certification.rejection_reason}"
    for member in certification.enterprise.members.filter(is_active=True):
        notify(recipient=member, title=title, body=body, link=reverse("enterprises:my_enterprise"))
    return certification


def certifications_check_expiry(*, today: datetime.date | None = None) -> dict[str, int]:
    """Tell enterprises and the center about certifications ending within 60 days or already ended.

    Each stage is told once per certification (its `expiry_notice` remembers the last one sent).
    """
    today = today or timezone.localdate()
    soon_limit = today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    counts = {"soon": 0, "expired": 0}
    approved = Certification.objects.approved().select_related("enterprise").filter(valid_to__isnull=False)
    for stage, certifications in (
        ("expired", approved.filter(valid_to__lt=today).exclude(expiry_notice="expired")),
        ("soon", approved.filter(valid_to__gte=today, valid_to__lte=soon_limit, expiry_notice="")),
    ):
        for certification in certifications:
            # A later period of the same type that continues the certification makes a notice moot.
            if (
                Certification.objects.approved()
                .filter(
                    enterprise=certification.enterprise, type=certification.type, valid_from__gt=certification.valid_to
                )
                .exists()
            ):
                continue
            _send_expiry_notice(certification, stage)
            counts[stage] += 1
    return counts


@transaction.atomic
def _send_expiry_notice(certification: Certification, stage: str) -> None:
    enterprise = certification.enterprise
    end = certification.valid_to
    if stage == "soon":
        title = f"{certification.get_type_display()} 인증이 {end:%Y.%m.%d}에 만료됩니다"
        body = "만료 전에 갱신(재지정) 서류를 플랫폼에 올려 주세요. 만료되면 기업 목록과 구매실적 집계에서 빠집니다."
    else:
        title = f"{certification.get_type_display()} 인증이 {end:%Y.%m.%d}에 만료되었습니다"
        body = "갱신된 인증이 있으면 플랫폼에 등록해 주세요. 지금은 공개 기업 목록에 표시되지 않습니다."
    for member in enterprise.members.filter(is_active=True):
        notify(recipient=member, title=title, body=body, link=reverse("enterprises:my_enterprise"))
    for staff in _staff():
        notify(
            recipient=staff,
            title=f"[{enterprise.name}] {title}",
            body=body,
            link=reverse("enterprises:public_detail", args=[enterprise.pk]),
        )
    Certification.objects.filter(pk=certification.pk).update(expiry_notice=stage)
    audit(
        actor=None,
        action=f"enterprises.certification.expiry_{stage}",
        obj=certification,
        after={"valid_to": end.isoformat(), "stage": stage},
    )


QUALIFICATION_FIELDS = ["kind", "number", "issuer", "valid_from", "valid_until", "note", "status", "rejection_reason"]


@transaction.atomic
def qualification_request(*, actor, enterprise: Enterprise, **fields) -> EnterpriseQualification:
    """A member records a 확인서 or licence their enterprise holds; it counts once the center has checked it."""
    qualification = EnterpriseQualification(
        enterprise=enterprise, status=CertificationStatus.PENDING, requested_by=actor, **fields
    )
    qualification.full_clean()
    qualification.save()
    audit(
        actor=actor,
        action="enterprises.qualification.requested",
        obj=qualification,
        after=snapshot(qualification, QUALIFICATION_FIELDS),
    )
    for staff in _staff():
        notify(
            recipient=staff,
            title=f"자격 확인 요청: {enterprise.name}",
            body=f"{enterprise.name}{josa(enterprise.name, '이/가')} {qualification.kind_label} 정보를 "
            "등록했습니다. 확인해 주세요.",
            link=reverse("enterprises:qualification_review", args=[qualification.pk]),
        )
    return qualification


@transaction.atomic
def qualification_save(
    *, actor, enterprise: Enterprise, qualification: EnterpriseQualification | None = None, **fields
) -> EnterpriseQualification:
    """The center records a qualification it has seen the papers for, or corrects one (approved at once)."""
    creating = qualification is None
    if creating:
        qualification = EnterpriseQualification(enterprise=enterprise, requested_by=actor)
        before = None
    else:
        if qualification.enterprise_id != enterprise.pk:
            raise ValueError("다른 기업의 자격입니다.")
        before = snapshot(qualification, QUALIFICATION_FIELDS)
    for field, value in fields.items():
        setattr(qualification, field, value)
    qualification.status = CertificationStatus.APPROVED
    qualification.rejection_reason = ""
    qualification.reviewed_by = actor
    qualification.reviewed_at = timezone.now()
    qualification.full_clean()
    qualification.save()
    after = snapshot(qualification, QUALIFICATION_FIELDS)
    if before != after:
        audit(
            actor=actor,
            action="enterprises.qualification.recorded" if creating else "enterprises.qualification.changed",
            obj=qualification,
            before=before,
            after=after,
        )
        qualifications_changed_send(sender=EnterpriseQualification, enterprise=enterprise)
    return qualification


@transaction.atomic
def qualification_review(
    *, actor, qualification: EnterpriseQualification, approve: bool, reason: str = ""
) -> EnterpriseQualification:
    if qualification.status != CertificationStatus.PENDING:
        raise ValueError("이미 처리된 요청입니다.")
    before = snapshot(qualification, QUALIFICATION_FIELDS)
    qualification.status = CertificationStatus.APPROVED if approve else CertificationStatus.REJECTED
    qualification.rejection_reason = "" if approve else reason.strip()
    qualification.reviewed_by = actor
    qualification.reviewed_at = timezone.now()
    qualification.save()
    audit(
        actor=actor,
        action="enterprises.qualification.approved" if approve else "enterprises.qualification.rejected",
        obj=qualification,
        before=before,
        after=snapshot(qualification, QUALIFICATION_FIELDS),
    )
    if approve:
        qualifications_changed_send(sender=EnterpriseQualification, enterprise=qualification.enterprise)
    title = "자격 정보가 승인되었습니다" if approve else "자격 정보가 반려되었습니다"
    body = f"{qualification.kind_label} ({qualification.number or '번호 없음'})"
    if not approve:
        body += f"\n반려 사유: {qualification.rejection_reason}"
    for member in qualification.enterprise.members.filter(is_active=True):
        notify(recipient=member, title=title, body=body, link=reverse("enterprises:my_enterprise"))
    return qualification
