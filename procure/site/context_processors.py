from django.conf import settings
from django.urls import reverse_lazy
from django.utils.functional import SimpleLazyObject

from procure.core.models import Notification
from procure.site.navigation import menu_for

SHELL_PAGES = {
    "home": reverse_lazy("site:home"),
    "manage": reverse_lazy("site:manage"),
    "ledger_import": reverse_lazy("site:import_upload", args=["ledger"]),
}


def site(request):
    user = getattr(request, "user", None)

    def unread_count():
        if user is None or not user.is_authenticated:
            return 0
        return Notification.objects.for_user(user).unread().count()

    return {
        "support_center": settings.SUPPORT_CENTER,
        "main_menu": SimpleLazyObject(lambda: menu_for(user, request.path)) if user is not None else [],
        "unread_notifications": SimpleLazyObject(unread_count),
        # Pages of the shell that pages of lower floors link to, passed down so that they never name a shell URL
        # (tests/test_name_floors.py).
        "shell_pages": SHELL_PAGES,
    }
