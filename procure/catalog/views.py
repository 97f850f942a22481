from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from procure.catalog import search_insights, services
from procure.catalog.forms import HideForm, OfferingForm, SearchForm
from procure.catalog.models import Offering, Shortlist
from procure.catalog.permissions import can_keep_shortlist, can_manage_offering, can_moderate, is_enterprise_member
from procure.catalog.search import attach_offerings, facet_counts, search, suggest_categories, suggest_names
from procure.core.access import access, public, safe_next, signed_in
from procure.core.text import quoted
from procure.core.uploads import serve_upload
from procure.enterprises.selectors import enterprise_types_on


@access(public)
def search_page(request):
    form = SearchForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    query = cleaned.get("q", "")
    hits, facets = [], {}
    if query or cleaned.get("category"):
        hits = search(
            query,
            limit=200,
            kind=cleaned.get("kind", ""),
            category=cleaned.get("category", ""),
            max_price=int(cleaned["price"]) if cleaned.get("price") else None,
            enterprise_type=cleaned.get("type", ""),
        )
        facets = facet_counts(hits)
    page = Paginator(hits, 12).get_page(request.GET.get("page"))
    log_id, categories = None, []
    if query and page.number == 1:
        entry = search_insights.search_log(query=query, results=len(hits), user=request.user)
        log_id = entry.pk if entry else None
    if query and not hits:
        categories = suggest_categories(query)
    page.object_list = attach_offerings(list(page.object_list))
    shortlisted = set()
    if request.user.is_authenticated and can_keep_shortlist(request.user):
        shortlisted = set(services.shortlist_for(request.user).items.values_list("offering_id", flat=True))
    return render(
        request,
        "catalog/search.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "facets": facets,
            "log_id": log_id,
            "browsing": bool(query or cleaned.get("category")),
            "suggested_categories": categories,
            "shortlisted": shortlisted,
            "can_keep_shortlist": request.user.is_authenticated and can_keep_shortlist(request.user),
        },
    )


@access(public)
def suggest(request):
    names = suggest_names(request.GET.get("q", ""))
    return render(request, "catalog/_suggestions.html", {"names": names})


def _offering_for(request, pk) -> Offering:
    offering = get_object_or_404(Offering.objects.with_enterprise(), pk=pk)
    visible = Offering.objects.visible_on(timezone.localdate()).filter(pk=pk).exists()
    if visible or (
        request.user.is_authenticated and (can_moderate(request.user) or can_manage_offering(request.user, offering))
    ):
        return offering
    raise Http404


@access(public)
def detail(request, pk):
    offering = _offering_for(request, pk)
    if request.GET.get("from_search"):
        search_insights.search_clicked(log_id=request.GET["from_search"])
    return render(
        request,
        "catalog/detail.html",
        {
            "offering": offering,
            "types": enterprise_types_on(offering.enterprise, timezone.localdate()),
            "can_keep": request.user.is_authenticated and can_keep_shortlist(request.user),
            "can_moderate": request.user.is_authenticated and can_moderate(request.user),
            "in_shortlist": request.user.is_authenticated
            and can_keep_shortlist(request.user)
            and services.shortlist_for(request.user).items.filter(offering=offering).exists(),
        },
    )


@access(can_keep_shortlist)
@require_POST
def shortlist_toggle(request, pk):
    offering = _offering_for(request, pk)
    added = services.shortlist_toggle(user=request.user, offering=offering)
    messages.success(request, f"{quoted(offering.name, '을/를')} 관심목록에 {'담았습니다' if added else '뺐습니다'}.")
    return redirect(safe_next(request, default=reverse("catalog:shortlist")))


@access(can_keep_shortlist)
def shortlist(request):
    mine = services.shortlist_for(request.user)
    items = mine.items.select_related("offering__enterprise", "offering__category")
    return render(
        request,
        "catalog/shortlist.html",
        {
            "shortlist": mine,
            "items": items,
            "shortlisted": {item.offering_id for item in items},
            "share_url": request.build_absolute_uri(reverse("catalog:shortlist_shared", args=[mine.share_token])),
            "is_owner": True,
        },
    )


@access(signed_in)
def shortlist_shared(request, token):
    shared = get_object_or_404(Shortlist.objects.select_related("owner"), share_token=token)
    return render(
        request,
        "catalog/shortlist.html",
        {
            "shortlist": shared,
            "items": shared.items.select_related("offering__enterprise", "offering__category"),
            "is_owner": shared.owner_id == request.user.pk,
        },
    )


@access(is_enterprise_member)
def my_offerings(request):
    offerings = Offering.objects.filter(enterprise=request.user.enterprise).select_related("category")
    page = Paginator(offerings, 20).get_page(request.GET.get("page"))
    return render(request, "catalog/my_offerings.html", {"page": page})


@access(is_enterprise_member)
def offering_new(request):
    form = OfferingForm(request.POST or None, request.FILES or None, enterprise=request.user.enterprise)
    if request.method == "POST" and form.is_valid():
        offering = services.offering_create(actor=request.user, enterprise=request.user.enterprise, **form.cleaned_data)
        messages.success(request, f"{quoted(offering.name, '을/를')} 등록했습니다.")
        return redirect("catalog:my_offerings")
    return render(request, "catalog/offering_form.html", {"form": form})


@access(is_enterprise_member)
def offering_edit(request, pk):
    offering = get_object_or_404(Offering, pk=pk)
    if not can_manage_offering(request.user, offering):
        raise PermissionDenied
    form = OfferingForm(
        request.POST or None,
        request.FILES or None,
        instance=Offering.objects.get(pk=pk),
        enterprise=request.user.enterprise,
    )
    if request.method == "POST" and form.is_valid():
        services.offering_update(actor=request.user, offering=offering, **form.cleaned_data)
        messages.success(request, "품목을 저장했습니다.")
        return redirect("catalog:my_offerings")
    return render(request, "catalog/offering_form.html", {"form": form, "offering": offering})


@access(is_enterprise_member)
def offering_delete(request, pk):
    offering = get_object_or_404(Offering, pk=pk)
    if not can_manage_offering(request.user, offering):
        raise PermissionDenied
    if request.method == "POST":
        services.offering_delete(actor=request.user, offering=offering)
        messages.success(request, f"{quoted(offering.name, '을/를')} 삭제했습니다.")
        return redirect("catalog:my_offerings")
    return render(request, "catalog/offering_confirm_delete.html", {"offering": offering})


@access(can_moderate)
def offering_hide(request, pk):
    offering = get_object_or_404(Offering.objects.with_enterprise(), pk=pk)
    form = HideForm(request.POST or None)
    if request.method == "POST":
        if offering.is_hidden:
            services.offering_set_hidden(actor=request.user, offering=offering, hidden=False)
            messages.success(request, "다시 보이게 했습니다.")
            return redirect("catalog:detail", pk=pk)
        if form.is_valid():
            services.offering_set_hidden(
                actor=request.user, offering=offering, hidden=True, reason=form.cleaned_data["reason"]
            )
            messages.success(request, "구매담당자에게 보이지 않게 숨겼습니다.")
            return redirect("catalog:detail", pk=pk)
    return render(request, "catalog/offering_hide.html", {"offering": offering, "form": form})


@access(public)
def offering_file(request, pk, which):
    """The offering's photo or spec sheet, for whoever may see the offering."""
    offering = _offering_for(request, pk)
    stored = {"photo": offering.photo, "spec": offering.spec_sheet}.get(which)
    if not stored:
        raise Http404
    label = "규격서" if which == "spec" else "사진"
    return serve_upload(stored, download_name=f"{label}-{offering.pk}", inline_images=which == "photo")


@access(can_moderate)
def search_insights_page(request):
    """The center's view of failing searches, with one-click fixes."""
    from procure.catalog.forms import CategoryHintForm, SynonymForm

    if request.method == "POST":
        if "synonym" in request.POST:
            form = SynonymForm(request.POST)
            if form.is_valid():
                row = search_insights.synonym_add(actor=request.user, **form.cleaned_data)
                word = form.cleaned_data["word"]
                messages.success(request, f"{quoted(word, '을/를')} ‘{row.term}’의 같은 말로 넣었습니다.")
            else:
                messages.error(
                    request,
                    form.non_field_errors()[0] if form.non_field_errors() else "검색어와 뜻하는 말을 모두 입력하세요.",
                )
        elif "category_hint" in request.POST:
            form = CategoryHintForm(request.POST)
            if form.is_valid():
                search_insights.category_hint_set(actor=request.user, **form.cleaned_data)
                messages.success(
                    request,
                    f"{quoted(form.cleaned_data['word'], '을/를')} {form.cleaned_data['category']} 분류로 "
                    "연결했습니다.",
                )
            else:
                messages.error(request, "검색어와 분류를 고르세요.")
        return redirect("catalog:search_insights")
    days = 30 if request.GET.get("days") == "30" else 90
    return render(
        request,
        "catalog/search_insights.html",
        {
            "report": search_insights.failing_queries(days=days),
            "categories": CategoryHintForm().fields["category"].queryset,
        },
    )
