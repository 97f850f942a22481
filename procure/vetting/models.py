"""Vetting rounds (모집): who may apply, how applications are scored, and who was selected."""

from django.conf import settings
from django.db import models

from procure.core.uploads import generated_upload_name
from procure.enterprises.models import EnterpriseType


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "준비 중"
    OPEN = "open", "모집 중"
    REVIEWING = "reviewing", "심사 중"
    DECIDED = "decided", "선정 완료"


class Round(models.Model):
    title = models.CharField("모집명", max_length=200)
    description = models.TextField("안내", blank=True, max_length=4000)
    opens_on = models.DateField("접수 시작일")
    closes_on = models.DateField("접수 마감일")
    eligible_types = models.JSONField("신청 가능 기업유형", default=list, blank=True)
    certification_valid_on = models.DateField(
        "인증 유효 기준일", null=True, blank=True, help_text="이 날짜에 인증·지정이 유효한 기업만 신청할 수 있습니다."
    )
    require_local = models.BooleanField("관내(관악구) 소재 기업만", default=True)
    select_count = models.PositiveSmallIntegerField("선정 기업 수", default=11)
    status = models.CharField("상태", max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="심사위원", blank=True, related_name="review_rounds"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField("선정 일시", null=True, blank=True)

    class Meta:
        verbose_name = "모집"
        verbose_name_plural = "모집"
        ordering = ["-opens_on", "-pk"]

    def __str__(self):
        return self.title

    @property
    def eligible_type_labels(self) -> list[str]:
        return [EnterpriseType(t).label for t in self.eligible_types if t in EnterpriseType.values]


class Criterion(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("평가 항목", max_length=100)
    weight = models.PositiveSmallIntegerField("가중치(점)", help_text="모든 항목의 가중치 합이 100이 되게 합니다.")
    max_score = models.PositiveSmallIntegerField("만점", default=10)
    guide = models.TextField("채점 기준", blank=True, max_length=4000)
    order = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        verbose_name = "평가 항목"
        verbose_name_plural = "평가 항목"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class QuestionKind(models.TextChoices):
    TEXT = "text", "글로 답하기"
    FILE = "file", "파일 첨부"


class Question(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField("질문", max_length=300)
    help_text = models.CharField("도움말", max_length=300, blank=True)
    kind = models.CharField("답변 방식", max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    required = models.BooleanField("필수", default=True)
    order = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        verbose_name = "신청서 질문"
        verbose_name_plural = "신청서 질문"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "접수"
    SELECTED = "selected", "선정"
    NOT_SELECTED = "not_selected", "미선정"


class Application(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="applications")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="applications")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField("접수 일시", auto_now_add=True)
    status = models.CharField(
        "결과", max_length=15, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    rank = models.PositiveSmallIntegerField("순위", null=True, blank=True)
    total_score = models.DecimalField("가중 합계", max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "신청서"
        verbose_name_plural = "신청서"
        ordering = ["submitted_at"]
        constraints = [models.UniqueConstraint(fields=["round", "enterprise"], name="one_application_per_round")]

    def __str__(self):
        return f"{self.round.title} — {self.enterprise.name}"


def answer_upload_to(instance, filename):
    return generated_upload_name(f"applications/{instance.application_id}", filename)


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True, max_length=4000)
    file = models.FileField(upload_to=answer_upload_to, blank=True)

    class Meta:
        ordering = ["question__order", "question__pk"]

    def __str__(self):
        return f"{self.application} — {self.question}"


class Conflict(models.Model):
    """A reviewer's declared conflict of interest: they do not score that application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("사유", max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="one_conflict_per_reviewer")]

    def __str__(self):
        return f"{self.reviewer} ↔ {self.application}"


class ScoreSheet(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="sheets")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.TextField("의견", blank=True, max_length=4000)
    submitted_at = models.DateTimeField("제출 일시", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="one_sheet_per_reviewer")]

    def __str__(self):
        return f"{self.reviewer} 채점표 — {self.application}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField("점수")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion")]

    def __str__(self):
        return f"{self.criterion}: {self.value}"
