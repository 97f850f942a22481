import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from procure.core.access import access
from procure.g2b import selectors, services
from procure.g2b.forms import ResponseFileForm
from procure.g2b.permissions import can_manage_collection
from procure.g2b.responses import ServiceError
from procure.ledger.selectors import collected_listed_again


@access(can_manage_collection)
def collection_status(request):
    year = timezone.localdate().year
    text = request.GET.get("year", "")
    if text.isdigit() and 2000 <= int(text) <= 2100:
        year = int(text)
    return render(
        request,
        "g2b/status.html",
        {
            "year": year,
            "coverage": selectors.coverage(year=year),
            "by_source": selectors.purchases_by_source(year=year),
            "runs": selectors.recent_runs(),
            "without_code": selectors.institutions_without_code(),
            "listed_again": collected_listed_again(),
            "has_key": bool((settings.DATA_GO_KR_SERVICE_KEY or "").strip()),
            "form": ResponseFileForm(),
        },
    )


@access(can_manage_collection)
@require_POST
def collection_start(request):
    if not (settings.DATA_GO_KR_SERVICE_KEY or "").strip():
        messages.error(request, "서비스키(DATA_GO_KR_SERVICE_KEY)가 없어 모을 수 없습니다. 응답 파일을 올려 주세요.")
        return redirect("g2b:status")
    from procure.g2b.tasks import collect_g2b_daily

    collect_g2b_daily.enqueue(request.user.pk)
    messages.success(request, "자료 모으기를 시작했습니다. 끝나면 아래 실행 기록에 나타납니다.")
    return redirect("g2b:status")


@access(can_manage_collection)
@require_POST
def collection_upload(request):
    form = ResponseFileForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect("g2b:status")
    upload = form.cleaned_data["file"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            result = services.collect_file(path=path, actor=request.user)
        except ServiceError as error:
            messages.error(request, f"반영하지 않았습니다. {error}")
            return redirect("g2b:status")
    if result["errors"]:
        first = result["errors"][0]
        messages.error(
            request,
            f"반영하지 않았습니다. 읽을 수 없는 항목 {len(result['errors']):,}건 — "
            f"{first['row']}번째: {first['message']}",
        )
    else:
        messages.success(
            request,
            f"{result['rows']:,}건을 읽었습니다: 새로 등록 {result['created']:,}줄, 변경 {result['updated']:,}줄, "
            f"변경 없음 {result['unchanged']:,}줄, 다른 기관 {result['skipped']:,}건.",
        )
    return redirect("g2b:status")
