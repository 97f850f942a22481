from django.db import transaction
from django.db.models import ForeignObjectRel, ProtectedError

from procure.core.errors import ServiceError
from procure.core.services import KEEP, audit, audited_save, snapshot
from procure.institutions.models import Department, DepartmentAlias, Institution
from procure.institutions.names import name_key
from procure.institutions.signals import departments_merged

INSTITUTION_FIELDS = ["name", "kind", "code", "is_active"]
DEPARTMENT_FIELDS = ["institution", "name", "is_active"]


def _stripped(value, *, upper: bool = False):
    if isinstance(value, str):
        value = value.strip()
        return value.upper() if upper else value
    return value


@transaction.atomic
def institution_create(*, actor, name: str, kind: str, code: str = "") -> Institution:
    institution = Institution()
    audited_save(
        institution,
        actor=actor,
        action="institutions.institution.created",
        fields=INSTITUTION_FIELDS,
        changes={"name": _stripped(name), "kind": kind, "code": _stripped(code, upper=True)},
    )
    return institution


@transaction.atomic
def institution_update(
    *,
    actor,
    institution: Institution,
    name: str = KEEP,
    kind: str = KEEP,
    code: str = KEEP,
    is_active: bool = KEEP,
) -> Institution:
    audited_save(
        institution,
        actor=actor,
        action="institutions.institution.changed",
        fields=INSTITUTION_FIELDS,
        changes={"name": _stripped(name), "kind": kind, "code": _stripped(code, upper=True), "is_active": is_active},
    )
    return institution


@transaction.atomic
def department_create(*, actor, institution: Institution, name: str) -> Department:
    department = Department(institution=institution)
    audited_save(
        department,
        actor=actor,
        action="institutions.department.created",
        fields=DEPARTMENT_FIELDS,
        changes={"name": _stripped(name)},
    )
    return department


@transaction.atomic
def department_update(*, actor, department: Department, name: str = KEEP, is_active: bool = KEEP) -> Department:
    audited_save(
        department,
        actor=actor,
        action="institutions.department.changed",
        fields=DEPARTMENT_FIELDS,
        changes={"name": _stripped(name), "is_active": is_active},
    )
    return department


class DepartmentInUse(ServiceError):
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


@transaction.atomic
def department_alias_add(*, actor, department: Department, name: str) -> DepartmentAlias:
    """Remember that files call this department `name` (e.g. staff mapped an unknown name in an import)."""
    alias, created = DepartmentAlias.objects.get_or_create(
        institution_id=department.institution_id,
        key=name_key(name),
        defaults={"department": department, "name": name.strip()[:100]},
    )
    if created:
        audit(
            actor=actor,
            action="institutions.department.alias_added",
            obj=department,
            after={"alias": alias.name, "department": department.name},
        )
    return alias


@transaction.atomic
def departments_merge_twins(*, actor, institution: Institution | None = None) -> list[tuple[str, list[str]]]:
    """Merge departments whose names differ only in spacing or punctuation ("신림동 주민센터" / "신림동주민센터")
    into the oldest of them: everything that refers to a twin is moved to it, the twin's name is kept as an
    alias, the twin is deleted. Returns (kept name, merged names) per group."""
    institutions = [institution] if institution else list(Institution.objects.all())
    merged = []
    touched = set()
    for owner in institutions:
        groups: dict[str, list[Department]] = {}
        for department in owner.departments.order_by("created_at", "pk"):
            groups.setdefault(name_key(department.name), []).append(department)
        for twins in groups.values():
            if len(twins) < 2:
                continue
            keep, others = twins[0], twins[1:]
            for twin in others:
                _move_references(twin, keep)
                DepartmentAlias.objects.filter(department=twin).update(department=keep)
                audit(
                    actor=actor,
                    action="institutions.department.merged",
                    obj=keep,
                    before={"merged": twin.name, "merged_id": twin.pk},
                    after={"into": keep.name},
                )
                twin.delete()
            merged.append((keep.name, [twin.name for twin in others]))
            touched.add(owner.pk)
    if touched:
        departments_merged.send(sender=Department, institution_ids=touched)
    return merged


def _move_references(twin: Department, keep: Department) -> None:
    """Point every row that refers to `twin` (users, purchases, roll-ups, targets…) at `keep`, without knowing
    the apps above: Django lists the relations."""
    for relation in Department._meta.get_fields(include_hidden=True):  # hidden: roll-ups use related_name="+"
        if not isinstance(relation, ForeignObjectRel) or not (relation.one_to_many or relation.one_to_one):
            continue
        model, name = relation.field.model, relation.field.name  # the model holding the foreign key, and the key
        if model is DepartmentAlias:
            continue
        model._base_manager.filter(**{name: twin}).update(**{name: keep})
