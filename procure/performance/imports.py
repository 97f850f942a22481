"""Targets and monthly purchase plans from a spreadsheet: one row per institution or department and year."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from procure.core.imports import Importer, ImportResult
from procure.core.money import split_won, won_problem
from procure.core.services import audit
from procure.core.tabular import Column, RowErrors, Table, clean_text, parse_won
from procure.core.text import quoted
from procure.institutions.models import Department, Institution
from procure.performance.models import PurchasePlan, Target, TargetKind

MONTH_COLUMNS = [Column(f"m{m}", f"{m}월", f"month_{m}", aliases=(f"{m}월계획", f"{m}월 계획")) for m in range(1, 13)]
COLUMNS = [
    Column("year", "연도", "year", required=True),
    Column("institution", "기관명", "institution", required=True),
    Column("department", "부서명", "department"),
    Column("amount", "목표금액", "target_amount", aliases=("목표 금액", "목표액")),
    Column("ratio", "목표비율", "target_ratio", aliases=("목표 비율", "목표비율(%)")),
    Column("base", "기준총구매액", "base_amount", aliases=("기준 총구매액", "총구매계획액", "총구매 계획액")),
    *MONTH_COLUMNS,
]


@dataclass
class TargetRow:
    row: int
    year: int
    institution: Institution
    department: Department | None
    amount: int | None
    ratio_bp: int | None
    months: dict
    base_amount: int | None = None

    @property
    def planned_amount(self) -> int | None:
        """What the row plans in won: the amount, or the ratio of the base it states."""
        if self.amount is not None:
            return self.amount
        if self.ratio_bp is not None and self.base_amount is not None:
            return (self.base_amount * self.ratio_bp + 5000) // 10000
        return None


class TargetImporter(Importer):
    kind = "targets"
    label = "구매 목표·계획"
    columns = COLUMNS

    def parse(self, table: Table, errors: RowErrors, progress=None) -> list[TargetRow]:
        institutions = {i.name: i for i in Institution.objects.all()}
        departments = {(d.institution_id, d.name): d for d in Department.objects.all()}
        records = []
        self.row_count = 0
        for number, raw in table.rows():
            self.row_count += 1
            before = errors.total
            try:
                year = int(clean_text(raw["year"]).replace("년", ""))
                if not 2000 <= year <= 2100:
                    raise ValueError
            except ValueError:
                errors.add(
                    number,
                    "연도",
                    f"연도 {quoted(clean_text(raw['year']), '을/를')} 읽을 수 없습니다. 2025 처럼 입력해 주세요.",
                )
                year = 0
            institution = institutions.get(clean_text(raw["institution"]))
            if institution is None:
                errors.add(number, "기관명", f"등록되지 않은 기관입니다: ‘{clean_text(raw['institution'])}’")
            department = None
            department_name = clean_text(raw.get("department"))
            if institution and department_name:
                department = departments.get((institution.pk, department_name))
                if department is None:
                    errors.add(number, "부서명", f"{institution.name}에 ‘{department_name}’ 부서가 없습니다.")
            amount = ratio_bp = None
            if clean_text(raw.get("amount")):
                try:
                    amount = parse_won(raw["amount"])
                except ValueError as error:
                    errors.add(number, "목표금액", str(error))
                else:
                    if problem := won_problem(amount, label="목표금액", positive=False):
                        errors.add(number, "목표금액", problem)
            if clean_text(raw.get("ratio")):
                try:
                    ratio_bp = int((Decimal(clean_text(raw["ratio"]).rstrip("%")) * 100).to_integral_value())
                    if not 0 <= ratio_bp <= 10000:
                        raise InvalidOperation
                except (InvalidOperation, ValueError):
                    errors.add(number, "목표비율", "목표비율은 0~100 사이의 % 값으로 입력해 주세요 (예: 5.5).")
            base_amount = None
            if clean_text(raw.get("base")):
                try:
                    base_amount = parse_won(raw["base"])
                except ValueError as error:
                    errors.add(number, "기준총구매액", str(error))
                else:
                    if problem := won_problem(base_amount, label="기준총구매액", positive=False):
                        errors.add(number, "기준총구매액", problem)
                        base_amount = None
            if amount is not None and ratio_bp is not None:
                errors.add(number, "목표비율", "목표금액과 목표비율 중 하나만 적어 주세요.")
            if amount is None and ratio_bp is None and not any(clean_text(raw.get(f"m{m}")) for m in range(1, 13)):
                errors.add(number, "목표금액", "목표금액, 목표비율, 월별 계획 중 하나는 있어야 합니다.")
            months = {}
            for month in range(1, 13):
                if clean_text(raw.get(f"m{month}")):
                    try:
                        months[month] = parse_won(raw[f"m{month}"])
                    except ValueError as error:
                        errors.add(number, f"{month}월", str(error))
                    else:
                        if problem := won_problem(months[month], label=f"{month}월 계획 금액", positive=False):
                            errors.add(number, f"{month}월", problem)
            row = TargetRow(number, year, institution, department, amount, ratio_bp, months, base_amount)
            planned = row.planned_amount
            if months and planned is not None and sum(months.values()) != planned and errors.total == before:
                total = sum(months.values())
                errors.add(
                    number,
                    "월별 계획",
                    f"월별 계획의 합계 {total:,}원이 목표 {planned:,}원과 다릅니다 (차이 {total - planned:+,}원). "
                    "비어 있는 달은 0원으로 셉니다.",
                )
            if errors.total == before:
                records.append(row)
        self.warnings = _departments_over_institutions(records)
        return records

    def apply(self, records: list[TargetRow], result: ImportResult, *, actor, source, progress=None):
        if getattr(self, "warnings", None):
            result.details = {"warnings": self.warnings}
        for record in records:
            action = "unchanged"
            if record.amount is not None or record.ratio_bp is not None:
                kind = TargetKind.AMOUNT if record.amount is not None else TargetKind.RATIO
                values = {
                    "kind": kind,
                    "amount": record.amount,
                    "ratio_bp": record.ratio_bp,
                    "base_amount": record.base_amount if kind == TargetKind.RATIO else None,
                }
                target = Target.objects.filter(
                    year=record.year, institution=record.institution, department=record.department
                ).first()
                if target is None:
                    Target.objects.create(
                        year=record.year, institution=record.institution, department=record.department, **values
                    )
                    action = "created"
                elif any(getattr(target, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(target, k, v)
                    target.save()
                    action = "updated"
            months = record.months
            if not months and record.planned_amount:
                # A target with no monthly plan: the plan is the target spread over the year, to the won.
                months = dict(enumerate(split_won(record.planned_amount, 12), start=1))
            for month, amount in months.items():
                plan = PurchasePlan.objects.filter(
                    year=record.year, month=month, institution=record.institution, department=record.department
                ).first()
                if plan is None:
                    PurchasePlan.objects.create(
                        year=record.year,
                        month=month,
                        institution=record.institution,
                        department=record.department,
                        amount=amount,
                    )
                    action = "created" if action != "updated" else action
                elif plan.amount != amount:
                    plan.amount = amount
                    plan.save()
                    action = "updated" if action == "unchanged" else action
            unit = record.department or record.institution
            result.count(record.row, action, f"{record.year} {unit}")
        audit(
            actor=actor,
            action="performance.targets.imported",
            after={**source, **{k: v for k, v in result.as_json().items() if k != "errors"}},
        )


def _departments_over_institutions(records: list[TargetRow]) -> list[str]:
    """Warnings (not errors: a district may plan so on purpose) where the departments' targets of an institution
    add up to more than the institution's own, counting the file's rows over what is stored."""
    planned: dict[tuple[int, int, int | None], int | None] = {}
    for target in Target.objects.filter(year__in={r.year for r in records}):
        planned[(target.year, target.institution_id, target.department_id)] = target.planned_amount
    names = {}
    for record in records:
        if record.amount is not None or record.ratio_bp is not None:
            key = (record.year, record.institution.pk, record.department.pk if record.department else None)
            planned[key] = record.planned_amount
        names[record.institution.pk] = record.institution.name
    warnings = []
    for (year, institution_id, department_id), amount in sorted(planned.items(), key=lambda kv: kv[0][:2]):
        if department_id is not None or amount is None or institution_id not in names:
            continue
        departments = sum(
            value or 0 for (y, i, d), value in planned.items() if y == year and i == institution_id and d is not None
        )
        if departments > amount:
            warnings.append(
                f"{year}년 {names[institution_id]}: 부서 목표의 합계 {departments:,}원이 기관 목표 {amount:,}원보다 "
                f"{departments - amount:,}원 많습니다."
            )
    return warnings
