from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from procure.core.import_jobs import CHECK, import_job_apply_run, import_job_check_run
from procure.core.models import Notification
from procure.core.task_recovery import rerunnable


@rerunnable  # a mail already sent is marked (emailed_at) and not sent again
@task()
def send_notification_email(notification_id: int) -> None:
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return
    body = notification.body
    if notification.link:
        body += f"\n\n바로가기: {settings.SITE_URL}{notification.link}"
    body += f"\n\n— {settings.SUPPORT_CENTER['name']}"
    send_mail(
        subject=f"[관악구 공공구매] {notification.title}",
        message=body,
        from_email=None,
        recipient_list=[notification.recipient.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


@task()
def import_job_check(job_id: int) -> None:
    """Validate the whole file and compute what it would change, writing nothing."""
    import_job_check_run(job_id)


@task()
def import_job_apply(job_id: int) -> None:
    import_job_apply_run(job_id)


# What the kernel asks for (core/signals.py), queued once the asking transaction commits (CoreConfig.ready).


def mail_notification_later(sender, notification, **kwargs) -> None:
    transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))


def run_import_phase_later(sender, job_id: int, phase: str, **kwargs) -> None:
    task = import_job_check if phase == CHECK else import_job_apply
    transaction.on_commit(lambda: task.enqueue(job_id))
