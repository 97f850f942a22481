"""What the collector did: the days it has collected for each institution and source, and each run's outcome."""

from django.conf import settings
from django.db import models


class Source(models.TextChoices):
    G2B = "g2b", "나라장터"
    MALL = "mall", "종합쇼핑몰"
    # 나라장터 계약 삭제이력 (*DltHstry) by 삭제일시: contracts the source deleted (취소·해지) are reversed.
    G2B_DELETED = "g2b_del", "나라장터 삭제이력"


class CollectedDay(models.Model):
    """A day fully collected for an institution from a source: every page of every operation written to the ledger.

    Written in the same transaction as the day's lines, so a day is either done with all its lines or not done
    at all; the next run resumes from the days not done (quota, a broken answer)."""

    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="+")
    source = models.CharField("출처", max_length=10, choices=Source.choices)
    day = models.DateField("날짜")
    lines = models.PositiveIntegerField("줄 수", default=0)
    collected_at = models.DateTimeField("모은 일시", auto_now=True)

    class Meta:
        verbose_name = "모은 날"
        verbose_name_plural = "모은 날"
        constraints = [
            models.UniqueConstraint(fields=["institution", "source", "day"], name="g2b_collected_day_unique")
        ]

    def __str__(self):
        return f"{self.institution_id} {self.source} {self.day}"


class RunStatus(models.TextChoices):
    RUNNING = "running", "모으는 중"
    DONE = "done", "완료"
    PARTIAL = "partial", "일부 실패"
    QUOTA = "quota", "호출 한도 초과 (다음 실행에서 이어서)"
    FAILED = "failed", "실패"


class CollectionRun(models.Model):
    """One run of collect_g2b (command, daily task or saved file) and what became of it."""

    trigger = models.CharField("실행 방식", max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField("시작", auto_now_add=True)
    finished_at = models.DateTimeField("끝", null=True, blank=True)
    # Bumped after every day written: a run still "running" without a beat for minutes has died.
    heartbeat_at = models.DateTimeField("마지막 진행", null=True, blank=True)
    since = models.DateField("시작일", null=True, blank=True)
    until = models.DateField("종료일", null=True, blank=True)
    filename = models.CharField("파일명", max_length=255, blank=True)
    status = models.CharField("상태", max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    days = models.PositiveIntegerField("모은 날 수", default=0)
    calls = models.PositiveIntegerField("호출 수", default=0)
    created = models.PositiveIntegerField("새로 등록", default=0)
    updated = models.PositiveIntegerField("변경", default=0)
    unchanged = models.PositiveIntegerField("변경 없음", default=0)
    # Lines withdrawn by a reversal: a cancelled 품목, a contract the source deleted, a joint member dropped.
    reversed = models.PositiveIntegerField("취소로 되돌림", default=0)
    # [{"institution": "관악구청", "source": "나라장터", "day": "2026-03-02", "message": "…"}], at most 200.
    failures = models.JSONField("실패", default=list, blank=True)
    message = models.CharField("요약", max_length=500, blank=True)

    class Meta:
        verbose_name = "자료 모으기 실행"
        verbose_name_plural = "자료 모으기 실행"
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.trigger} {self.started_at:%Y-%m-%d %H:%M}"
