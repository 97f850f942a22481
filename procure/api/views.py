"""The open-data page and the OCDS downloads (public)."""

from django.conf import settings
from django.db.models import Max
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render

from procure.api.ocds import package_chunks
from procure.core.access import access, public
from procure.ledger.models import LedgerBatch, PurchaseRecord


def _years() -> list[int]:
    return sorted({d.year for d in PurchaseRecord.objects.dates("contract_date", "year")}, reverse=True)


@access(public)
def open_data(request):
    updated = LedgerBatch.objects.aggregate(last=Max("imported_at"))["last"]
    return render(
        request,
        "api/open_data.html",
        {
            "years": _years(),
            "updated": updated,
            "license_name": settings.OPEN_DATA_LICENSE_NAME,
            "license_url": settings.OPEN_DATA_LICENSE_URL,
            "publisher": settings.OCDS_PUBLISHER,
        },
    )


@access(public)
def ocds_year(request, year: int):
    if year not in _years():
        raise Http404("이 해의 계약 자료가 없습니다.")
    response = StreamingHttpResponse(package_chunks(year), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ocds-gwanak-{year}.json"'
    return response
