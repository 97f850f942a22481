"""The opportunity finder pages: an institution's departments, and one department's switchable purchases."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from procure.core.access import access
from procure.core.charts import bar_rows
from procure.insights import selectors
from procure.insights.permissions import can_see_institution, can_use_finder
from procure.institutions.models import Department, Institution
from procure.ledger.models import PurchaseRecord


def _year(request, institution) -> int:
    years = sorted(
        {d.year for d in PurchaseRecord.objects.filter(institution=institution).dates("contract_date", "year")}
    )
    try:
        asked = int(request.GET.get("year", ""))
    except ValueError:
        asked = None
    if asked in years:
        return asked
    return years[-1] if years else timezone.localdate().year


def _institution(request, pk) -> Institution:
    institution = get_object_or_404(Institution, pk=pk)
    if not can_see_institution(request.user, institution):
        raise PermissionDenied("다른 기관의 구매 분석은 볼 수 없습니다.")
    return institution


@access(can_use_finder)
def finder_home(request):
    if request.user.institution_id and not request.user.is_superuser and request.user.role == "buyer":
        return redirect("insights:institution", pk=request.user.institution_id)
    return render(request, "insights/home.html", {"institutions": Institution.objects.filter(is_active=True)})


@access(can_use_finder)
def institution_view(request, pk):
    institution = _institution(request, pk)
    year = _year(request, institution)
    found = selectors.opportunities(institution=institution, year=year)
    bars = bar_rows(
        (found["category_names"].get(code, code), amount)
        for code, amount in found["institution"].by_category.most_common(8)
    )
    departments = {d.name: d.pk for d in Department.objects.filter(institution=institution)}
    return render(
        request,
        "insights/institution.html",
        {"institution": institution, "year": year, "found": found, "bars": bars, "department_ids": departments},
    )


@access(can_use_finder)
def department_view(request, pk, department_pk):
    institution = _institution(request, pk)
    department = get_object_or_404(Department, pk=department_pk, institution=institution)
    year = _year(request, institution)
    found = selectors.opportunities(institution=institution, year=year, department=department)
    unit = found["departments"][0] if found["departments"] else None
    calendar = selectors.buying_calendar(institution=institution, department=department, year=year + 1)
    this_month = timezone.localdate().month
    nudges = [c for c in calendar if c["month"] in (this_month, this_month % 12 + 1)][:4]
    return render(
        request,
        "insights/department.html",
        {
            "institution": institution,
            "department": department,
            "year": year,
            "unit": unit,
            "found": found,
            "calendar": calendar,
            "nudges": nudges,
        },
    )
