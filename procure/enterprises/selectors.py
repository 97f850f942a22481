"""Reads about enterprises. `enterprise_types_on` is the one answer to "what was it on date D?"."""

import datetime
from collections import defaultdict

from procure.enterprises.models import (
    TYPE_PRECEDENCE,
    BusinessStatus,
    Certification,
    Enterprise,
    EnterpriseQualification,
    open_on,
)
from procure.enterprises.qualification_kinds import GROUP, KIND_BY_CODE, LICENCE, LICENCE_CODES


def enterprise_types_on(enterprise: Enterprise, day: datetime.date) -> list[str]:
    """The enterprise's approved types valid on `day`, strongest first; [] if it held none."""
    if closed_by(enterprise, day):
        return []
    types = {c.type for c in enterprise.certifications.valid_on(day)}
    return [t for t in TYPE_PRECEDENCE if t in types]


def closed_by(enterprise: Enterprise, day: datetime.date) -> bool:
    """Whether the tax service's last answer has the enterprise closed or suspended on `day` (and the center has
    not cleared it): then it holds no type that day — its purchases are not counted as social-economy."""
    try:
        inactive_from = enterprise.business_status.inactive_from
    except BusinessStatus.DoesNotExist:
        return False
    return inactive_from is not None and inactive_from <= day


def enterprise_type_on(enterprise: Enterprise, day: datetime.date, counted: set[str] | None = None) -> str | None:
    """The type a purchase on `day` is attributed to, among the `counted` types (all if None)."""
    for type_ in enterprise_types_on(enterprise, day):
        if counted is None or type_ in counted:
            return type_
    return None


class CertificationCalendar:
    """All approved certification periods by 사업자등록번호, for classifying many purchases at once."""

    def __init__(self, business_nos=None):
        if business_nos is not None:
            business_nos = list(business_nos)
        periods = Certification.objects.approved()
        if business_nos is not None:
            periods = periods.filter(enterprise__business_no__in=list(business_nos))
        self._periods = defaultdict(list)
        for c in periods.values_list("enterprise__business_no", "type", "valid_from", "valid_to"):
            self._periods[c[0]].append(c[1:])
        # Closed or suspended businesses (tax service): no type from that day on, until the center clears it.
        closures = BusinessStatus.objects.filter(inactive_from__isnull=False)
        if business_nos is not None:
            closures = closures.filter(enterprise__business_no__in=list(business_nos))
        self._inactive_from = dict(closures.values_list("enterprise__business_no", "inactive_from"))

    def has_periods(self, business_no: str) -> bool:
        """Whether the supplier ever held a type (most suppliers of a ledger never did)."""
        return business_no in self._periods

    def types_on(self, business_no: str, day: datetime.date) -> set[str]:
        inactive_from = self._inactive_from.get(business_no)
        if inactive_from is not None and inactive_from <= day:
            return set()
        return {
            type_
            for type_, start, end in self._periods.get(business_no, ())
            if (start is None or start <= day) and (end is None or day <= end)
        }


def public_directory(*, day: datetime.date, query: str = "", type_: str = "", category: str = ""):
    enterprises = Enterprise.objects.valid_on(day).prefetch_related("categories")
    if query:
        enterprises = enterprises.filter(name__icontains=query.strip())
    if type_:
        enterprises = enterprises.filter(
            pk__in=Certification.objects.valid_on(day).filter(type=type_).values("enterprise")
        )
    if category:
        enterprises = enterprises.filter(categories__code=category)
    return enterprises.order_by("name")


def current_types_by_enterprise(enterprises, day: datetime.date) -> dict[int, list[str]]:
    types = defaultdict(set)
    for enterprise_id, type_ in (
        Certification.objects.valid_on(day).filter(enterprise__in=enterprises).values_list("enterprise_id", "type")
    ):
        types[enterprise_id].add(type_)
    return {k: [t for t in TYPE_PRECEDENCE if t in v] for k, v in types.items()}


def supplier_groups_on(enterprise: Enterprise, on_date: datetime.date) -> set[str]:
    """What the enterprise is on `on_date` for the decree's supplier groups: the group codes of its approved
    확인서 valid that day ("small_micro", "women", "disabled", "youth_startup" — qualification_kinds.SUPPLIER_GROUPS)
    together with its approved social-economy certification types valid that day (EnterpriseType values:
    "certified_se", "pre_se", "social_coop", "coop", "village", "self_sufficiency" — the route helper's vocabulary)."""
    if closed_by(enterprise, on_date):
        return set()
    groups = set(enterprise_types_on(enterprise, on_date))
    for kind in enterprise.qualifications.valid_on(on_date).values_list("kind", flat=True):
        entry = KIND_BY_CODE.get(kind)
        if entry is not None and entry.family == GROUP:
            groups.add(entry.group)
    return groups


def licences_on(enterprise: Enterprise, on_date: datetime.date) -> set[str]:
    """The 업종 registrations and licences (qualification_kinds codes, e.g. "interior_works") the enterprise holds,
    approved and valid on `on_date` (none once the tax service has it closed or suspended)."""
    if closed_by(enterprise, on_date):
        return set()
    kinds = enterprise.qualifications.valid_on(on_date).values_list("kind", flat=True)
    return {kind for kind in kinds if kind in LICENCE_CODES}


def licence_holders_on(licence_code: str, on_date: datetime.date):
    """Active enterprises holding the licence `licence_code`, approved and valid on `on_date`, and not closed or
    suspended that day by the tax service's answer (a queryset)."""
    entry = KIND_BY_CODE.get(licence_code)
    if entry is None or entry.family != LICENCE:
        return Enterprise.objects.none()
    holders = EnterpriseQualification.objects.valid_on(on_date).filter(kind=licence_code).values("enterprise")
    return Enterprise.objects.filter(pk__in=holders, is_active=True).filter(open_on(on_date)).order_by("name")


def certifications_ending(enterprise: Enterprise, *, today: datetime.date, within_days: int = 90):
    """Approved certifications of the enterprise that end within `within_days` (or ended less than 30 days ago)."""
    from procure.enterprises.models import CertificationStatus

    return Certification.objects.filter(
        enterprise=enterprise,
        status=CertificationStatus.APPROVED,
        valid_to__gte=today - datetime.timedelta(days=30),
        valid_to__lte=today + datetime.timedelta(days=within_days),
    ).order_by("valid_to")


def certifications_pending():
    """Certifications members registered that wait for the center's check."""
    from procure.enterprises.models import CertificationStatus

    return Certification.objects.filter(status=CertificationStatus.PENDING)
