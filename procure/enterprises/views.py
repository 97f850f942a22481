from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from procure.core.access import access, public, signed_in
from procure.core.uploads import serve_upload
from procure.enterprises import selectors, services
from procure.enterprises.forms import (
    CertificationRequestForm,
    CertificationReviewForm,
    DirectoryFilterForm,
    EnterpriseProfileForm,
    NameReviewForm,
    PhotoForm,
    QualificationForm,
)
from procure.enterprises.models import (
    BusinessStatus,
    Certification,
    CertificationStatus,
    Enterprise,
    EnterprisePhoto,
    EnterpriseQualification,
)
from procure.enterprises.permissions import (
    can_edit_enterprise,
    can_read_certification_document,
    can_review_registry,
    is_enterprise_member,
)
from procure.enterprises.signals import public_profile_sections


@access(public)
def directory(request):
    filters = DirectoryFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    today = timezone.localdate()
    enterprises = selectors.public_directory(
        day=today, query=cleaned.get("q", ""), type_=cleaned.get("type", ""), category=cleaned.get("category", "")
    )
    page = Paginator(enterprises, 12).get_page(request.GET.get("page"))
    types = selectors.current_types_by_enterprise(page.object_list, today)
    for enterprise in page.object_list:
        enterprise.current_types = types.get(enterprise.pk, [])
    return render(request, "enterprises/directory.html", {"page": page, "filters": filters})


def _visible_enterprise(request, pk) -> Enterprise:
    """Anyone sees an enterprise valid today; staff and its own members see it always."""
    enterprise = get_object_or_404(Enterprise, pk=pk)
    if Enterprise.objects.valid_on(timezone.localdate()).filter(pk=pk).exists():
        return enterprise
    if request.user.is_authenticated and can_edit_enterprise(request.user, enterprise):
        return enterprise
    raise Http404


def sections_from_other_apps(request, enterprise) -> list:
    answers = public_profile_sections.send(sender=Enterprise, enterprise=enterprise, request=request)
    return [section for _, section in answers if section]


@access(public)
def public_detail(request, pk):
    enterprise = _visible_enterprise(request, pk)
    today = timezone.localdate()
    return render(
        request,
        "enterprises/public_detail.html",
        {
            "enterprise": enterprise,
            "current_types": selectors.enterprise_types_on(enterprise, today),
            "certifications": enterprise.certifications.approved().order_by("-valid_from"),
            "qualifications": enterprise.qualifications.approved().order_by("kind", "-valid_from"),
            "today": today,
            "photos": enterprise.photos.all(),
            "sections": sections_from_other_apps(request, enterprise),
            "can_edit": request.user.is_authenticated and can_edit_enterprise(request.user, enterprise),
            "can_review": can_review_registry(request.user),
            "business_status": BusinessStatus.objects.filter(enterprise=enterprise).first(),
        },
    )


@access(public)
def photo(request, pk):
    picture = get_object_or_404(EnterprisePhoto, pk=pk)
    _visible_enterprise(request, picture.enterprise_id)
    return serve_upload(picture.image, download_name=f"사진-{picture.pk}")


@access(is_enterprise_member)
def my_enterprise(request):
    enterprise = request.user.enterprise
    return render(
        request,
        "enterprises/my_enterprise.html",
        {
            "enterprise": enterprise,
            "current_types": selectors.enterprise_types_on(enterprise, timezone.localdate()),
            "certifications": enterprise.certifications.order_by("-created_at"),
            "qualifications": enterprise.qualifications.order_by("-created_at"),
        },
    )


@access(is_enterprise_member)
def profile_edit(request):
    enterprise = request.user.enterprise
    form = EnterpriseProfileForm(
        request.POST or None,
        instance=Enterprise.objects.get(pk=enterprise.pk),
        initial={"categories": enterprise.categories.all()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        categories = data.pop("categories")
        renamed = data.get("name") != enterprise.name
        services.enterprise_profile_update(
            actor=request.user, enterprise=enterprise, categories=categories, name_needs_review=True, **data
        )
        messages.success(request, "기업 정보를 저장했습니다.")
        if renamed:
            messages.info(request, "기업명 변경은 지원센터가 확인한 뒤 반영됩니다. 결과는 알림으로 알려 드립니다.")
        return redirect("enterprises:my_enterprise")
    return render(request, "enterprises/profile_form.html", {"form": form, "enterprise": enterprise})


@access(is_enterprise_member)
def certification_new(request):
    form = CertificationRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.certification_request(actor=request.user, enterprise=request.user.enterprise, **form.cleaned_data)
        messages.success(request, "인증 정보를 제출했습니다. 지원센터가 확인하면 알림으로 알려 드립니다.")
        return redirect("enterprises:my_enterprise")
    return render(request, "enterprises/certification_form.html", {"form": form})


@access(is_enterprise_member)
def photo_upload(request):
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.enterprise_photo_add(
            actor=request.user,
            enterprise=request.user.enterprise,
            image=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
        )
        messages.success(request, "사진을 올렸습니다.")
        return redirect("enterprises:my_enterprise")
    return render(request, "enterprises/photo_form.html", {"form": form})


@access(can_review_registry)
def certification_queue(request):
    pending = Certification.objects.filter(status=CertificationStatus.PENDING).select_related("enterprise")
    page = Paginator(pending.order_by("created_at"), 20).get_page(request.GET.get("page"))
    renames = Enterprise.objects.exclude(requested_name="").order_by("name_requested_at")
    qualifications = (
        EnterpriseQualification.objects.filter(status=CertificationStatus.PENDING)
        .select_related("enterprise")
        .order_by("created_at")[:200]
    )
    return render(
        request,
        "enterprises/certification_queue.html",
        {"page": page, "renames": renames, "rename_form": NameReviewForm(), "qualifications": qualifications},
    )


@access(can_review_registry)
@require_POST
def name_review(request, pk):
    enterprise = get_object_or_404(Enterprise, pk=pk)
    form = NameReviewForm(request.POST)
    if not enterprise.requested_name:
        messages.info(request, "이미 처리된 요청입니다.")
    elif form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        requested = enterprise.requested_name
        services.enterprise_name_review(
            actor=request.user, enterprise=enterprise, approve=approve, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"기업명 ‘{requested}’ 변경을 {'승인' if approve else '반려'}했습니다.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("enterprises:certification_queue")


@access(can_review_registry)
def certification_review(request, pk):
    certification = get_object_or_404(Certification.objects.select_related("enterprise"), pk=pk)
    form = CertificationReviewForm(request.POST or None)
    if certification.status != CertificationStatus.PENDING:
        messages.info(request, "이미 처리된 요청입니다.")
        return redirect("enterprises:certification_queue")
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        services.certification_review(
            actor=request.user, certification=certification, approve=approve, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request, f"{certification.enterprise.name}의 인증 정보를 {'승인' if approve else '반려'}했습니다."
        )
        return redirect("enterprises:certification_queue")
    return render(request, "enterprises/certification_review.html", {"certification": certification, "form": form})


@access(signed_in)
def certification_document(request, pk):
    certification = get_object_or_404(Certification.objects.select_related("enterprise"), pk=pk)
    if not certification.document or not can_read_certification_document(request.user, certification):
        raise PermissionDenied
    return serve_upload(certification.document, download_name=f"인증서류-{certification.pk}", inline_images=False)


@access(is_enterprise_member)
def qualification_new(request):
    form = QualificationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.qualification_request(actor=request.user, enterprise=request.user.enterprise, **form.cleaned_data)
        messages.success(request, "자격 정보를 제출했습니다. 지원센터가 확인하면 알림으로 알려 드립니다.")
        return redirect("enterprises:my_enterprise")
    return render(request, "enterprises/qualification_form.html", {"form": form, "staff": False})


@access(can_review_registry)
def qualification_record(request, pk, qualification_pk=None):
    """The center records a qualification for an enterprise, or corrects one (approved at once, audited)."""
    enterprise = get_object_or_404(Enterprise, pk=pk)
    qualification = None
    if qualification_pk is not None:
        qualification = get_object_or_404(EnterpriseQualification, pk=qualification_pk, enterprise=enterprise)
    form = QualificationForm(
        request.POST or None,
        request.FILES or None,
        instance=EnterpriseQualification.objects.get(pk=qualification.pk) if qualification else None,
        document_required=False,
    )
    if request.method == "POST" and form.is_valid():
        services.qualification_save(
            actor=request.user, enterprise=enterprise, qualification=qualification, **form.cleaned_data
        )
        messages.success(request, f"{enterprise.name}의 자격 정보를 저장했습니다.")
        return redirect("enterprises:public_detail", enterprise.pk)
    return render(
        request,
        "enterprises/qualification_form.html",
        {"form": form, "staff": True, "enterprise": enterprise, "qualification": qualification},
    )


@access(can_review_registry)
def qualification_review(request, pk):
    qualification = get_object_or_404(EnterpriseQualification.objects.select_related("enterprise"), pk=pk)
    if qualification.status != CertificationStatus.PENDING:
        messages.info(request, "이미 처리된 요청입니다.")
        return redirect("enterprises:certification_queue")
    form = CertificationReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        services.qualification_review(
            actor=request.user, qualification=qualification, approve=approve, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request, f"{qualification.enterprise.name}의 자격 정보를 {'승인' if approve else '반려'}했습니다."
        )
        return redirect("enterprises:certification_queue")
    return render(request, "enterprises/qualification_review.html", {"qualification": qualification, "form": form})


@access(signed_in)
def qualification_document(request, pk):
    qualification = get_object_or_404(EnterpriseQualification.objects.select_related("enterprise"), pk=pk)
    if not qualification.document or not can_edit_enterprise(request.user, qualification.enterprise):
        raise PermissionDenied
    return serve_upload(qualification.document, download_name=f"자격서류-{qualification.pk}", inline_images=False)
