from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from procure.core.access import access
from procure.ledger import services
from procure.ledger.models import LedgerBatch
from procure.ledger.permissions import can_manage_ledger


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
