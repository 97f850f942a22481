"""The search analytics page's "이 검색에 맞는 품목" action: center staff choose the offering a failing search meant,
and its words join the thesaurus as a reviewed synonym (search_insights.thesaurus_match_add)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from procure.catalog import search_insights
from procure.catalog.models import Offering, ThesaurusEntry
from procure.catalog.permissions import can_moderate
from procure.catalog.search import attach_offerings, search
from procure.core.access import access
from procure.core.text import quoted

QUERY_LIMIT = 200


@access(can_moderate)
def search_match(request):
    """GET ?q=the failing search[&find=other words]: offerings to choose from. POST q + offering: add the match."""
    if request.method == "POST":
        query = (request.POST.get("q") or "").strip()[:QUERY_LIMIT]
        try:
            offering_id = int(request.POST.get("offering") or 0)
        except ValueError:
            offering_id = 0
        offering = Offering.objects.filter(pk=offering_id).first()
        if not query or offering is None:
            messages.error(request, "검색어와 품목을 고르세요.")
            return redirect("catalog:search_insights")
        try:
            entry = search_insights.thesaurus_match_add(actor=request.user, query=query, offering=offering)
        except search_insights.MatchRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"‘{query}’ 검색에 ‘{offering.name}’ 품목의 낱말({entry.means})을 넣었습니다.")
        return redirect("catalog:search_insights")
    query = (request.GET.get("q") or "").strip()[:QUERY_LIMIT]
    find = (request.GET.get("find") or "").strip()[:QUERY_LIMIT]
    hits = attach_offerings(search(find or query, limit=20)) if (find or query) else []
    return render(
        request,
        "catalog/search_match.html",
        {
            "query": query,
            "find": find,
            "hits": hits,
            "entries": ThesaurusEntry.objects.filter(is_active=True).select_related("offering", "reviewed_by")[:50],
        },
    )


@access(can_moderate)
def search_match_retire(request, pk):
    if request.method != "POST":
        return redirect("catalog:search_match")
    entry = get_object_or_404(ThesaurusEntry, pk=pk)
    search_insights.thesaurus_entry_retire(actor=request.user, entry=entry)
    messages.success(request, f"‘{entry.word}’ → {quoted(entry.means, '을/를')} 더 쓰지 않습니다.")
    return redirect("catalog:search_match")
