from django.db import transaction
from django.db.models import ProtectedError

from procure.core.services import audit, snapshot
from procure.institutions.models import Department, Institution

INSTITUTION_FIELDS = ["name", "kind", "is_active"]
DEPARTMENT_FIELDS = ["institution", "name", "is_active"]


@transaction.atomic
def institution_create(*, actor, name: str, kind: str) -> Institution:
    institution = Institution(name=name.strip(), kind=kind)
    institution.full_clean()
    institution.save()
    audit(
        actor=actor,
        action="institutions.institution.created",
        obj=institution,
        after=snapshot(institution, INSTITUTION_FIELDS),
    )
    return institution


@transaction.atomic
def institution_update(*, actor, institution: Institution, **changes) -> Institution:
    before = snapshot(institution, INSTITUTION_FIELDS)
    for field, value in changes.items():
        setattr(institution, field, value.strip() if isinstance(value, str) and field == "name" else value)
    institution.full_clean()
    institution.save()
    after = snapshot(institution, INSTITUTION_FIELDS)
    if before != after:
        audit(actor=actor, action="institutions.institution.changed", obj=institution, before=before, after=after)
    return institution


@transaction.atomic
def department_create(*, actor, institution: Institution, name: str) -> Department:
    department = Department(institution=institution, name=name.strip())
    department.full_clean()
    department.save()
    audit(
        actor=actor,
        action="institutions.department.created",
        obj=department,
        after=snapshot(department, DEPARTMENT_FIELDS),
    )
    return department


@transaction.atomic
def department_update(*, actor, department: Department, **changes) -> Department:
    before = snapshot(department, DEPARTMENT_FIELDS)
    for field, value in changes.items():
        setattr(department, field, value.strip() if isinstance(value, str) else value)
    department.full_clean()
    department.save()
    after = snapshot(department, DEPARTMENT_FIELDS)
    if before != after:
        audit(actor=actor, action="institutions.department.changed", obj=department, before=before, after=after)
    return department


class DepartmentInUse(Exception):
    """The department still has members or records (purchases, targets); deactivate it instead of deleting."""


@transaction.atomic
def department_delete(*, actor, department: Department) -> None:
    if department.members.exists():
        raise DepartmentInUse
    audit(
        actor=actor,
        action="institutions.department.deleted",
        obj=department,
        before=snapshot(department, DEPARTMENT_FIELDS),
    )
    try:
        with transaction.atomic():
            department.delete()
    except ProtectedError:  # purchases, roll-ups or targets refer to it: figures never vanish
        raise DepartmentInUse from None
