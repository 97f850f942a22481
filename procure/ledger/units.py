"""Which institution and department a ledger line belongs to. Institutions are reference data: a line must
name a declared one (rules.LineRules refuses others). A department the institution does not have is used
only as decided — mapped by staff to an existing department (saved as an alias), or created on purpose
(`--create-departments`, or "새 부서로 만들기" in the import preview) — never invented silently."""

from dataclasses import dataclass, field

from procure.core.text import quoted
from procure.institutions.models import Department, Institution
from procure.institutions.names import name_key
from procure.institutions.selectors import UnitDirectory
from procure.institutions.services import department_alias_add, department_create

CREATE = "create"


def decision_key(institution_id: int, department_name: str) -> str:
    return f"{institution_id}|{name_key(department_name)}"


class UnknownDepartment(Exception):
    pass


@dataclass
class Unknown:
    institution: str
    institution_id: int
    name: str
    suggestions: list[str]
    lines: int = 0
    amount: int = 0


@dataclass
class UnitResolver:
    directory: UnitDirectory
    create_departments: bool = False
    decisions: dict = field(default_factory=dict)  # decision_key → department id, or CREATE
    dry_run: bool = False
    actor: object = None
    units: dict = field(default_factory=dict)  # (institution name, department name) → (ids)
    created: list = field(default_factory=list)  # departments made by this import
    mapped: dict = field(default_factory=dict)  # (institution id, file's name) → department
    unknown: dict = field(default_factory=dict)  # decision_key → Unknown

    def problem(self, institution_name: str, department_name: str, *, amount: int = 0) -> str | None:
        """Why this line's department cannot be used yet (counted for the preview), or None."""
        try:
            self.resolve(institution_name, department_name)
        except UnknownDepartment:
            institution = self._institution(institution_name)
            entry = self.unknown[decision_key(institution.pk, department_name)]
            entry.lines += 1
            entry.amount += amount
            hint = f" 비슷한 부서: {', '.join(entry.suggestions)}." if entry.suggestions else ""
            return (
                f"부서 {quoted(department_name, '은/는')} {institution.name}에 없습니다.{hint} "
                "가져오기 화면에서 기존 부서로 "
                "연결하거나 새 부서로 만들 수 있습니다 (명령: --create-departments)."
            )
        return None

    def resolve(self, institution_name: str, department_name: str) -> tuple[int, int | None]:
        unit = self.units.get((institution_name, department_name))
        if unit is not None:
            return unit
        institution = self._institution(institution_name)
        department = None
        if department_name:
            department = self.directory.department(institution.pk, department_name) or self._decided(
                institution, department_name
            )
        unit = (institution.pk, department.pk if department else None)
        self.units[(institution_name, department_name)] = unit
        return unit

    def _institution(self, name: str) -> Institution:
        institution = self.directory.institution(name)
        if institution is None:  # the line rules refuse an unknown institution before a unit is resolved
            raise LookupError(f"등록되지 않은 기관: {name}")
        return institution

    def _decided(self, institution: Institution, name: str) -> Department:
        key = decision_key(institution.pk, name)
        decision = self.decisions.get(key)
        if decision == CREATE or (decision is None and self.create_departments):
            if self.dry_run:
                department = Department(pk=-(len(self.created) + 1), institution=institution, name=name)
            else:
                department = department_create(actor=self.actor, institution=institution, name=name)
            self.created.append(department)
        elif decision is not None:
            mapped = Department.objects.filter(pk=int(decision), institution=institution).first()
            if mapped is None:
                raise UnknownDepartment(name)
            department = self.mapped[(institution.pk, name)] = mapped
        else:
            self.unknown.setdefault(
                key,
                Unknown(
                    institution.name, institution.pk, name, self.directory.department_suggestions(institution.pk, name)
                ),
            )
            raise UnknownDepartment(name)
        self.directory.departments[(institution.pk, name_key(name))] = department
        return department

    def save_aliases(self) -> None:
        """Remember the names staff mapped, so the next file with them needs no decision."""
        for (_, name), department in self.mapped.items():
            department_alias_add(actor=self.actor, department=department, name=name)

    def summary(self) -> dict:
        return {
            "unknown_departments": [
                {
                    "key": key,
                    "institution": entry.institution,
                    "institution_id": entry.institution_id,
                    "name": entry.name,
                    "lines": entry.lines,
                    "amount": entry.amount,
                    "suggestions": entry.suggestions,
                }
                for key, entry in sorted(self.unknown.items(), key=lambda kv: -kv[1].amount)
            ],
            "departments_to_create": [f"{d.institution.name} {d.name}" for d in self.created],
            "departments_mapped": [
                {"name": name, "to": department.name} for (_, name), department in self.mapped.items()
            ],
        }
