from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from procure.core.access import access
from procure.core.text import quoted
from procure.ledger import selectors, services, writer
from procure.ledger.forms import BatchUndoForm, PurchaseForm, ReversalForm
from procure.ledger.models import LedgerBatch, PurchaseRecord, PurchaseSource
from procure.ledger.permissions import (
    can_enter_purchases,
    can_manage_ledger,
    lines_of_institution_visible_to,
    purchases_entered_by_hand_visible_to,
)


@access(can_manage_ledger)
def batch_list(request):
    batches = LedgerBatch.objects.select_related("imported_by", "undone_by")
    page = Paginator(batches, 20).get_page(request.GET.get("page"))
    return render(request, "ledger/batch_list.html", {"page": page})


@access(can_manage_ledger)
def batch_undo(request, pk):
    """Take an import back with a reason (services.batch_undo says when it is refused and what it leaves)."""
    batch = get_object_or_404(LedgerBatch, pk=pk)
    form = BatchUndoForm(request.POST if request.method == "POST" else None)  # an empty POST is bound: it says why
    if request.method == "POST" and form.is_valid():
        try:
            services.batch_undo(actor=request.user, batch=batch, reason=form.cleaned_data["reason"])
        except services.BatchAlreadyUndone:
            messages.error(request, "이미 되돌린 가져오기입니다.")
        except services.BatchUndoRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"‘{batch.filename}’ 가져오기를 되돌렸습니다. 실적이 다시 집계되었고, 되돌린 사유가 기록에 남았습니다.",
            )
            return redirect("ledger:batch_list")
        if not form.errors:
            return redirect("ledger:batch_list")
    return render(request, "ledger/batch_confirm_undo.html", {"batch": batch, "form": form})


def _buyer(user):
    return None if can_manage_ledger(user) else user


@access(can_enter_purchases)
def purchase_list(request):
    records = (
        purchases_entered_by_hand_visible_to(request.user, PurchaseRecord.objects.filter(source=PurchaseSource.MANUAL))
        .select_related("institution", "department")
        .prefetch_related("reversals")
    )
    page = Paginator(records, 30).get_page(request.GET.get("page"))
    return render(request, "ledger/purchase_list.html", {"page": page})


@access(can_enter_purchases)
def purchase_create(request):
    form = PurchaseForm(request.POST or None, buyer=_buyer(request.user))
    if request.method == "POST" and form.is_valid():
        institution, department = form.unit()
        try:
            record = writer.line_write(
                actor=request.user, institution=institution, department=department, line=form.line()
            )
        except writer.LedgerError as error:
            form.add_error(None, str(error))
        else:
            if record.match_status:
                messages.warning(
                    request,
                    f"‘{record.title}’ {record.amount:,}원은 플랫폼에서 이미 지급한 계약과 같아 보여 "
                    f"두 번 세지 않았습니다 ({record.get_match_status_display()}). 플랫폼 계약 대조에서 확인해 주세요.",
                )
            else:
                messages.success(
                    request, f"‘{record.title}’ {record.amount:,}원을 원장에 넣었습니다. 실적에 바로 반영됩니다."
                )
            return redirect("ledger:purchase_list")
    return render(request, "ledger/purchase_form.html", {"form": form})


@access(can_enter_purchases)
def purchase_reverse(request, pk):
    """Withdraw a purchase typed in by hand: a reversal with its reason, never a deletion."""
    record = get_object_or_404(
        purchases_entered_by_hand_visible_to(request.user, PurchaseRecord.objects.filter(source=PurchaseSource.MANUAL)),
        pk=pk,
    )
    remaining = writer.reversible_amount(record)
    form = ReversalForm(request.POST or None, remaining=remaining)
    if request.method == "POST" and form.is_valid():
        try:
            writer.line_reverse(
                actor=request.user,
                record=record,
                reason=form.cleaned_data["reason"],
                amount=form.cleaned_data["amount"],
            )
        except writer.LedgerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"‘{record.title}’ 실적을 되돌렸습니다. 원래 줄과 되돌린 줄이 함께 남고, 실적에 바로 반영됩니다.",
            )
            return redirect("ledger:purchase_list")
    return render(request, "ledger/purchase_reverse.html", {"record": record, "form": form, "remaining": remaining})


@access(can_enter_purchases)
def reconciliation(request):
    """Lines that may copy a platform contract: held "확인 필요", or matched automatically (to review)."""
    lines = selectors.reconciliation_lines(lines_of_institution_visible_to(request.user, PurchaseRecord.objects))
    status = request.GET.get("status", "pending")
    lines = lines.filter(match_status=status) if status in ("pending", "matched", "linked", "separated") else lines
    page = Paginator(lines, 30).get_page(request.GET.get("page"))
    return render(request, "ledger/reconciliation.html", {"page": page, "status": status})


@access(can_enter_purchases)
def reconciliation_decide(request, pk):
    record = get_object_or_404(
        lines_of_institution_visible_to(request.user, PurchaseRecord.objects).exclude(match_of=None), pk=pk
    )
    if request.method == "POST":
        same = request.POST.get("decision") == "same"
        try:
            writer.line_match_decide(actor=request.user, record=record, same=same)
        except writer.LedgerError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"{quoted(record.title, '을/를')} "
                + (
                    "이미 센 계약과 같은 계약으로 확인했습니다. 한 번만 셉니다."
                    if same
                    else "다른 계약으로 확인했습니다. 실적에 셉니다."
                ),
            )
    return redirect("ledger:reconciliation")
