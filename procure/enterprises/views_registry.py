"""Center pages that keep the registry current: the ministry list's proposals and the tax service's flags."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from procure.core.access import access
from procure.enterprises import registry_check
from procure.enterprises.business_status import clear_flag
from procure.enterprises.forms import ListUploadForm, ProposalDecisionForm, StatusClearForm
from procure.enterprises.models import (
    BusinessStatus,
    ProposalAction,
    ProposalStatus,
    RegistryListCheck,
    RegistryProposal,
    TaxStatus,
)
from procure.enterprises.permissions import can_review_registry


def _has_key() -> bool:
    return bool((settings.DATA_GO_KR_SERVICE_KEY or "").strip())


@access(can_review_registry)
def list_checks(request):
    form = ListUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("fetch"):
        if not _has_key():
            messages.error(
                request, "서비스키(DATA_GO_KR_SERVICE_KEY)가 없어 API에서 읽을 수 없습니다. 목록 파일을 올려 주세요."
            )
        else:
            from procure.enterprises.tasks import check_social_enterprise_list_task

            check_social_enterprise_list_task.enqueue(request.user.pk)
            messages.success(request, "API에서 목록을 읽어 대조하고 있습니다. 잠시 뒤 이 화면을 새로 고치세요.")
        return redirect("enterprises:list_checks")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parsed = registry_check.read_list_file(upload.read(), upload.name)
        except registry_check.ListError as error:
            form.add_error("file", str(error))
        else:
            check = registry_check.check_list(
                parsed=parsed, actor=request.user, filename=upload.name, complete=form.cleaned_data["complete"]
            )
            messages.success(request, f"{check.rows}행을 대조했습니다. 제안을 하나씩 확인해 주세요.")
            return redirect("enterprises:list_check_detail", check.pk)
    checks = Paginator(RegistryListCheck.objects.select_related("created_by"), 20).get_page(request.GET.get("page"))
    return render(request, "enterprises/list_checks.html", {"form": form, "page": checks, "has_key": _has_key()})


@access(can_review_registry)
def list_check_detail(request, pk):
    check = get_object_or_404(RegistryListCheck, pk=pk)
    proposals = check.proposals.select_related("enterprise", "certification", "decided_by")
    groups = [(action, label, [p for p in proposals if p.action == action]) for action, label in ProposalAction.choices]
    return render(
        request,
        "enterprises/list_check_detail.html",
        {"check": check, "groups": groups, "pending": ProposalStatus.PENDING},
    )


@access(can_review_registry)
@require_POST
def proposal_decide(request, pk):
    proposal = get_object_or_404(RegistryProposal, pk=pk)
    form = ProposalDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            if form.cleaned_data["decision"] == "apply":
                done = registry_check.apply_proposal(
                    actor=request.user, proposal=proposal, end_date=form.cleaned_data["end_date"]
                )
                messages.success(request, done)
            else:
                registry_check.dismiss_proposal(actor=request.user, proposal=proposal, note=form.cleaned_data["note"])
                messages.success(request, f"‘{proposal.name}’ 제안을 반영하지 않기로 했습니다.")
        except ValueError as error:
            messages.error(request, str(error))
    return redirect("enterprises:list_check_detail", proposal.check_run_id)


@access(can_review_registry)
def business_status_list(request):
    if request.method == "POST":
        if not _has_key():
            messages.error(request, "서비스키(DATA_GO_KR_SERVICE_KEY)가 없어 국세청 상태조회를 할 수 없습니다.")
        else:
            from procure.enterprises.tasks import check_business_status_weekly

            check_business_status_weekly.enqueue()
            messages.success(request, "국세청 사업자 상태를 확인하고 있습니다. 잠시 뒤 이 화면을 새로 고치세요.")
        return redirect("enterprises:business_status_list")
    records = BusinessStatus.objects.exclude(status=TaxStatus.ACTIVE).select_related("enterprise", "cleared_by")
    flagged = [r for r in records if r.cleared_at is None]
    cleared = [r for r in records if r.cleared_at is not None]
    last = BusinessStatus.objects.order_by("-checked_at").values_list("checked_at", flat=True).first()
    return render(
        request,
        "enterprises/business_status_list.html",
        {
            "flagged": flagged,
            "cleared": cleared,
            "last_checked": last,
            "has_key": _has_key(),
            "form": StatusClearForm(),
        },
    )


@access(can_review_registry)
@require_POST
def business_status_clear(request, pk):
    record = get_object_or_404(BusinessStatus.objects.select_related("enterprise"), pk=pk)
    form = StatusClearForm(request.POST)
    if form.is_valid():
        clear_flag(actor=request.user, record=record, reason=form.cleaned_data["reason"])
        messages.success(request, f"{record.enterprise.name}: 계속 거래하는 기업으로 확인했습니다.")
    else:
        messages.error(request, "확인 사유를 적어 주세요.")
    return redirect("enterprises:business_status_list")
