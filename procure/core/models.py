from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from procure.core.uploads import generated_upload_name


class AuditEvent(models.Model):
    """One change to money, status, certification or membership: who, when, what, before/after."""

    created_at = models.DateTimeField("일시", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="수행자",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("수행자 표시", max_length=150, blank=True)
    action = models.CharField("작업 코드", max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name="대상 종류", null=True, blank=True, on_delete=models.SET_NULL
    )
    object_id = models.CharField("대상 ID", max_length=64, blank=True)
    object_repr = models.CharField("대상", max_length=255, blank=True)
    before = models.JSONField("변경 전", null=True, blank=True)
    after = models.JSONField("변경 후", null=True, blank=True)

    class Meta:
        verbose_name = "감사 기록"
        verbose_name_plural = "감사 기록"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.action} {self.object_repr}"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message (the bell in the header); notify() also mails it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="받는 사람", on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField("제목", max_length=200)
    body = models.TextField("내용", blank=True)
    link = models.CharField("바로가기 주소", max_length=500, blank=True)
    created_at = models.DateTimeField("보낸 일시", auto_now_add=True)
    read_at = models.DateTimeField("읽은 일시", null=True, blank=True)
    emailed_at = models.DateTimeField("메일 발송 일시", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "알림"
        verbose_name_plural = "알림"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ImportJobStatus(models.TextChoices):
    UPLOADED = "uploaded", "업로드됨"
    CHECKING = "checking", "검사 중"
    CHECKED = "checked", "검사 완료"
    REFUSED = "refused", "오류 있음"
    APPLYING = "applying", "반영 중"
    APPLIED = "applied", "반영 완료"
    FAILED = "failed", "처리 실패"


RUNNING_STATUSES = frozenset({ImportJobStatus.UPLOADED, ImportJobStatus.CHECKING, ImportJobStatus.APPLYING})
# Statuses from which the file may be checked again (new column mapping, or a retry after a failed check).
RECHECKABLE_STATUSES = frozenset({ImportJobStatus.CHECKED, ImportJobStatus.REFUSED, ImportJobStatus.FAILED})


def import_errors_upload_to(instance, filename):
    return generated_upload_name(f"import-errors/{instance.kind}", filename)


def import_upload_to(instance, filename):
    return generated_upload_name(f"imports/{instance.kind}", filename)


class ImportJob(models.Model):
    """A file uploaded in the web UI: checked by the worker, previewed, then applied on confirmation."""

    kind = models.CharField("종류", max_length=30)
    file = models.FileField("파일", upload_to=import_upload_to)
    filename = models.CharField("파일명", max_length=255)
    sha256 = models.CharField("파일 해시", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("올린 일시", auto_now_add=True)
    status = models.CharField("상태", max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.UPLOADED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    mapping = models.JSONField("열 맞춤", null=True, blank=True, help_text="{열 키: 이 파일의 머리글}")
    options = models.JSONField(
        "가져오기 선택", default=dict, blank=True, help_text="가져오기에 넘기는 선택 (예: 모르는 부서를 어떻게 할지)"
    )
    preview = models.JSONField("검사 결과", null=True, blank=True)
    result = models.JSONField("반영 결과", null=True, blank=True)
    finished_at = models.DateTimeField("완료 일시", null=True, blank=True)
    started_at = models.DateTimeField("작업 시작 일시", null=True, blank=True)
    failure = models.TextField("실패 사유", blank=True)
    failed_phase = models.CharField(
        "실패한 단계", max_length=10, blank=True, choices=[("check", "검사"), ("apply", "반영")]
    )
    errors_file = models.FileField("오류 목록", upload_to=import_errors_upload_to, blank=True)
    file_size = models.PositiveBigIntegerField("파일 크기(바이트)", default=0)
    # When the job last went onto the worker's queue (upload, confirmation, retry, new check): a job that waits
    # there long says so, since no worker may be running.
    queued_at = models.DateTimeField("대기 시작 일시", null=True, blank=True)
    # Set when `purge_import_files` removed the file and its error list (IMPORT_RETENTION_DAYS after the job ended).
    files_removed_at = models.DateTimeField("파일 삭제 일시", null=True, blank=True)

    class Meta:
        verbose_name = "가져오기 작업"
        verbose_name_plural = "가져오기 작업"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.filename}"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def is_waiting_for_worker(self) -> bool:
        """On the queue and not yet taken by a worker (a running phase has `started_at`)."""
        return self.status in (ImportJobStatus.UPLOADED, ImportJobStatus.APPLYING) and self.started_at is None

    @property
    def waited_minutes(self) -> int:
        """Whole minutes since the job went onto the queue (for a job still waiting for a worker)."""
        since = self.queued_at or self.created_at
        return max(0, int((timezone.now() - since).total_seconds() // 60)) if since else 0

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)


class ColumnMappingPreset(models.Model):
    """A saved column mapping for files of one origin (e.g. 관악구청 재무시스템, 나라장터 계약 내역)."""

    kind = models.CharField("종류", max_length=30)
    institution = models.ForeignKey(
        "institutions.Institution", verbose_name="기관", null=True, blank=True, on_delete=models.CASCADE
    )
    name = models.CharField("이름", max_length=100)
    mapping = models.JSONField("열 맞춤")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "열 맞춤 설정"
        verbose_name_plural = "열 맞춤 설정"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "institution", "name"], name="one_preset_name_per_institution")
        ]

    def __str__(self):
        owner = f"{self.institution.name} " if self.institution_id else ""
        return f"{owner}{self.name}"


class DatabaseIdentity(models.Model):
    """One row: a random token naming this database's state, made by the migration and anew by every restore.

    Caches shared by every database on a machine (files under var/cache, Redis) key their entries on it
    (`core.dbidentity`): a counter alone restarts in a restored backup, a staging copy or a test database, and
    would serve another state's figures."""

    token = models.CharField("식별값", max_length=32)

    class Meta:
        verbose_name = "데이터베이스 식별값"
        verbose_name_plural = "데이터베이스 식별값"

    def __str__(self):
        return self.token
