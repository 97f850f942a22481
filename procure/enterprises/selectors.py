"""Reads about enterprises. `enterprise_types_on` is the one answer to "what was it on date D?"."""

import datetime
from collections import defaultdict

from procure.enterprises.models import TYPE_PRECEDENCE, Certification, Enterprise


def enterprise_types_on(enterprise: Enterprise, day: datetime.date) -> list[str]:
    """The enterprise's approved types valid on `day`, strongest first; [] if it held none."""
    types = {c.type for c in enterprise.certifications.valid_on(day)}
    return [t for t in TYPE_PRECEDENCE if t in types]


def enterprise_type_on(enterprise: Enterprise, day: datetime.date, counted: set[str] | None = None) -> str | None:
    """The type a purchase on `day` is attributed to, among the `counted` types (all if None)."""
    for type_ in enterprise_types_on(enterprise, day):
        if counted is None or type_ in counted:
            return type_
    return None


class CertificationCalendar:
    """All approved certification periods by 사업자등록번호, for classifying many purchases at once."""

    def __init__(self, business_nos=None):
        periods = Certification.objects.approved()
        if business_nos is not None:
            periods = periods.filter(enterprise__business_no__in=list(business_nos))
        self._periods = defaultdict(list)
        for c in periods.values_list("enterprise__business_no", "type", "valid_from", "valid_to"):
            self._periods[c[0]].append(c[1:])

    def has_periods(self, business_no: str) -> bool:
        """Whether the supplier ever held a type (most suppliers of a ledger never did)."""
        return business_no in self._periods

    def types_on(self, business_no: str, day: datetime.date) -> set[str]:
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
