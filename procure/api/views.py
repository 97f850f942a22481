"""The open-data page and the OCDS downloads (public)."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Max
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from procure.accounts.permissions import is_program_staff
from procure.api import ocds
from procure.api.forms import TokenForm
from procure.api.models import ApiToken
from procure.api.ocds import package_chunks
from procure.api.services import token_issue, token_revoke
from procure.core.access import access, public
from procure.ledger.models import LedgerBatch


def _years() -> list[int]:
    return ocds.years()


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


@access(is_program_staff)
@never_cache  # a token is shown once: the page is never kept by a browser or a proxy
def tokens(request):
    """Staff issue a token for one institution (shown once) and revoke tokens."""
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST":
        if "revoke" in request.POST:
            token = get_object_or_404(ApiToken, pk=request.POST["revoke"])
            token_revoke(actor=request.user, token=token)
            messages.success(request, f"{token} 토큰을 폐기했습니다. 이제 이 토큰으로는 올릴 수 없습니다.")
            return redirect("opendata:tokens")
        if form.is_valid():
            row, issued = token_issue(actor=request.user, **form.cleaned_data)
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "issued": issued, "tokens": ApiToken.objects.select_related("institution")},
    )
