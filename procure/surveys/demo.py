"""The 사회적경제 인식 설문 at last year's 설명회 and again six months on, with answers (part of seed_demo)."""

import datetime
import random

from django.utils import timezone

from procure.accounts.models import User
from procure.events.models import Event, EventStatus
from procure.surveys.models import Audience, Participation, QuestionKind, Survey, SurveyStatus
from procure.surveys.services import (
    awareness_survey_create,
    profile_question_add,
    response_submit,
    survey_copy,
    survey_set_status,
)


def _answers(survey, person, index: int, lift: int) -> dict:
    """Answers drawn from fixed distributions (seeded, so every demo is the same); `lift` is the 사후 survey:
    awareness and intention higher, fewer barriers. Four in five tell their institution (an optional question)."""
    rng = random.Random(index * 7919 + lift)
    scale_weights = [[12, 28, 34, 19, 7], [4, 14, 32, 34, 16]][lift]
    answers = {}
    for question in survey.questions.all():
        options = question.options
        if question.code == "institution":
            if person.institution_id and rng.random() < 0.8:
                answers[question.pk] = person.institution.name
        elif question.kind == QuestionKind.SCALE:
            answers[question.pk] = [str(rng.choices(range(1, 6), weights=scale_weights)[0])]
        elif question.kind == QuestionKind.SINGLE:
            weights = [len(options) - k + (2 * lift if k == 0 else 0) for k in range(len(options))]
            answers[question.pk] = [rng.choices(options, weights=weights)[0]]
        elif question.kind == QuestionKind.MULTIPLE:
            share = 0.45 - 0.15 * lift if question.code == "barriers" else 0.35
            chosen = [option for option in options if rng.random() < share] or [rng.choice(options)]
            answers[question.pk] = chosen
        elif index % 9 == 0:
            answers[question.pk] = "구매 가능한 품목을 분야별로 한눈에 보여 주면 좋겠습니다."
    return answers


def _fill(survey, people, lift: int, actor) -> int:
    """Everyone answers (inside seed_demo's one transaction, which they all share), then the survey closes:
    closing releases the pool and writes every response again in random order."""
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.OPEN)
    survey.refresh_from_db()
    for index, person in enumerate(people):
        answers = _answers(survey, person, index, lift)
        response_submit(survey=survey, user=person, answers=answers, inside_transaction=True)
    survey_set_status(actor=actor, survey=survey, status=SurveyStatus.CLOSED)
    return len(people)


def seed(today: datetime.date | None = None) -> dict[str, int]:
    if Survey.objects.exists():
        return {"survey_responses": 0}
    today = today or timezone.localdate()
    event = Event.objects.filter(status=EventStatus.FINISHED).order_by("-date").first()
    if event is None:
        return {"survey_responses": 0}
    center = User.objects.get(username="center")
    attendees = list(
        User.objects.filter(
            event_registrations__event=event, event_registrations__checked_in_at__isnull=False
        ).order_by("username")
    )
    before = awareness_survey_create(actor=center, title=f"{event.title} 인식 설문 (사전)", event=event)
    profile_question_add(actor=center, survey=before, which="institution")
    made = _fill(before, attendees[:150], lift=0, actor=center)
    after = survey_copy(actor=center, survey=before, title=f"{event.title} 인식 설문 (사후, 6개월)")
    Survey.objects.filter(pk=after.pk).update(audience=Audience.ALL_OFFICERS)
    after.refresh_from_db()
    officers = list(User.objects.filter(username__startswith="officer").order_by("username"))
    made += _fill(after, officers[:120], lift=1, actor=center)
    assert Participation.objects.filter(survey=before).count() == 150
    return {"survey_responses": made}
