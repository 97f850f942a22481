from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from procure.accounts.models import Role
from procure.core.access import access, public
from procure.core.exporters import export_response
from procure.core.pdf import PdfUnavailable
from procure.core.replica import reads_from_replica
from procure.enterprises.models import Enterprise
from procure.institutions.models import Department, Institution
from procure.performance import dashboards, exports, services
from procure.performance.forms import FiguresFilterForm
from procure.performance.models import Regime
from procure.performance.permissions import (
    can_close_years,
    can_open_dashboards,
    can_open_enterprise_sales,
    can_see_all_institutions,
    can_view_enterprise_sales,
    can_view_institution_figures,
)
from procure.performance.selectors import (
    disclosure_listing,
    disclosure_years,
    regime_for,
    year_figures,
    year_status,
)


def _filters(request):
    form = FiguresFilterForm(request.GET or None)
    year, code = form.values()
    try:
        regime = regime_for(code)
    except Regime.DoesNotExist:
        raise Http404 from None
    return form, year, regime


@access(can_open_dashboards)
@reads_from_replica
def overview(request):
    if not can_see_all_institutions(request.user):
        return redirect("performance:institution", pk=request.user.institution_id)
    form, year, regime = _filters(request)
    context = dashboards.district_overview(year=year, regime=regime)
    return render(
        request,
        "performance/overview.html",
        {**context, "form": form, "year": year, "regime": regime, "can_close_years": can_close_years(request.user)},
    )


@access(can_close_years)
@require_POST
def year_closing(request, year):
    """The district closes a year (실적 확정) or, with a reason, opens it again."""
    note = request.POST.get("note", "")[:1000]
    try:
        if request.POST.get("action") == "reopen":
            services.year_reopen(actor=request.user, year=year, reason=note)
            messages.success(request, f"{year}년 마감을 풀었습니다. 실적이 다시 ‘잠정’으로 나옵니다.")
        else:
            services.year_close(actor=request.user, year=year, note=note)
            messages.success(
                request, f"{year}년 실적을 확정했습니다. 모든 화면·내려받기·공시·API에 ‘확정’으로 나옵니다."
            )
    except services.YearClosingError as error:
        messages.error(request, str(error))
    return redirect(f"{reverse('performance:overview')}?year={year}")


@access(can_open_dashboards)
@reads_from_replica
def institution(request, pk):
    unit = get_object_or_404(Institution, pk=pk)
    if not can_view_institution_figures(request.user, unit.pk):
        raise PermissionDenied
    form, year, regime = _filters(request)
    context = dashboards.institution_page(institution=unit, year=year, regime=regime)
    return render(
        request,
        "performance/institution.html",
        {**context, "institution": unit, "form": form, "year": year, "regime": regime},
    )


@access(can_open_dashboards)
@reads_from_replica
def department(request, pk):
    unit = get_object_or_404(Department.objects.select_related("institution"), pk=pk)
    if not can_view_institution_figures(request.user, unit.institution_id):
        raise PermissionDenied
    form, year, regime = _filters(request)
    context = dashboards.department_page(department=unit, year=year, regime=regime)
    context["page"] = Paginator(context.pop("purchases"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "performance/department.html",
        {**context, "department": unit, "form": form, "year": year, "regime": regime},
    )


@access(can_open_enterprise_sales)
def enterprise(request, pk):
    supplier = get_object_or_404(Enterprise, pk=pk)
    if not can_view_enterprise_sales(request.user, supplier.pk):
        raise PermissionDenied
    form, year, _ = _filters(request)
    # A buyer sees the enterprise's sales to their own institution only.
    only_institution = request.user.institution_id if request.user.role == Role.BUYER else None
    context = dashboards.enterprise_sales(enterprise=supplier, year=year, institution_id=only_institution)
    context["page"] = Paginator(context.pop("sales"), 30).get_page(request.GET.get("page"))
    return render(
        request, "performance/enterprise.html", {**context, "enterprise": supplier, "form": form, "year": year}
    )


@access(can_see_all_institutions)
def monitoring_report(request, fmt):
    if fmt not in ("xlsx", "csv", "pdf"):
        raise Http404
    form, year, regime = _filters(request)
    if fmt != "pdf":
        return export_response(exports.MonitoringExporter(year=year, regime=regime), fmt)
    try:
        pdf = exports.monitoring_pdf(request, year=year, regime=regime)
    except PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = quote(f"{year}년-사회적경제기업-구매실적-모니터링-{timezone.localdate():%Y%m%d}.pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@access(can_open_dashboards)
def statutory(request, pk, form_name):
    unit = get_object_or_404(Institution, pk=pk)
    if not can_view_institution_figures(request.user, unit.pk):
        raise PermissionDenied
    if form_name not in ("plan", "performance"):
        raise Http404
    _, year, _ = _filters(request)
    exporter = exports.PlanFormExporter if form_name == "plan" else exports.PerformanceFormExporter
    return export_response(exporter(institution=unit, year=year), "xlsx")


@access(public)
@reads_from_replica
def disclosure_index(request):
    listing = [(year_status(year), institutions) for year, institutions in disclosure_listing()]
    return render(request, "performance/disclosure_index.html", {"years_with_institutions": listing})


@access(public)
@reads_from_replica
def disclosure_download(request, year, fmt):
    if fmt not in ("xlsx", "csv") or year not in disclosure_years():
        raise Http404
    return export_response(exports.DisclosureExporter(year=year), fmt)


@access(public)
@reads_from_replica
def disclosure_detail(request, year, pk):
    unit = get_object_or_404(Institution, pk=pk, is_active=True)
    if year not in disclosure_years():
        raise Http404
    figures = {
        regime: year_figures(year=year, regime=regime, institution_id=unit.pk).institutions.get(unit.pk)
        for regime in Regime.objects.prefetch_related("exclusions")
    }
    return render(
        request,
        "performance/disclosure_detail.html",
        {"institution": unit, "year": year, "figures_by_regime": figures, "year_status": year_status(year)},
    )
