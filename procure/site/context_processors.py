from django.conf import settings
from django.utils.functional import SimpleLazyObject

from procure.core.models import Notification
from procure.site.navigation import menu_for


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
    }
