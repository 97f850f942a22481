"""Performance figures, always read from roll-ups (never the raw ledger), for any regime."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Max, Q, Sum
from django.utils import timezone

from procure.core.dbidentity import identity_key
from procure.enterprises.models import TYPE_PRECEDENCE, EnterpriseType
from procure.institutions.models import Department, Institution
from procure.ledger.models import CategoryRollup, PurchaseSource, Rollup
from procure.ledger.selectors import amounts_by_source
from procure.ledger.services import figures_version
from procure.performance.models import PurchasePlan, Regime, Target, YearClosing

MONTHS = range(1, 13)


def regime_for(code: str | None) -> Regime:
    regimes = Regime.objects.prefetch_related("exclusions")
    if code:
        return regimes.get(code=code)
    found = regimes.filter(is_default=True).first() or regimes.first()
    if found is None:  # reference data (buying and performance migrations) always holds the regimes
        raise Regime.DoesNotExist("적용 법령(지방·국가) 기준 자료가 없습니다. migrate를 실행해 주세요.")
    return found


@dataclass
class Figures:
    """Totals of one unit (district, institution or department) for a year under one regime."""

    total: int = 0
    se: int = 0
    by_type: dict = field(default_factory=lambda: {t.value: 0 for t in TYPE_PRECEDENCE})
    by_month_total: list = field(default_factory=lambda: [0] * 12)
    by_month_se: list = field(default_factory=lambda: [0] * 12)
    by_category_total: dict = field(default_factory=lambda: defaultdict(int))
    by_category_se: dict = field(default_factory=lambda: defaultdict(int))
    by_kind_total: dict = field(default_factory=lambda: defaultdict(int))
    by_kind_se: dict = field(default_factory=lambda: defaultdict(int))

    def freeze(self) -> None:
        """Swap the defaultdicts for plain dicts so the figures can be cached (pickled)."""
        for name in ("by_category_total", "by_category_se", "by_kind_total", "by_kind_se"):
            setattr(self, name, dict(getattr(self, name)))

    @property
    def ratio(self) -> float:
        return self.se / self.total if self.total else 0.0

    @property
    def ratio_percent(self) -> float:
        return round(self.ratio * 100, 2)

    def add(self, *, month: int, amount: int, se_type: str | None, category_id=None, kind: str = "") -> None:
        self.total += amount
        self.by_month_total[month - 1] += amount
        if category_id is not None:
            self.by_category_total[category_id] += amount
        if kind:
            self.by_kind_total[kind] += amount
        if se_type:
            self.se += amount
            self.by_type[se_type] += amount
            self.by_month_se[month - 1] += amount
            if category_id is not None:
                self.by_category_se[category_id] += amount
            if kind:
                self.by_kind_se[kind] += amount

    def months(self) -> list[dict]:
        return [
            {"month": m + 1, "total": t, "se": s, "percent": f"{s * 100 / t:.2f}%" if t else "—"}
            for m, (t, s) in enumerate(zip(self.by_month_total, self.by_month_se, strict=True))
        ]

    def cumulative_se(self, through_month: int) -> int:
        return sum(self.by_month_se[:through_month])


def _attribute(held_types: str, counted: set[str]) -> str | None:
    """The type a line counts as under the regime: the strongest held type the regime counts."""
    if not held_types:
        return None
    for type_ in held_types.split(","):
        if type_ in counted:
            return type_
    return None


def _filtered(model, *, year: int, regime: Regime, institution_id=None):
    rows = model.objects.filter(year=year)
    if regime.denominator_kinds:
        rows = rows.filter(kind__in=regime.denominator_kinds)
    excluded = [e.pk for e in regime.exclusions.all()]
    if excluded:
        rows = rows.filter(Q(exclusion__isnull=True) | ~Q(exclusion_id__in=excluded))
    if institution_id is not None:
        rows = rows.filter(institution_id=institution_id)
    return rows


@dataclass
class YearFigures:
    year: int
    regime: Regime
    district: Figures
    institutions: dict  # institution id → Figures
    departments: dict  # (institution id, department id or None) → Figures


def year_figures(*, year: int, regime: Regime, institution_id=None) -> YearFigures:
    """Figures of a year under a regime, summed in the database from roll-ups and cached until they change.

    The cache is shared by every database on the machine: the key carries this database's identity, since
    `figures_version()` is a counter that another database or a restored backup reaches too."""
    key = identity_key("year-figures", year, regime.pk, regime_signature(regime), institution_id, figures_version())
    cached = cache.get(key)
    if cached is None:
        cached = _compute_year_figures(year=year, regime=regime, institution_id=institution_id)
        cache.set(key, cached, timeout=60 * 60)
    cached.regime = regime
    return cached


def regime_signature(regime: Regime) -> str:
    """Edits to a regime change its figures; the signature ties a cache entry to the regime's content."""
    exclusions = ",".join(str(e.pk) for e in regime.exclusions.all())
    return f"{','.join(regime.counted_types)}|{','.join(regime.denominator_kinds)}|{exclusions}"


def _compute_year_figures(*, year: int, regime: Regime, institution_id=None) -> YearFigures:
    counted = set(regime.counted_types)
    result = YearFigures(
        year=year,
        regime=regime,
        district=Figures(),
        institutions=defaultdict(Figures),
        departments=defaultdict(Figures),
    )
    monthly = _filtered(Rollup, year=year, regime=regime, institution_id=institution_id)
    # Institutions by month, kind and supplier types (a few hundred rows).
    for inst, month, kind, held, amount in (
        monthly.values("institution_id", "month", "kind", "held_types")
        .annotate(total=Sum("amount"))
        .values_list("institution_id", "month", "kind", "held_types", "total")
        .order_by()
    ):
        se_type = _attribute(held, counted)
        for figures in (result.district, result.institutions[inst]):
            figures.add(month=month, amount=amount, se_type=se_type, kind=kind)
    # Departments by month (their totals and social-economy amounts, for ranking and pace).
    for inst, dept, month, held, amount in (
        monthly.values("institution_id", "department_id", "month", "held_types")
        .annotate(total=Sum("amount"))
        .values_list("institution_id", "department_id", "month", "held_types", "total")
        .order_by()
    ):
        result.departments[(inst, dept)].add(month=month, amount=amount, se_type=_attribute(held, counted))
    # Categories for the year.
    for inst, category_id, held, amount in (
        _filtered(CategoryRollup, year=year, regime=regime, institution_id=institution_id)
        .values("institution_id", "category_id", "held_types")
        .annotate(total=Sum("amount"))
        .values_list("institution_id", "category_id", "held_types", "total")
        .order_by()
    ):
        is_se = _attribute(held, counted) is not None
        for figures in (result.district, result.institutions[inst]):
            figures.by_category_total[category_id] = figures.by_category_total.get(category_id, 0) + amount
            if is_se:
                figures.by_category_se[category_id] = figures.by_category_se.get(category_id, 0) + amount
    # Plain dicts pickle into the cache; defaultdicts with lambdas do not.
    result.institutions = dict(result.institutions)
    result.departments = dict(result.departments)
    for figures in (result.district, *result.institutions.values(), *result.departments.values()):
        figures.freeze()
    return result


def report(*, year: int, regime: Regime) -> dict:
    """The document `performance_report --json` prints (docs/formats.md §4)."""
    figures = year_figures(year=year, regime=regime)
    sources = amounts_by_source(year=year)
    names = dict(Institution.objects.filter(pk__in=figures.institutions).values_list("pk", "name"))
    department_names = dict(Department.objects.values_list("pk", "name"))
    institutions = []
    for institution_id in sorted(figures.institutions, key=lambda pk: names[pk]):
        unit = figures.institutions[institution_id]
        departments = sorted(
            (
                (department_names.get(dept, "(부서 미지정)") if dept else "(부서 미지정)", f)
                for (inst, dept), f in figures.departments.items()
                if inst == institution_id
            ),
            key=lambda item: item[0],
        )
        institutions.append(
            {
                "institution": names[institution_id],
                "total_amount": unit.total,
                "se_amount": unit.se,
                "se_ratio": unit.ratio,
                "by_type": {EnterpriseType(t).label: unit.by_type[t] for t in _FORMAT_TYPE_ORDER},
                "by_department": [
                    {"department": name, "total_amount": f.total, "se_amount": f.se} for name, f in departments
                ],
                "by_month": [
                    {"month": m, "total_amount": unit.by_month_total[m - 1], "se_amount": unit.by_month_se[m - 1]}
                    for m in MONTHS
                ],
                # All of the year's purchases by where they came from (before exclusions), in won.
                "by_source": sources.get(institution_id, dict.fromkeys(PurchaseSource.values, 0)),
            }
        )
    return {"year": year, "regime": regime.code, **year_status(year).as_json(), "institutions": institutions}


# The order of by_type keys in docs/formats.md.
_FORMAT_TYPE_ORDER = [
    EnterpriseType.CERTIFIED_SOCIAL_ENTERPRISE,
    EnterpriseType.PRE_SOCIAL_ENTERPRISE,
    EnterpriseType.SOCIAL_COOPERATIVE,
    EnterpriseType.COOPERATIVE,
    EnterpriseType.VILLAGE_ENTERPRISE,
    EnterpriseType.SELF_SUFFICIENCY_ENTERPRISE,
]


# --- pace, targets and forecast --------------------------------------------------------------------


def data_month(year: int, today: datetime.date | None = None) -> int:
    """The last month of the year that has purchases on record (0: none), never past the current month: what
    "N월까지" names on every page, so a month with nothing recorded yet is not shown as if it were counted."""
    today = today or timezone.localdate()
    if year > today.year:
        return 0
    last = Rollup.objects.filter(year=year).aggregate(month=Max("month"))["month"] or 0
    return min(last, today.month) if year == today.year else last


@dataclass(frozen=True)
class YearStatus:
    """Whether a year's figures are final (확정: the district closed the year) or provisional (잠정), said the
    same way on every page, export and API answer."""

    year: int
    closed: bool
    changed_at: datetime.datetime | None
    through_month: int
    # Today, when the last month with data is the month under way (3 December: "12월 3일까지", not "12월까지").
    through_day: datetime.date | None = None

    @property
    def label(self) -> str:
        return "확정" if self.closed else "잠정"

    @property
    def sentence(self) -> str:
        if self.through_day is not None:
            months = f"{self.through_day.month}월 {self.through_day.day}일까지 자료"
        else:
            months = f"{self.through_month}월까지 자료" if self.through_month else "아직 자료 없음"
        if self.closed:
            return f"{self.year}년 실적 확정 ({timezone.localtime(self.changed_at):%Y.%m.%d} 마감) · {months}"
        return f"{self.year}년 실적 잠정 · {months} · 구가 연도를 마감하면 확정됩니다"

    def as_json(self) -> dict:
        return {
            "status": self.label,
            "closed": self.closed,
            "closed_at": timezone.localtime(self.changed_at).isoformat() if self.closed else None,
            "through_month": self.through_month,
        }


def year_status(year: int) -> YearStatus:
    closing = YearClosing.objects.filter(year=year).first()
    closed = bool(closing and closing.closed)
    today = timezone.localdate()
    through = data_month(year, today)
    under_way = today if not closed and year == today.year and through == today.month else None
    return YearStatus(year, closed, closing.changed_at if closing and closed else None, through, under_way)


@dataclass
class Forecast:
    amount: int
    method: str
    run_rate: int
    pattern: int | None


def forecast(
    *, this_year: Figures, last_year: Figures | None, through_month: int, closed: bool = False
) -> Forecast | None:
    """Year-end SE amount: run-rate (so far ÷ months × 12), or last year's monthly pattern when there is one."""
    if through_month <= 0:
        return None
    so_far = this_year.cumulative_se(through_month)
    run_rate = so_far * 12 // through_month
    pattern = None
    if last_year and last_year.se > 0:
        share_last_year = last_year.cumulative_se(through_month)
        if share_last_year > 0:
            pattern = so_far * last_year.se // share_last_year
    if closed:
        return Forecast(amount=so_far, method="연간 실적 확정 (연도 마감)", run_rate=so_far, pattern=so_far)
    if through_month == 12:
        return Forecast(amount=so_far, method="올해 지금까지 실적 (잠정: 마감 전)", run_rate=so_far, pattern=so_far)
    if pattern is not None:
        return Forecast(
            amount=pattern,
            method=f"전년도 월별 구매 패턴 (전년 1~{through_month}월 비중으로 연간 환산)",
            run_rate=run_rate,
            pattern=pattern,
        )
    return Forecast(
        amount=run_rate,
        method=f"월평균 환산 (1~{through_month}월 실적 ÷ {through_month} × 12)",
        run_rate=run_rate,
        pattern=None,
    )


def expected_share(*, last_year: Figures | None, through_month: int) -> tuple[int, int]:
    """The share of the year's target that should be reached by now, as a fraction (numerator, denominator)."""
    if last_year and last_year.se > 0:
        return last_year.cumulative_se(through_month), last_year.se
    return through_month, 12


def targets_for(*, year: int) -> dict:
    """(institution id, department id or None) → Target."""
    return {(t.institution_id, t.department_id): t for t in Target.objects.filter(year=year)}


def plans_for(*, year: int, institution_id: int) -> dict:
    plans: defaultdict[int | None, list[int]] = defaultdict(lambda: [0] * 12)
    for department_id, month, amount in PurchasePlan.objects.filter(
        year=year, institution_id=institution_id
    ).values_list("department_id", "month", "amount"):
        plans[department_id][month - 1] += amount
    return plans


@dataclass
class PaceRow:
    institution: Institution
    department: Department | None
    figures: Figures
    target_amount: int | None
    expected_by_now: int | None
    behind: bool

    @property
    def attainment_percent(self) -> float | None:
        if not self.target_amount:
            return None
        return round(self.figures.se * 100 / self.target_amount, 1)

    @property
    def gap(self) -> int:
        return max(0, (self.expected_by_now or 0) - self.figures.se)


def pace_rows(
    *,
    year: int,
    regime: Regime,
    institution_id=None,
    today=None,
    this: YearFigures | None = None,
    last: YearFigures | None = None,
) -> list[PaceRow]:
    """Every department (and institution) with its target, expected progress by now, and whether it is behind,
    largest shortfall first.

    Pass `this` and `last` when the caller already has the year's figures, to read the roll-ups once."""
    this = this or year_figures(year=year, regime=regime, institution_id=institution_id)
    last = last or year_figures(year=year - 1, regime=regime, institution_id=institution_id)
    through = data_month(year, today)
    targets = targets_for(year=year)
    keys = set(this.departments) | {k for k in targets if k[1] is not None}
    if institution_id is not None:
        keys = {k for k in keys if k[0] == institution_id}
    institutions = Institution.objects.in_bulk({k[0] for k in keys})
    departments = Department.objects.in_bulk({k[1] for k in keys if k[1]})
    rows = []
    for inst, dept in keys:
        figures = this.departments.get((inst, dept), Figures())
        target = targets.get((inst, dept))
        target_amount = target.amount_for(figures.total) if target else None
        expected = None
        behind = False
        if target_amount:
            numerator, denominator = expected_share(last_year=last.departments.get((inst, dept)), through_month=through)
            expected = target_amount * numerator // denominator if denominator else 0
            behind = figures.se < expected
        rows.append(PaceRow(institutions[inst], departments.get(dept), figures, target_amount, expected, behind))
    # Largest shortfall first: the order people act in (and the order of the alert's list).
    rows.sort(key=lambda r: (-r.gap, r.institution.name, r.department.name if r.department else ""))
    return rows


def disclosure_years() -> list[int]:
    """Years with purchases on record, newest first (the current year is shown as provisional)."""
    return sorted(set(Rollup.objects.values_list("year", flat=True).distinct()), reverse=True)


def disclosure_institution_ids(year: int) -> set[int]:
    """Institutions with purchases on record in the year."""
    return set(Rollup.objects.filter(year=year).values_list("institution_id", flat=True).distinct())


def disclosure_listing() -> list[tuple[int, list[Institution]]]:
    pairs = set(Rollup.objects.values_list("year", "institution_id").distinct())
    institutions = Institution.objects.filter(is_active=True).in_bulk()
    listing = []
    for year in sorted({y for y, _ in pairs}, reverse=True):
        units = sorted((institutions[i] for y, i in pairs if y == year and i in institutions), key=lambda u: u.name)
        listing.append((year, units))
    return listing


@dataclass
class InstitutionLine:
    institution: Institution
    figures: Figures
    target_amount: int | None
    forecast: object

    @property
    def attainment_percent(self):
        if not self.target_amount:
            return None
        return round(self.figures.se * 100 / self.target_amount, 1)


@dataclass
class DistrictStanding:
    """Each institution's figures, target and forecast for a year, and the district's totals."""

    this: YearFigures
    last: YearFigures
    through_month: int
    lines: list[InstitutionLine]
    district_target: int | None
    forecast: object
    status: YearStatus

    @property
    def figures(self) -> Figures:
        return self.this.district

    @property
    def district_attainment(self):
        return round(self.figures.se * 100 / self.district_target, 1) if self.district_target else None


def district_standing(*, year: int, regime: Regime) -> DistrictStanding:
    this = year_figures(year=year, regime=regime)
    last = year_figures(year=year - 1, regime=regime)
    status = year_status(year)
    through = status.through_month
    targets = targets_for(year=year)
    institutions = Institution.objects.in_bulk(list(this.institutions) + [k[0] for k in targets if k[1] is None])
    lines = []
    for pk, institution in sorted(institutions.items(), key=lambda kv: kv[1].name):
        figures = this.institutions.get(pk, Figures())
        target = targets.get((pk, None))
        lines.append(
            InstitutionLine(
                institution,
                figures,
                target.amount_for(figures.total) if target else None,
                forecast(
                    this_year=figures, last_year=last.institutions.get(pk), through_month=through, closed=status.closed
                ),
            )
        )
    return DistrictStanding(
        this=this,
        last=last,
        through_month=through,
        lines=lines,
        district_target=sum(line.target_amount or 0 for line in lines) or None,
        forecast=forecast(
            this_year=this.district, last_year=last.district, through_month=through, closed=status.closed
        ),
        status=status,
    )
