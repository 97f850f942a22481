from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from procure.core.access import access
from procure.ledger import services
from procure.ledger.forms import PurchaseForm
from procure.ledger.models import LedgerBatch, PurchaseRecord, PurchaseSource
from procure.ledger.permissions import can_enter_purchases, can_manage_ledger, purchases_entered_by_hand_visible_to


@access(can_manage_ledger)
def batch_list(request):
    batches = LedgerBatch.objects.select_related("imported_by", "undone_by")
    page = Paginator(batches, 20).get_page(request.GET.get("page"))
    return render(request, "ledger/batch_list.html", {"page": page})


@access(can_manage_ledger)
def batch_undo(request, pk):
    batch = get_object_or_404(LedgerBatch, pk=pk)
    if request.method == "POST":
        try:
            services.batch_undo(actor=request.user, batch=batch)
        except services.BatchAlreadyUndone:
            messages.error(request, "이미 되돌린 가져오기입니다.")
        else:
            messages.success(request, f"‘{batch.filename}’ 가져오기를 되돌렸습니다. 실적이 다시 집계되었습니다.")
        return redirect("ledger:batch_list")
    return render(request, "ledger/batch_confirm_undo.html", {"batch": batch})


def _buyer(user):
    return None if can_manage_ledger(user) else user


@access(can_enter_purchases)
def purchase_list(request):
    records = purchases_entered_by_hand_visible_to(
        request.user, PurchaseRecord.objects.filter(source=PurchaseSource.MANUAL)
    ).select_related("institution", "department")
    page = Paginator(records, 30).get_page(request.GET.get("page"))
    return render(request, "ledger/purchase_list.html", {"page": page})


@access(can_enter_purchases)
def purchase_create(request):
    form = PurchaseForm(request.POST or None, buyer=_buyer(request.user))
    if request.method == "POST" and form.is_valid():
        institution, department = form.unit()
        try:
            record = services.purchase_record_create(
                actor=request.user, institution=institution, department=department, line=form.line()
            )
        except services.DuplicatePurchase:
            form.add_error(None, "같은 계약(기관·부서·계약일자·계약명·구분·업체)이 이미 원장에 있습니다.")
        else:
            messages.success(
                request, f"‘{record.title}’ {record.amount:,}원을 원장에 넣었습니다. 실적이 다시 집계되었습니다."
            )
            return redirect("ledger:purchase_list")
    return render(request, "ledger/purchase_form.html", {"form": form})


@access(can_enter_purchases)
def purchase_delete(request, pk):
    record = get_object_or_404(
        purchases_entered_by_hand_visible_to(request.user, PurchaseRecord.objects.filter(source=PurchaseSource.MANUAL)),
        pk=pk,
    )
    if request.method == "POST":
        services.purchase_record_delete(actor=request.user, record=record)
        messages.success(request, f"‘{record.title}’ 실적을 지웠습니다. 실적이 다시 집계되었습니다.")
        return redirect("ledger:purchase_list")
    return render(request, "ledger/purchase_confirm_delete.html", {"record": record})
