from django.db.models import Count, Q

from procure.institutions.models import Department, DepartmentAlias, Institution, InstitutionAlias
from procure.institutions.names import name_key, nearest


def institution_list(*, query: str = "", kind: str = ""):
    institutions = Institution.objects.annotate(
        department_count=Count("departments", filter=Q(departments__is_active=True), distinct=True),
        member_count=Count("members", distinct=True),
    ).order_by("name")
    if query:
        institutions = institutions.filter(name__icontains=query.strip())
    if kind:
        institutions = institutions.filter(kind=kind)
    return institutions


def institution_departments(*, institution: Institution):
    return institution.departments.annotate(member_count=Count("members")).order_by("-is_active", "name")


class UnitDirectory:
    """Every institution and department by its name key and aliases, to resolve the names a file uses."""

    def __init__(self):
        self.institutions: dict[str, Institution] = {}
        for institution in Institution.objects.all():
            self.institutions.setdefault(name_key(institution.name), institution)
        self.by_pk = {i.pk: i for i in self.institutions.values()}
        for alias in InstitutionAlias.objects.select_related("institution"):
            self.institutions.setdefault(alias.key, alias.institution)
        self.departments: dict[tuple[int, str], Department] = {}
        for department in Department.objects.all():
            self.departments.setdefault((department.institution_id, name_key(department.name)), department)
        for department_alias in DepartmentAlias.objects.select_related("department"):
            self.departments.setdefault(
                (department_alias.institution_id, department_alias.key), department_alias.department
            )

    def institution(self, name: str) -> Institution | None:
        return self.institutions.get(name_key(name))

    def institution_suggestions(self, name: str) -> list[str]:
        return nearest(name, {key: i.name for key, i in self.institutions.items()})

    def department(self, institution_id: int, name: str):
        return self.departments.get((institution_id, name_key(name)))

    def department_suggestions(self, institution_id: int, name: str) -> list[str]:
        candidates = {key: d.name for (owner, key), d in self.departments.items() if owner == institution_id}
        return nearest(name, candidates)

    def department_choices(self, institution_id: int) -> list:
        """The institution's departments, for a person mapping an unknown name."""
        seen = {d.pk: d for (owner, _), d in self.departments.items() if owner == institution_id}
        return sorted(seen.values(), key=lambda d: d.name)
