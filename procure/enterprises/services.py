"""Writes to the registry: profiles, certification requests and their review, expiry notices."""

import datetime
from collections.abc import Callable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from procure.accounts.models import Role, User
from procure.core.services import KEEP, audit, audited_save, notify, snapshot
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
# What a member fills in (the request forms' fields, the services' arguments: one list each, so a field added to a
# form is saved and audited), then what the review adds.
CERTIFICATION_EDITABLE = ["type", "number", "issuer", "valid_from", "valid_to", "document"]
CERTIFICATION_FIELDS = [*CERTIFICATION_EDITABLE, "status", "rejection_reason"]
EXPIRY_WARNING_DAYS = 60


def _staff():
    return User.objects.filter(role__in=[Role.CENTER_STAFF], is_active=True)


@transaction.atomic
def enterprise_profile_update(
    *,
    actor,
    enterprise: Enterprise,
    categories=None,
    name_needs_review: bool = False,
    name: str = KEEP,
    representative: str = KEEP,
    address: str = KEEP,
    phone: str = KEEP,
    homepage: str = KEEP,
    main_products: str = KEEP,
    description: str = KEEP,
    employees: int | None = KEEP,
    vulnerable_employees: int | None = KEEP,
) -> Enterprise:
    """Save the profile (the arguments are PROFILE_FIELDS; KEEP leaves a field as it is). With
    `name_needs_review` (a member editing their own enterprise) a new name is not applied but handed to staff
    (enterprise_name_review)."""
    arguments = locals()
    changes = {field: arguments[field] for field in PROFILE_FIELDS}
    if name_needs_review and changes["name"] is not KEEP:
        new_name = changes.pop("name")
        if new_name != enterprise.name:
            enterprise_name_request(actor=actor, enterprise=enterprise, name=new_name)
    searched_before = (enterprise.name, enterprise.main_products)

    def set_categories(enterprise: Enterprise) -> None:
        if categories is not None:
            enterprise.categories.set(categories)

    audited_save(
        enterprise,
        actor=actor,
        action="enterprises.enterprise.changed",
        fields=PROFILE_FIELDS,
        changes=changes,
        prepare=set_categories,
        extra=lambda e: {"categories": sorted(e.categories.values_list("code", flat=True))},
    )
    if (enterprise.name, enterprise.main_products) != searched_before:
        enterprise_changed_send(sender=Enterprise, enterprise=enterprise)
    return enterprise


NAME_REVIEW_FIELDS = ["name", "requested_name"]


@transaction.atomic
def enterprise_name_request(*, actor, enterprise: Enterprise, name: str) -> Enterprise:
    audited_save(
        enterprise,
        actor=actor,
        action="enterprises.name.requested",
        fields=NAME_REVIEW_FIELDS,
        changes={"requested_name": name, "name_requested_by": actor, "name_requested_at": timezone.now()},
        clean=False,  # the name is checked when staff apply it
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


def _request(record, *, actor, fields: list[str], action: str, title: str, what: str, link: Callable[[], str]):
    """A member's request (a certification period, a qualification) saved pending, audited, and staff told."""
    record.status = CertificationStatus.PENDING
    record.requested_by = actor
    audited_save(record, actor=actor, action=action, fields=fields)
    enterprise = record.enterprise
    for staff in _staff():
        notify(
            recipient=staff,
            title=f"{title}: {enterprise.name}",
            body=f"{enterprise.name}{josa(enterprise.name, '이/가')} {what} 정보를 등록했습니다. 확인해 주세요.",
            link=link(),
        )
    return record


def _review(record, *, actor, approve: bool, reason: str, fields: list[str], noun: str, what: str, on_approve):
    """Staff approve or reject a pending request (certification, qualification): audited, the members told."""
    if record.status != CertificationStatus.PENDING:
        raise ValueError("이미 처리된 요청입니다.")
    audited_save(
        record,
        actor=actor,
        action=f"enterprises.{noun}.{'approved' if approve else 'rejected'}",
        fields=fields,
        changes={
            "status": CertificationStatus.APPROVED if approve else CertificationStatus.REJECTED,
            "rejection_reason": "" if approve else reason.strip(),
            "reviewed_by": actor,
            "reviewed_at": timezone.now(),
        },
        clean=False,  # checked when it was requested; the review changes only its status
    )
    if approve:
        on_approve()
    label = "인증" if noun == "certification" else "자격"
    title = f"{label} 정보가 승인되었습니다" if approve else f"{label} 정보가 반려되었습니다"
    body = f"{what} ({record.number or '번호 없음'})"
    if not approve:
        body += f"\n반려 사유: {record.rejection_reason}"
    for member in record.enterprise.members.filter(is_active=True):
        notify(recipient=member, title=title, body=body, link=reverse("enterprises:my_enterprise"))
    return record


@transaction.atomic
def certification_request(
    *,
    actor,
    enterprise: Enterprise,
    type: str,
    number: str = "",
    issuer: str = "",
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    document="",
) -> Certification:
    """An enterprise member asks for a certification period to be recorded; staff approve it."""
    arguments = locals()
    certification = Certification(enterprise=enterprise, **{f: arguments[f] for f in CERTIFICATION_EDITABLE})
    return _request(
        certification,
        actor=actor,
        fields=CERTIFICATION_FIELDS,
        action="enterprises.certification.requested",
        title="인증 확인 요청",
        what=f"{certification.get_type_display()} 인증",
        link=lambda: reverse("enterprises:certification_queue"),
    )


@transaction.atomic
def certification_review(*, actor, certification: Certification, approve: bool, reason: str = "") -> Certification:
    return _review(
        certification,
        actor=actor,
        approve=approve,
        reason=reason,
        fields=CERTIFICATION_FIELDS,
        noun="certification",
        what=certification.get_type_display(),
        on_approve=lambda: certifications_changed_send(
            sender=Certification, business_nos={certification.enterprise.business_no}
        ),
    )


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
    assert end is not None, "only certifications with an end are told about it (certifications_check_expiry)"
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


QUALIFICATION_EDITABLE = ["kind", "number", "issuer", "valid_from", "valid_until", "note", "document"]
QUALIFICATION_FIELDS = [*QUALIFICATION_EDITABLE, "status", "rejection_reason"]


@transaction.atomic
def qualification_request(
    *,
    actor,
    enterprise: Enterprise,
    kind: str,
    number: str = "",
    issuer: str = "",
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    note: str = "",
    document="",
) -> EnterpriseQualification:
    """A member records a 확인서 or licence their enterprise holds; it counts once the center has checked it."""
    arguments = locals()
    qualification = EnterpriseQualification(enterprise=enterprise, **{f: arguments[f] for f in QUALIFICATION_EDITABLE})
    return _request(
        qualification,
        actor=actor,
        fields=QUALIFICATION_FIELDS,
        action="enterprises.qualification.requested",
        title="자격 확인 요청",
        what=qualification.kind_label,
        link=lambda: reverse("enterprises:qualification_review", args=[qualification.pk]),
    )


@transaction.atomic
def qualification_save(
    *,
    actor,
    enterprise: Enterprise,
    qualification: EnterpriseQualification | None = None,
    kind: str = KEEP,
    number: str = KEEP,
    issuer: str = KEEP,
    valid_from: datetime.date | None = KEEP,
    valid_until: datetime.date | None = KEEP,
    note: str = KEEP,
    document=KEEP,
) -> EnterpriseQualification:
    """The center records a qualification it has seen the papers for, or corrects one (approved at once)."""
    arguments = locals()
    creating = qualification is None
    if qualification is None:
        qualification = EnterpriseQualification(enterprise=enterprise, requested_by=actor)
    elif qualification.enterprise_id != enterprise.pk:
        raise ValueError("다른 기업의 자격입니다.")
    changes = {f: arguments[f] for f in QUALIFICATION_EDITABLE}
    if changes["document"] is False:  # the form's "지우기" box
        changes["document"] = ""
    changed = audited_save(
        qualification,
        actor=actor,
        action="enterprises.qualification.recorded" if creating else "enterprises.qualification.changed",
        fields=QUALIFICATION_FIELDS,
        changes={
            **changes,
            "status": CertificationStatus.APPROVED,
            "rejection_reason": "",
            "reviewed_by": actor,
            "reviewed_at": timezone.now(),
        },
    )
    if changed:
        qualifications_changed_send(sender=EnterpriseQualification, enterprise=enterprise)
    return qualification


@transaction.atomic
def qualification_review(
    *, actor, qualification: EnterpriseQualification, approve: bool, reason: str = ""
) -> EnterpriseQualification:
    return _review(
        qualification,
        actor=actor,
        approve=approve,
        reason=reason,
        fields=QUALIFICATION_FIELDS,
        noun="qualification",
        what=qualification.kind_label,
        on_approve=lambda: qualifications_changed_send(
            sender=EnterpriseQualification, enterprise=qualification.enterprise
        ),
    )
