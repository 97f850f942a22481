from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from procure.catalog import services
from procure.catalog.forms import HideForm, OfferingForm, SearchForm
from procure.catalog.models import Offering, Shortlist
from procure.catalog.permissions import can_keep_shortlist, can_manage_offering, can_moderate, is_enterprise_member
from procure.catalog.search import attach_offerings, current_index, facet_counts, normalize, search
from procure.core.access import access, public, safe_next, signed_in
from procure.core.uploads import serve_upload
from procure.enterprises.selectors import enterprise_types_on


@access(public)
def search_page(request):
    form = SearchForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    query = cleaned.get("q", "")
    hits, facets = [], {}
    if query:
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
            "shortlisted": shortlisted,
            "can_keep_shortlist": request.user.is_authenticated and can_keep_shortlist(request.user),
        },
    )


@access(public)
def suggest(request):
    text = normalize(request.GET.get("q", ""))
    names = []
    if len(text) >= 2:
        index = current_index()
        positions = [p for p in index.docs(text, index.name_grams) if index.visible()[p]]
        names = sorted({index.names[p] for p in positions if text in normalize(index.names[p])})[:8]
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
    messages.success(request, f"‘{offering.name}’을(를) 관심목록에 {'담았습니다' if added else '뺐습니다'}.")
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
        messages.success(request, f"‘{offering.name}’을(를) 등록했습니다.")
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
        messages.success(request, f"‘{offering.name}’을(를) 삭제했습니다.")
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
