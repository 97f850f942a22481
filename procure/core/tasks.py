from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from procure.core.imports import IMPORTERS, run_import
from procure.core.models import ImportJob, ImportJobStatus, Notification
from procure.core.progress import progress_clear, progress_write
from procure.core.services import notify


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


def _progress_writer(job_id: int):
    progress_clear(job_id)

    def progress(done: int, total: int) -> None:
        progress_write(job_id, done, total)

    return progress


@task()
def import_job_check(job_id: int) -> None:
    """Validate the whole file and compute what it would change, writing nothing."""
    job = ImportJob.objects.select_related("uploaded_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(status=ImportJobStatus.CHECKING)
    with job.file.open("rb") as handle:
        result = run_import(
            IMPORTERS[job.kind](),
            handle,
            actor=job.uploaded_by,
            dry_run=True,
            filename=job.filename,
            progress=_progress_writer(job_id),
            mapping=job.mapping,
        )
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJobStatus.REFUSED if result.errors else ImportJobStatus.CHECKED,
        preview={**result.as_json(), "changes": result.changes[:300], "headers": result.headers},
        progress_done=result.rows,
        progress_total=result.rows,
    )


@task()
def import_job_apply(job_id: int) -> None:
    job = ImportJob.objects.select_related("uploaded_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(progress_done=0)
    with job.file.open("rb") as handle:
        result = run_import(
            IMPORTERS[job.kind](),
            handle,
            actor=job.uploaded_by,
            filename=job.filename,
            progress=_progress_writer(job_id),
            mapping=job.mapping,
        )
    with transaction.atomic():
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJobStatus.FAILED if result.errors else ImportJobStatus.APPLIED,
            result=result.as_json(),
            finished_at=timezone.now(),
            progress_done=result.rows,
            progress_total=result.rows,
        )
        notify(
            recipient=job.uploaded_by,
            title=f"가져오기 {'실패' if result.errors else '완료'}: {job.filename}",
            body=result.summary_korean(),
            link=reverse("core:import_job", args=[job.pk]),
            email=False,
        )
