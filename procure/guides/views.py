from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from procure.core.access import access, public
from procure.core.uploads import serve_upload
from procure.guides import services
from procure.guides.forms import GuideFileForm, GuideForm
from procure.guides.markdown import render_markdown
from procure.guides.models import Guide, GuideFile
from procure.guides.permissions import can_edit_guides


def _visible(user):
    return Guide.objects.all() if can_edit_guides(user) else Guide.objects.filter(is_published=True)


@access(public)
def guide_list(request):
    return render(
        request,
        "guides/list.html",
        {"guides": _visible(request.user), "can_edit": can_edit_guides(request.user)},
    )


@access(public)
def guide_detail(request, slug):
    guide = get_object_or_404(_visible(request.user), slug=slug)
    return render(
        request,
        "guides/detail.html",
        {
            "guide": guide,
            "body_html": render_markdown(guide.body),
            "files": guide.files.all(),
            "guides": _visible(request.user),
            "can_edit": can_edit_guides(request.user),
        },
    )


@access(public)
def guide_file(request, pk):
    attached = get_object_or_404(GuideFile.objects.select_related("guide"), pk=pk)
    if not attached.guide.is_published and not can_edit_guides(request.user):
        raise Http404
    return serve_upload(attached.file, download_name=attached.title, inline_images=False)


@access(can_edit_guides)
def guide_new(request):
    return _edit(request, Guide())


@access(can_edit_guides)
def guide_edit(request, slug):
    return _edit(request, get_object_or_404(Guide, slug=slug))


def _edit(request, guide):
    form = GuideForm(request.POST or None, instance=guide)
    file_form = GuideFileForm(request.POST or None, request.FILES or None) if "add_file" in request.POST else None
    if request.method == "POST" and guide.pk and file_form is not None:
        if file_form.is_valid():
            services.guide_file_add(
                actor=request.user,
                guide=guide,
                title=file_form.cleaned_data["title"],
                file=file_form.cleaned_data["file"],
                original_name=request.FILES["file"].name,
            )
            messages.success(request, "서식을 올렸습니다.")
            return redirect("guides:edit", slug=guide.slug)
        form = GuideForm(instance=guide)
    elif request.method == "POST" and form.is_valid():
        guide = services.guide_save(actor=request.user, guide=form.save(commit=False))
        messages.success(request, "안내를 저장했습니다.")
        return redirect("guides:detail", slug=guide.slug)
    return render(
        request,
        "guides/edit.html",
        {
            "form": form,
            "file_form": file_form or GuideFileForm(),
            "guide": guide,
            "preview": render_markdown(form["body"].value() or "") if request.method == "POST" else "",
        },
    )


@access(can_edit_guides)
@require_POST
def guide_file_remove(request, pk):
    attached = get_object_or_404(GuideFile.objects.select_related("guide"), pk=pk)
    slug = attached.guide.slug
    services.guide_file_remove(actor=request.user, attached=attached)
    messages.success(request, "서식을 지웠습니다.")
    return redirect("guides:edit", slug=slug)
