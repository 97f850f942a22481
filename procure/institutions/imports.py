"""import_institutions (docs/formats.md §3a): institutions and departments as reference data, declared before
ledgers are imported. One row per department; a row with an empty 부서명 declares the institution alone.
All or nothing, idempotent; names are matched ignoring spaces and punctuation, and through aliases."""

from dataclasses import dataclass

from procure.core.imports import Importer, ImportResult
from procure.core.services import audit
from procure.core.tabular import Column, RowErrors, Table, clean_text
from procure.core.text import josa, quoted
from procure.institutions.models import CODE_PATTERN, Department, Institution, InstitutionKind
from procure.institutions.names import name_key
from procure.institutions.selectors import UnitDirectory

COLUMNS = [
    Column("institution", "기관명", "institution", required=True, aliases=("기관",)),
    Column("kind", "기관유형", "kind", required=True, aliases=("기관 유형", "유형")),
    Column("department", "부서명", "department", aliases=("부서",)),
    Column("code", "기관코드", "code", aliases=("수요기관코드", "행정표준기관코드")),
]
KINDS = (
    {
        "구청": InstitutionKind.DISTRICT_OFFICE,
        "구의회": InstitutionKind.DISTRICT_COUNCIL,
        "공단": InstitutionKind.FACILITIES_CORPORATION,
        "재단": InstitutionKind.CULTURAL_FOUNDATION,
        "기타": InstitutionKind.OTHER,
    }
    | {label: value for value, label in InstitutionKind.choices}
    | {value: value for value in InstitutionKind.values}
)


@dataclass
class UnitRow:
    row: int
    institution: str
    kind: str
    department: str
    code: str = ""


class InstitutionImporter(Importer):
    kind = "institutions"
    label = "기관·부서"
    columns = COLUMNS

    def parse(self, table: Table, errors: RowErrors, progress=None) -> list[UnitRow]:
        records, kinds, codes = [], {}, {}
        # A code already held by another institution than the one the row names (checked against the database).
        holders = {
            code: name_key(name) for code, name in Institution.objects.exclude(code="").values_list("code", "name")
        }
        self.row_count = 0
        for number, raw in table.rows():
            self.row_count += 1
            before = errors.total
            institution = clean_text(raw.get("institution"))[:100]
            if not name_key(institution):
                errors.add(number, "기관명", "기관명이 비어 있습니다.")
            kind_text = clean_text(raw.get("kind")).replace(" ", "")
            kind = KINDS.get(kind_text)
            if kind is None:
                errors.add(
                    number,
                    "기관유형",
                    f"기관유형 {quoted(kind_text, '은/는')} 구청 · 구의회 · 공단 · 재단 · 기타 중 하나여야 합니다.",
                )
            elif kinds.setdefault(name_key(institution), (kind, number))[0] != kind:
                first = kinds[name_key(institution)][1]
                errors.add(number, "기관유형", f"같은 기관의 기관유형이 {first}행과 다릅니다.")
            department = clean_text(raw.get("department"))[:100]
            if department and not name_key(department):
                errors.add(number, "부서명", "부서명에 글자나 숫자가 없습니다.")
            code = clean_text(raw.get("code")).replace(" ", "").upper()
            if code and not CODE_PATTERN.fullmatch(code):
                errors.add(
                    number,
                    "기관코드",
                    f"기관코드 {quoted(code, '은/는')} 숫자나 영문 대문자 7자여야 합니다 (예: 3200000).",
                )
            elif code:
                first = codes.setdefault(name_key(institution), (code, number))
                if first[0] != code:
                    errors.add(number, "기관코드", f"같은 기관의 기관코드가 {first[1]}행과 다릅니다.")
                elif holders.get(code, name_key(institution)) != name_key(institution):
                    errors.add(number, "기관코드", f"기관코드 {code}{josa(code, '은/는')} 이미 다른 기관의 코드입니다.")
                elif any(c == code and k != name_key(institution) for k, (c, _) in codes.items()):
                    errors.add(
                        number, "기관코드", f"기관코드 {code}{josa(code, '을/를')} 이 파일의 다른 기관도 씁니다."
                    )
            if errors.total == before:
                records.append(UnitRow(number, institution, kind, department, code))
        return records

    def apply(self, records: list[UnitRow], result: ImportResult, *, actor, source, progress=None):
        directory = UnitDirectory()
        for record in records:
            action = "unchanged"
            institution = directory.institution(record.institution)
            if institution is None:
                institution = Institution.objects.create(name=record.institution, kind=record.kind, code=record.code)
                directory.institutions[name_key(record.institution)] = institution
                audit(
                    actor=actor,
                    action="institutions.institution.imported",
                    obj=institution,
                    after={"name": institution.name, "kind": institution.kind, "code": institution.code, **source},
                )
                action = "created"
            elif institution.kind != record.kind:
                before = {"kind": institution.kind}
                Institution.objects.filter(pk=institution.pk).update(kind=record.kind)
                institution.kind = record.kind
                audit(
                    actor=actor,
                    action="institutions.institution.imported",
                    obj=institution,
                    before=before,
                    after={"kind": record.kind, **source},
                )
                action = "updated"
            if record.code and institution.code != record.code:
                before = {"code": institution.code}
                Institution.objects.filter(pk=institution.pk).update(code=record.code)
                institution.code = record.code
                audit(
                    actor=actor,
                    action="institutions.institution.imported",
                    obj=institution,
                    before=before,
                    after={"code": record.code, **source},
                )
                action = "updated" if action == "unchanged" else action
            if record.department and directory.department(institution.pk, record.department) is None:
                department = Department.objects.create(institution=institution, name=record.department)
                directory.departments[(institution.pk, name_key(record.department))] = department
                audit(
                    actor=actor,
                    action="institutions.department.imported",
                    obj=department,
                    after={"institution": institution.name, "name": department.name, **source},
                )
                action = "created" if action == "unchanged" else action
            description = f"{institution.name} {record.department}".strip()
            result.count(record.row, action, description)
        audit(
            actor=actor,
            action="institutions.import.applied",
            after={**source, **{k: v for k, v in result.as_json().items() if k != "errors"}},
        )
