from procure.core.models import Notification


def notification_inbox(*, user, only_unread: bool = False):
    notifications = Notification.objects.for_user(user)
    if only_unread:
        notifications = notifications.unread()
    return notifications
