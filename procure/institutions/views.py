from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from procure.core.access import access
from procure.institutions import selectors, services
from procure.institutions.forms import DepartmentForm, InstitutionFilterForm, InstitutionForm
from procure.institutions.models import Department, Institution
from procure.institutions.permissions import (
    can_manage_institutions,
    can_open_institution_page,
    can_view_institution,
    can_view_institutions,
)


@access(can_view_institutions)
def institution_list(request):
    filters = InstitutionFilterForm(request.GET or None)
    filters.is_valid()
    cleaned = getattr(filters, "cleaned_data", {})
    institutions = selectors.institution_list(query=cleaned.get("q", ""), kind=cleaned.get("kind", ""))
    page = Paginator(institutions, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "institutions/institution_list.html",
        {"page": page, "filters": filters, "can_manage": can_manage_institutions(request.user)},
    )


@access(can_manage_institutions)
def institution_create(request):
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        institution = services.institution_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            code=form.cleaned_data.get("code", ""),
        )
        messages.success(request, f"‘{institution.name}’ 기관을 등록했습니다.")
        return redirect("institutions:detail", pk=institution.pk)
    return render(request, "institutions/institution_form.html", {"form": form})


@access(can_open_institution_page)
def institution_detail(request, pk):
    institution = get_object_or_404(Institution, pk=pk)
    if not can_view_institution(request.user, institution):
        raise PermissionDenied
    can_manage = can_manage_institutions(request.user)
    return render(
        request,
        "institutions/institution_detail.html",
        {
            "institution": institution,
            "departments": selectors.institution_departments(institution=institution),
            "department_form": DepartmentForm(institution=institution) if can_manage else None,
            "can_manage": can_manage,
        },
    )


@access(can_manage_institutions)
def institution_update(request, pk):
    institution = get_object_or_404(Institution, pk=pk)
    form = InstitutionForm(request.POST or None, instance=Institution.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.institution_update(
            actor=request.user,
            institution=institution,
            name=data["name"],
            kind=data["kind"],
            code=data["code"],
            is_active=data["is_active"],
        )
        messages.success(request, "기관 정보를 저장했습니다.")
        return redirect("institutions:detail", pk=institution.pk)
    return render(request, "institutions/institution_form.html", {"form": form, "institution": institution})


@access(can_manage_institutions)
def department_create(request, pk):
    institution = get_object_or_404(Institution, pk=pk)
    form = DepartmentForm(request.POST or None, institution=institution)
    if request.method == "POST" and form.is_valid():
        department = services.department_create(
            actor=request.user, institution=institution, name=form.cleaned_data["name"]
        )
        messages.success(request, f"‘{department.name}’ 부서를 추가했습니다.")
        return redirect("institutions:detail", pk=institution.pk)
    return render(request, "institutions/department_form.html", {"form": form, "institution": institution})


@access(can_manage_institutions)
def department_update(request, pk):
    department = get_object_or_404(Department.objects.select_related("institution"), pk=pk)
    form = DepartmentForm(
        request.POST or None, instance=Department.objects.get(pk=pk), institution=department.institution
    )
    if request.method == "POST" and form.is_valid():
        services.department_update(
            actor=request.user,
            department=department,
            name=form.cleaned_data["name"],
            is_active=form.cleaned_data["is_active"],
        )
        messages.success(request, "부서 정보를 저장했습니다.")
        return redirect("institutions:detail", pk=department.institution_id)
    return render(
        request,
        "institutions/department_form.html",
        {"form": form, "institution": department.institution, "department": department},
    )


@access(can_manage_institutions)
def department_delete(request, pk):
    department = get_object_or_404(Department.objects.select_related("institution"), pk=pk)
    if request.method == "POST":
        try:
            services.department_delete(actor=request.user, department=department)
        except services.DepartmentInUse:
            messages.error(
                request, "소속 회원이나 구매 기록이 있는 부서는 삭제할 수 없습니다. 대신 ‘사용’을 해제해 주세요."
            )
        else:
            messages.success(request, f"‘{department.name}’ 부서를 삭제했습니다.")
        return redirect("institutions:detail", pk=department.institution_id)
    return render(request, "institutions/department_confirm_delete.html", {"department": department})
