"""Pages of corrections after the claim (환수 · 계약 해제): the buyer asks on the contract page, the district or
the center decides on the list of requests. The workflow itself is in workflow.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from procure.buying.models import (
    Contract,
    ContractChange,
    ContractCorrection,
    ContractStatus,
    CorrectionKind,
    CorrectionStatus,
)
from procure.buying.permissions import can_act_as_buyer, can_view_contract, is_buyer, is_program_staff
from procure.buying.services import WorkflowError, correction_decide, correction_request
from procure.core.access import access
from procure.core.forms import KrdsFormMixin, WonField


class CorrectionRequestForm(KrdsFormMixin, forms.Form):
    kind = forms.ChoiceField(label="구분", choices=CorrectionKind.choices, widget=forms.RadioSelect)
    amount = WonField(
        label="환수 금액 (원)",
        noun="환수 금액",
        required=False,
        help_text="환수일 때만 적습니다. 계약 해제는 남은 금액 전부입니다.",
    )
    reason = forms.CharField(label="정정 사유", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("kind") == CorrectionKind.REFUND and not data.get("amount"):
            self.add_error("amount", "환수 금액을 적어 주세요.")
        return data


class CorrectionDecisionForm(KrdsFormMixin, forms.Form):
    note = forms.CharField(
        label="결정 의견",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="반려할 때는 사유를 적어 주세요.",
    )


def request_form_for(user, contract):
    """The request form on the contract page, for the buyer of a claimed or paid contract."""
    if contract.status in (ContractStatus.CLAIMED, ContractStatus.PAID) and can_act_as_buyer(user, contract):
        return CorrectionRequestForm(prefix="correction")
    return None


def _form_errors(form) -> str:
    return " ".join(message for errors in form.errors.values() for message in errors)


@access(is_buyer)
@require_POST
def correction_request_view(request, pk):
    contract = get_object_or_404(Contract, pk=pk)
    if not can_act_as_buyer(request.user, contract):
        raise PermissionDenied
    form = CorrectionRequestForm(request.POST, prefix="correction")
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("buying:contract_detail", pk=pk)
    try:
        correction_request(actor=request.user, contract=contract, **form.cleaned_data)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "정정 요청을 보냈습니다. 구 또는 지원센터가 승인할 때까지 계약과 구매실적은 그대로입니다."
        )
    return redirect("buying:contract_detail", pk=pk)


@access(is_program_staff)
def correction_list(request):
    status = request.GET.get("status", CorrectionStatus.REQUESTED)
    corrections = ContractCorrection.objects.select_related(
        "contract", "contract__institution", "contract__enterprise", "requested_by", "decided_by"
    )
    if status in CorrectionStatus.values:
        corrections = corrections.filter(status=status)
    page = Paginator(corrections, 30).get_page(request.GET.get("page"))
    changes = ContractChange.objects.filter(status=CorrectionStatus.REQUESTED).select_related(
        "contract", "contract__institution", "contract__enterprise", "requested_by"
    )
    return render(
        request,
        "buying/corrections.html",
        {
            "page": page,
            "status": status,
            "statuses": CorrectionStatus.choices,
            "form": CorrectionDecisionForm(),
            "changes": changes[:50],
        },
    )


@access(is_program_staff)
@require_POST
def correction_decide_view(request, pk):
    correction = get_object_or_404(ContractCorrection, pk=pk)
    if not can_view_contract(request.user, correction.contract):
        raise PermissionDenied
    form = CorrectionDecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    try:
        correction_decide(
            actor=request.user, correction=correction, approve=approve, note=form.cleaned_data.get("note", "")
        )
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "정정을 승인했습니다. 원장에 되돌린 줄이 생기고 실적·내려받기·공개 데이터에 반영됩니다."
            if approve
            else "정정 요청을 반려했습니다. 요청한 담당자에게 알립니다.",
        )
    return redirect("buying:corrections")


def ledger_reversals(contract):
    """The reversal lines of a paid contract's ledger line (what the figures took back, when and why)."""
    from procure.ledger.models import PurchaseRecord

    if not contract.purchase_id:
        return PurchaseRecord.objects.none()
    return PurchaseRecord.objects.filter(reversal_of_id=contract.purchase_id).select_related("entered_by")
