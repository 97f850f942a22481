"""The 사회적경제 인식 설문 at last year's 설명회 and again six months on, with answers (part of seed_demo)."""

import datetime
import random

from django.utils import timezone

from procure.accounts.models import User
from procure.core.demo import at, happened_at, working_day_after, working_day_before, working_day_on_or_after
from procure.events.models import Event, EventStatus
from procure.surveys.models import Audience, Participation, QuestionKind, Survey, SurveyStatus
from procure.surveys.services import (
    awareness_survey_create,
    profile_question_add,
    response_submit,
    survey_copy,
    survey_set_status,
)

# What officers wrote in the free-text question: before the 설명회, and six months on.
COMMENTS = [
    [
        "구매 가능한 품목을 분야별로 한눈에 보여 주면 좋겠습니다.",
        "사회적경제기업 제품의 품질을 믿을 수 있는 자료가 있으면 좋겠습니다.",
        "수의계약 한도와 절차를 정리한 안내서가 필요합니다.",
        "도시락이나 다과처럼 자주 사는 물품의 업체 목록이 있으면 편하겠습니다.",
        "견적을 빨리 받을 수 있는지가 가장 걱정입니다.",
        "우선구매 실적이 어떻게 집계되는지 잘 모르겠습니다.",
        "행사 대행처럼 큰 용역도 맡길 수 있는지 궁금합니다.",
        "관내 기업인지 확인하는 방법을 알려 주세요.",
        "부서 예산이 적어서 소액 구매 위주로 활용하고 싶습니다.",
        "납기를 지킬 수 있는지 사례를 보고 싶습니다.",
        "인증 기간이 끝난 기업을 실수로 고를까 걱정됩니다.",
        "설명회 자료를 부서원과 공유할 수 있게 해 주세요.",
    ],
    [
        "설명회 이후 현수막과 기념품을 사회적경제기업에서 샀습니다. 만족합니다.",
        "검색으로 복사용지 업체를 찾기 쉬워졌습니다.",
        "견적 요청 기능 덕분에 비교 견적이 빨라졌습니다.",
        "청소 용역 업체가 성실해서 내년에도 계약하려고 합니다.",
        "실적 현황을 부서별로 볼 수 있어 목표 관리가 쉬워졌습니다.",
        "도시락 업체가 늘어나면 좋겠습니다.",
        "상담회에서 만난 기업과 계약까지 이어졌습니다.",
        "인증 만료 안내가 있어 안심하고 고를 수 있습니다.",
        "용역 분야 기업 정보가 조금 더 자세하면 좋겠습니다.",
        "대금 지급 기한 알림이 도움이 됩니다.",
        "아직 부서 안에서 제도를 잘 모르는 직원이 많습니다.",
        "분기마다 짧은 안내 교육이 있으면 좋겠습니다.",
    ],
]


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
        elif rng.random() < 0.22:  # about one in five writes something, each in their own words
            answers[question.pk] = rng.choice(COMMENTS[lift])
    return answers


def _fill(survey, people, lift: int, actor, closed_at) -> int:
    """Everyone answers (inside seed_demo's one transaction, which they all share), then the survey closes:
    closing releases the pool and writes every response again in random order."""
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.OPEN)
    survey.refresh_from_db()
    for index, person in enumerate(people):
        answers = _answers(survey, person, index, lift)
        response_submit(survey=survey, user=person, answers=answers, inside_transaction=True)
    with happened_at(closed_at, read=True):
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
    # Made the week before the 설명회 and closed a week after it; the 사후 one six months on, open three weeks.
    made_on = working_day_before(event.date, 5)
    with happened_at(at(made_on, 11), read=True):
        before = awareness_survey_create(actor=center, title=f"{event.title} 인식 설문 (사전)", event=event)
        profile_question_add(actor=center, survey=before, which="institution")
    Survey.objects.filter(pk=before.pk).update(created_at=at(made_on, 11))
    made = _fill(before, attendees[:150], lift=0, actor=center, closed_at=at(working_day_after(event.date, 5), 18))
    six_months = working_day_on_or_after(event.date + datetime.timedelta(days=182))
    with happened_at(at(six_months, 11), read=True):
        after = survey_copy(actor=center, survey=before, title=f"{event.title} 인식 설문 (사후, 6개월)")
    Survey.objects.filter(pk=after.pk).update(audience=Audience.ALL_OFFICERS, created_at=at(six_months, 11))
    after.refresh_from_db()
    officers = list(User.objects.filter(username__startswith="officer").order_by("username"))
    closes = min(working_day_after(six_months, 15), working_day_before(today))
    made += _fill(after, officers[:120], lift=1, actor=center, closed_at=at(closes, 18))
    assert Participation.objects.filter(survey=before).count() == 150
    return {"survey_responses": made}
