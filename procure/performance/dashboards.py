"""What each dashboard page shows, assembled from roll-ups (selectors) — views only render it."""

from django.utils import timezone

from procure.catalog.models import Category, Offering
from procure.enterprises.models import Enterprise
from procure.institutions.models import Department, Institution
from procure.ledger.models import CategoryRollup
from procure.ledger.selectors import department_lines, supplier_sales
from procure.performance import charts
from procure.performance.models import Regime
from procure.performance.selectors import (
    Figures,
    district_standing,
    forecast,
    pace_rows,
    targets_for,
    year_figures,
    year_status,
)


def district_overview(*, year: int, regime: Regime) -> dict:
    standing = district_standing(year=year, regime=regime)
    this, last, through = standing.this, standing.last, standing.through_month
    district_target = standing.district_target
    categories = dict(Category.objects.values_list("pk", "name"))
    return {
        "figures": this.district,
        "lines": standing.lines,
        "forecast": standing.forecast,
        "district_target": district_target,
        "district_attainment": standing.district_attainment,
        "through_month": through,
        "year_status": standing.status,
        "charts": [
            charts.monthly_chart(this.district, target_amount=district_target, through_month=through),
            charts.type_chart(this.district),
            charts.category_chart(this.district, categories),
        ],
        "behind": [
            row for row in pace_rows(year=year, regime=regime, this=this, last=last) if row.behind and row.department
        ],
    }


def institution_page(*, institution: Institution, year: int, regime: Regime) -> dict:
    this = year_figures(year=year, regime=regime, institution_id=institution.pk)
    last = year_figures(year=year - 1, regime=regime, institution_id=institution.pk)
    status = year_status(year)
    through = status.through_month
    figures = this.institutions.get(institution.pk, Figures())
    target = targets_for(year=year).get((institution.pk, None))
    target_amount = target.amount_for(figures.total) if target else None
    rows = [
        row
        for row in pace_rows(year=year, regime=regime, institution_id=institution.pk, this=this, last=last)
        if row.department
    ]
    rows.sort(key=lambda r: (-(r.figures.se), r.department.name))
    department_targets = [r.target_amount for r in rows if r.target_amount is not None]
    categories = dict(Category.objects.values_list("pk", "name"))
    return {
        "figures": figures,
        "target_amount": target_amount,
        "attainment": round(figures.se * 100 / target_amount, 1) if target_amount else None,
        "forecast": forecast(
            this_year=figures,
            last_year=last.institutions.get(institution.pk),
            through_month=through,
            closed=status.closed,
        ),
        "through_month": through,
        "year_status": status,
        "departments": rows,
        # How the departments' targets relate to the institution's (they need not add up; the difference shows).
        "department_targets_total": sum(department_targets) if department_targets else None,
        "department_targets_gap": (sum(department_targets) - target_amount)
        if department_targets and target_amount is not None
        else None,
        "target": target,
        "target_ratio_text": f"{target.ratio_bp / 100:g}%" if target and target.ratio_bp is not None else "",
        "behind": [r for r in rows if r.behind],
        "charts": [
            charts.monthly_chart(figures, target_amount=target_amount, through_month=through),
            charts.type_chart(figures),
            charts.category_chart(figures, categories),
        ],
    }


def department_page(*, department: Department, year: int, regime: Regime) -> dict:
    rows = [
        r
        for r in pace_rows(year=year, regime=regime, institution_id=department.institution_id)
        if r.department and r.department.pk == department.pk
    ]
    row = rows[0] if rows else None
    figures = row.figures if row else Figures()
    last = year_figures(year=year - 1, regime=regime, institution_id=department.institution_id)
    status = year_status(year)
    through = status.through_month
    purchases = department_lines(department_id=department.pk, year=year)
    counted = set(regime.counted_types)
    # Categories this department buys from ordinary suppliers, and who here could supply them.
    ordinary_categories = Category.objects.filter(
        pk__in={
            pk
            for pk, held in CategoryRollup.objects.filter(
                year=year, department=department, category__isnull=False
            ).values_list("category_id", "held_types")
            if not (set(held.split(",")) & counted)
        }
    ).exclude(code="NONE")
    alternatives = (
        Offering.objects.visible_on(timezone.localdate())
        .filter(category__in=ordinary_categories)
        .with_enterprise()[:24]
    )
    return {
        "row": row,
        "figures": figures,
        "forecast": forecast(
            this_year=figures,
            last_year=last.departments.get((department.institution_id, department.pk)),
            through_month=through,
            closed=status.closed,
        ),
        "through_month": through,
        "year_status": status,
        "purchases": purchases,
        "alternatives": alternatives,
        "ordinary_categories": ordinary_categories,
        "charts": [
            charts.monthly_chart(figures, target_amount=row.target_amount if row else None, through_month=through)
        ],
    }


def enterprise_sales(*, enterprise: Enterprise, year: int, institution_id: int | None = None) -> dict:
    sales = supplier_sales(business_no=enterprise.business_no, year=year, institution_id=institution_id)
    return {
        "sales": sales["lines"],
        "total": sales["total"],
        "by_institution": sales["by_institution"],
        "charts": [
            {
                "type": "sales",
                "labels": [f"{m}월" for m in range(1, 13)],
                "values": sales["monthly"],
                "empty": not any(sales["monthly"]),
            }
        ],
    }
