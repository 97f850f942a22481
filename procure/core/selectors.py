from procure.core.models import Notification


def notification_inbox(*, user, only_unread: bool = False):
    notifications = Notification.objects.for_user(user)
    if only_unread:
        notifications = notifications.unread()
    return notifications


def import_jobs_waiting(*, user=None):
    """Imports checked and waiting for someone to confirm them (all of them, or one person's)."""
    from procure.core.models import ImportJob, ImportJobStatus

    jobs = ImportJob.objects.filter(status=ImportJobStatus.CHECKED).order_by("created_at", "pk")
    return jobs.filter(uploaded_by=user) if user is not None else jobs
