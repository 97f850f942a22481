"""The opportunity finder pages: an institution's departments, and one department's switchable purchases."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from procure.accounts.permissions import is_program_staff
from procure.core.access import access
from procure.core.charts import bar_rows
from procure.core.text import quoted
from procure.insights import selectors, services
from procure.insights.classifier import REASON_LABELS
from procure.insights.permissions import can_see_institution, can_use_finder
from procure.institutions.models import Department, Institution
from procure.ledger.models import PurchaseRecord

NONE_LABEL = "사회적경제기업이 공급할 수 없음"


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
    # Three lists: what could have gone to a local enterprise, what the finder put out of reach, and what it could
    # not judge — each to correct.
    show = request.GET.get("show") if request.GET.get("show") in ("none", "unjudged") else ""
    out_of_reach = show == "none"
    if unit is None:
        shown = []
    else:
        shown = {"none": unit.out_of_reach, "unjudged": unit.unjudged_lines}.get(show, unit.lines)
    lines = Paginator(shown, 30).get_page(request.GET.get("page"))
    # "작년" is the year before today, whatever year the page shows: the nudges are about what comes next.
    today = timezone.localdate()
    calendar = selectors.buying_calendar(institution=institution, department=department, year=today.year)
    this_month = today.month
    nudges = [c for c in calendar if c["month"] in (this_month, this_month % 12 + 1)][:4]
    return render(
        request,
        "insights/department.html",
        {
            "institution": institution,
            "department": department,
            "year": year,
            "unit": unit,
            "page": lines,
            "out_of_reach": out_of_reach,
            "show": show,
            "can_mark_district": is_program_staff(request.user),
            "reason_labels": REASON_LABELS,
            "found": found,
            "calendar": calendar,
            "calendar_year": today.year - 1,
            "nudges": nudges,
            "mark_choices": [*found["category_names"].items(), ("NONE", NONE_LABEL)],
        },
    )


@access(can_use_finder)
@require_POST
def line_mark(request, record_pk):
    """An officer corrects the finder's verdict on one line of their institution's ledger."""
    record = get_object_or_404(PurchaseRecord.objects.select_related("institution"), pk=record_pk)
    _institution(request, record.institution_id)
    back = reverse("insights:institution", args=[record.institution_id])
    if record.department_id:
        back = reverse("insights:department", args=[record.institution_id, record.department_id])
    back += f"?year={record.contract_date.year}"
    if request.POST.get("show") in ("none", "unjudged"):
        back += "&show=" + request.POST["show"]
    district_wide = request.POST.get("scope") == "district"
    try:
        mark = services.category_mark(
            actor=request.user,
            record=record,
            category=request.POST.get("category", ""),
            district_wide=district_wide,
        )
    except services.MarkError as error:
        messages.error(request, str(error))
        return redirect(back)
    label = NONE_LABEL if mark.category == "NONE" else selectors.category_names().get(mark.category, mark.category)
    where = "구 전체 기관의" if mark.district_wide else f"{record.institution.name}의"
    messages.success(
        request,
        f"{quoted(record.title, '을/를')} {quoted(label, '으로/로')} 표시했습니다. "
        f"{where} 같은 계약명의 다른 구매에도 적용됩니다.",
    )
    return redirect(back)
