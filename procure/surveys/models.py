"""Surveys: a builder (sections, questions of five kinds), responses, and anonymity that holds.

Anonymity, by construction (docs/privacy.md): in an anonymous survey a Response has no respondent, no date,
no institution and no role — only the answers, and an institution or role only when the survey asks for it
as a question and the person answers it. Whether a person has answered is kept in Participation, which names
the person and nothing about the answer; a one-time AccessToken is stored hashed and names no person.

Nothing stored orders, times or groups an anonymous response so that it lines up with a participation: the
answers wait in PendingResponse (no person, no time, kept in random order) in a transaction of their own,
and when RELEASE_AT of them have come in — or the survey closes — every response of the survey is written
again, in random order, with new random keys, and the pool's rows are deleted (services.response_submit).
No table links a token or a participation to a response (tests/surveys/test_surveys.py reads the schema,
tests/surveys/test_anonymity.py the storage order and the transaction ids).
"""

import hashlib
import uuid

from django.conf import settings
from django.db import models


class Audience(models.TextChoices):
    ALL_OFFICERS = "officers", "모든 구매담당자"
    EVENT_ATTENDEES = "attendees", "행사 참가자 (입장 확인된 사람)"
    TOKENS = "tokens", "일회용 코드를 받은 사람만"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "작성 중"
    OPEN = "open", "응답 받는 중"
    CLOSED = "closed", "마감"


class Survey(models.Model):
    title = models.CharField("설문 제목", max_length=200)
    description = models.TextField("안내", blank=True, max_length=2000)
    event = models.ForeignKey(
        "events.Event", verbose_name="행사", null=True, blank=True, on_delete=models.SET_NULL, related_name="surveys"
    )
    audience = models.CharField("대상", max_length=12, choices=Audience.choices, default=Audience.ALL_OFFICERS)
    anonymous = models.BooleanField("익명", default=True, help_text="익명 설문은 응답과 응답자를 잇는 기록이 없습니다.")
    status = models.CharField("상태", max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    link_token = models.UUIDField("공유 링크", unique=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "설문"
        verbose_name_plural = "설문"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField("구역 제목", max_length=200)
    order = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", "하나 고르기"
    MULTIPLE = "multiple", "여럿 고르기"
    SCALE = "scale", "5점 척도"
    SHORT = "short", "짧은 글"
    LONG = "long", "긴 글"


SCALE_LABELS = ["전혀 아니다", "아니다", "보통이다", "그렇다", "매우 그렇다"]


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions")
    code = models.SlugField(
        "문항 코드", max_length=40, help_text="사전·사후 비교에서 같은 문항을 찾는 이름 (예: aware_priority)"
    )
    text = models.CharField("질문", max_length=300)
    kind = models.CharField("답 방식", max_length=10, choices=QuestionKind.choices)
    options = models.JSONField("보기", default=list, blank=True)
    required = models.BooleanField("필수", default=True)
    order = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="question_code_once_per_survey")]

    def __str__(self):
        return self.text

    @property
    def choices(self) -> list[str]:
        return SCALE_LABELS if self.kind == QuestionKind.SCALE else list(self.options)


class Response(models.Model):
    """One filled-in survey. `respondent` and `submitted_on` are set only in a named (non-anonymous) survey; an
    anonymous one keeps its answers and nothing else (no date: a day with few responses would group them)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_on = models.DateField("응답일 (실명 설문만)", null=True, blank=True)

    class Meta:
        verbose_name = "응답"
        verbose_name_plural = "응답"

    def __str__(self):
        return "응답"


class PendingResponse(models.Model):
    """An anonymous survey's answers waiting to be released with others (services.response_submit): no person,
    no time, a random key; the waiting rows of a survey are rewritten in random order at every arrival and
    deleted when they are released. `answers` maps a question's pk (as text) to {"choices": [...], "text": ""}."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="pending")
    answers = models.JSONField(default=dict)

    class Meta:
        verbose_name = "대기 중인 응답"
        verbose_name_plural = "대기 중인 응답"

    def __str__(self):
        return "대기 중인 응답"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(default=list, blank=True)  # option texts (single, multiple), or [n] for a scale 1–5
    text = models.TextField(blank=True, max_length=4000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"답 {self.question_id}"


class Participation(models.Model):
    """That a person has answered (one response per person) — and nothing about what they answered."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="one_response_per_person")]

    def __str__(self):
        return f"참여 {self.survey_id}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.strip().upper().encode()).hexdigest()


class AccessToken(models.Model):
    """A one-time code handed out on paper; kept hashed; names no person and no response."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    def __str__(self):
        return f"응답 코드 {self.pk}"
