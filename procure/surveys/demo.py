"""The 사회적경제 인식 설문 at last year's 설명회 and again six months on, with answers (part of seed_demo)."""

import datetime

from django.utils import timezone

from procure.accounts.models import User
from procure.events.models import Event, EventStatus
from procure.surveys.models import Audience, Participation, QuestionKind, Response, Survey, SurveyStatus
from procure.surveys.services import awareness_survey_create, response_submit, survey_copy


def _answers(survey, index: int, lift: int) -> dict:
    """Deterministic answers; `lift` moves scales up and barriers down (the 사후 survey)."""
    answers = {}
    for question in survey.questions.all():
        if question.kind == QuestionKind.SCALE:
            answers[question.pk] = [str(min(5, 1 + (index * 7 + question.pk) % 4 + (lift if index % 3 else 0)))]
        elif question.kind == QuestionKind.SINGLE:
            options = question.options
            answers[question.pk] = [options[(index + lift * (index % 2)) % len(options)]]
        elif question.kind == QuestionKind.MULTIPLE:
            options = question.options
            count = max(1, 3 - lift) if question.code == "barriers" else 2
            answers[question.pk] = sorted({options[(index * 5 + k) % len(options)] for k in range(count)})
        elif index % 9 == 0:
            answers[question.pk] = "구매 가능한 품목을 분야별로 한눈에 보여 주면 좋겠습니다."
    return answers


def _fill(survey, people, lift: int, day: datetime.date) -> int:
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.OPEN)
    survey.refresh_from_db()
    for index, person in enumerate(people):
        response_submit(survey=survey, user=person, answers=_answers(survey, index, lift))
    Response.objects.filter(survey=survey).update(submitted_on=day)
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.CLOSED)
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
    made = _fill(before, attendees[:150], lift=0, day=event.date)
    after = survey_copy(actor=center, survey=before, title=f"{event.title} 인식 설문 (사후, 6개월)")
    Survey.objects.filter(pk=after.pk).update(audience=Audience.ALL_OFFICERS)
    after.refresh_from_db()
    officers = list(User.objects.filter(username__startswith="officer").order_by("username"))
    made += _fill(after, officers[:120], lift=1, day=event.date + datetime.timedelta(days=183))
    assert Participation.objects.filter(survey=before).count() == 150
    return {"survey_responses": made}
