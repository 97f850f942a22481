from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from procure.accounts.permissions import is_program_staff
from procure.core import selectors, services
from procure.core.access import access, public, signed_in
from procure.core.models import Notification


@access(public)
def home(request):
    return render(request, "site/home.html")


@access(signed_in)
def my_work(request):
    """내 업무: where each role starts after signing in (work.py gathers the items from the apps' selectors)."""
    from django.utils import timezone

    from procure.site.work import sections_for

    today = timezone.localdate()
    return render(request, "site/my_work.html", {"sections": sections_for(request.user, today), "today": today})


@access(signed_in)
def inbox(request):
    only_unread = request.GET.get("filter") == "unread"
    notifications = selectors.notification_inbox(user=request.user, only_unread=only_unread)
    page = Paginator(notifications, 20).get_page(request.GET.get("page"))
    return render(request, "site/inbox.html", {"page": page, "only_unread": only_unread})


@access(signed_in)
@require_POST
def notification_open(request, pk):
    # Another user's notification is simply not found: its existence is not revealed.
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("site:inbox")


@access(signed_in)
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, f"알림 {count}건을 읽음으로 표시했습니다." if count else "새 알림이 없습니다.")
    return redirect("site:inbox")


@access(public)
def healthz(request):
    """For load balancers and bench/web's peer: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def permission_denied(request, exception=None):
    # The gate's rule may say why (core/access.py: a rule's denied_message).
    return render(request, "403.html", {"exception": str(exception or "")}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the database may be the thing that failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


@access(is_program_staff)
def manage(request):
    from procure.enterprises.models import Certification, CertificationStatus

    return render(
        request,
        "site/manage.html",
        {"pending_certifications": Certification.objects.filter(status=CertificationStatus.PENDING).count()},
    )
