"""Surveys: one response per person, one-time codes, results and the before/after comparison equal to
figures computed by hand, and anonymity that holds in the schema."""

import datetime
from fractions import Fraction

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from procure.accounts.models import Role
from procure.events.models import Event, Registration
from procure.surveys import selectors, services
from procure.surveys.disclosure import UNDER, WITHHELD
from procure.surveys.models import (
    Answer,
    Audience,
    Participation,
    PendingResponse,
    Question,
    Response,
    Survey,
    SurveyStatus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(center_staff):
    survey = services.survey_create(actor=center_staff, title="인식 설문", audience=Audience.ALL_OFFICERS)
    services.question_add(actor=center_staff, survey=survey, code="aware", text="알고 있다", kind="scale")
    services.question_add(
        actor=center_staff, survey=survey, code="bought", text="구매 경험", kind="single", options=["있다", "없다"]
    )
    services.question_add(
        actor=center_staff,
        survey=survey,
        code="barriers",
        text="어려움",
        kind="multiple",
        options=["제품 없음", "찾기 어려움", "절차 번거로움"],
    )
    services.question_add(actor=center_staff, survey=survey, code="note", text="의견", kind="long", required=False)
    services.survey_set_status(actor=center_staff, survey=survey, status=SurveyStatus.OPEN)
    return survey


def answer(survey, user, scale, bought, barriers, note=""):
    q = {question.code: question.pk for question in survey.questions.all()}
    services.response_submit(
        survey=survey,
        user=user,
        answers={q["aware"]: str(scale), q["bought"]: bought, q["barriers"]: barriers, q["note"]: note},
    )


def test_results_equal_figures_computed_by_hand(survey, make_user):
    answer(survey, make_user(Role.BUYER), 5, "있다", ["제품 없음", "찾기 어려움"], "좋아요")
    answer(survey, make_user(Role.BUYER), 3, "없다", ["찾기 어려움"])
    answer(survey, make_user(Role.BUYER), 2, "없다", ["찾기 어려움", "절차 번거로움"])
    assert selectors.results(survey)[0].answered == 0  # three answers wait in the pool
    assert selectors.pending(survey) == 3
    services.responses_release(survey=survey)
    results = {r.question.code: r for r in selectors.results(survey)}
    assert results["aware"].mean == Fraction(10, 3)
    assert results["aware"].counts == {"전혀 아니다": 0, "아니다": 1, "보통이다": 1, "그렇다": 0, "매우 그렇다": 1}
    assert results["bought"].counts == {"있다": 1, "없다": 2}
    assert results["bought"].share("없다") == Fraction(2, 3)
    assert results["barriers"].counts == {"제품 없음": 1, "찾기 어려움": 3, "절차 번거로움": 1}
    assert results["barriers"].share("찾기 어려움") == 1  # shares of those who answered; may sum over 100%
    assert results["note"].texts == ["좋아요"]


def test_before_and_after_compare_per_question_as_computed_by_hand(survey, center_staff, make_user):
    """Exact figures (selectors.results) and the published comparison: shares of counts of five or more, the
    others withheld with the word that says why, and no change where either side is withheld."""
    people = [make_user(Role.BUYER) for _ in range(10)]
    for index, person in enumerate(people):  # before: 5 × (2, 있다), 5 × (3, 없다); everyone 제품 없음
        barriers = ["제품 없음", "찾기 어려움"] if index < 5 else ["제품 없음"]
        answer(survey, person, 2 if index < 5 else 3, "있다" if index < 5 else "없다", barriers)
    after = services.survey_copy(actor=center_staff, survey=survey, title="사후")
    services.survey_set_status(actor=center_staff, survey=after, status=SurveyStatus.OPEN)
    for index, person in enumerate(people):  # after: 7 있다, 3 없다; 5 찾기 어려움, 5 절차 번거로움
        barriers = ["찾기 어려움"] if index < 5 else ["절차 번거로움"]
        answer(after, person, 4 if index < 5 else 5, "있다" if index < 7 else "없다", barriers)
    for each in (survey, after):
        services.survey_set_status(actor=center_staff, survey=each, status=SurveyStatus.CLOSED)
    exact = {r.question.code: r for r in selectors.results(after)}
    assert exact["aware"].mean == Fraction(9, 2) and exact["bought"].counts == {"있다": 7, "없다": 3}
    changes = {(c.code, c.label): c for c in selectors.compare(survey, after)}
    bought = changes["bought", "있다"]
    assert (bought.before, bought.after, bought.after_note, bought.delta) == (50, None, WITHHELD, None)
    assert (changes["bought", "없다"].after, changes["bought", "없다"].after_note) == (None, UNDER)
    hard = changes["barriers", "찾기 어려움"]
    assert (hard.before, hard.after, hard.delta) == (50, 50, 0)  # percent, change in points
    assert changes["barriers", "제품 없음"].before_note == WITHHELD  # all 10: nobody did not choose it
    assert changes["barriers", "제품 없음"].after_note == UNDER  # nobody chose it
    mean = changes["aware", "평균"]  # scales with empty options: counts under 5 withheld, so is the mean
    assert (mean.before, mean.after, mean.before_note, mean.after_note) == (None, None, WITHHELD, WITHHELD)
    assert ("note", "평균") not in changes  # written answers are not compared


def test_one_response_per_person(survey, buyer):
    answer(survey, buyer, 4, "있다", ["제품 없음"])
    with pytest.raises(services.SurveyError, match="이미 응답"):
        answer(survey, buyer, 1, "없다", ["제품 없음"])
    assert Response.objects.count() + PendingResponse.objects.count() == 1


def test_an_anonymous_response_keeps_no_person_no_time_no_institution(survey, buyer):
    answer(survey, buyer, 4, "있다", ["제품 없음"])
    assert not Response.objects.exists()
    waiting = PendingResponse.objects.get()
    assert set(waiting.answers) == {str(q.pk) for q in survey.questions.exclude(code="note")}
    assert Participation.objects.filter(survey=survey, user=buyer).exists()
    services.responses_release(survey=survey)
    response = Response.objects.get()
    assert response.respondent is None and response.submitted_on is None
    assert not PendingResponse.objects.exists()
    assert {f.name for f in Response._meta.concrete_fields} == {"id", "survey", "respondent", "submitted_on"}


def test_a_named_survey_keeps_the_respondent_and_the_day(center_staff, buyer):
    survey = services.survey_create(actor=center_staff, title="실명", anonymous=False)
    services.question_add(actor=center_staff, survey=survey, code="aware", text="알고 있다", kind="scale")
    services.survey_set_status(actor=center_staff, survey=survey, status=SurveyStatus.OPEN)
    services.response_submit(survey=survey, user=buyer, answers={survey.questions.get().pk: "4"})
    response = Response.objects.get()
    assert response.respondent == buyer and response.submitted_on is not None
    assert not PendingResponse.objects.exists()


def test_no_table_links_a_person_or_a_token_to_an_answer():
    """Read the schema: the only path from a person to a response is Response.respondent (empty in anonymous
    surveys); Participation and AccessToken point at the survey and nowhere else; responses and answers have
    random keys and no time finer than a day."""
    config = apps.get_app_config("surveys")
    response_model = config.get_model("Response")
    pool = config.get_model("PendingResponse")
    assert {f.name for f in pool._meta.concrete_fields} == {"id", "survey", "answers"}
    for model in (config.get_model("Participation"), config.get_model("AccessToken"), pool):
        related = {f.related_model for f in model._meta.get_fields() if f.is_relation and f.many_to_one}
        assert related <= {Survey, apps.get_model("accounts", "User")}
        assert response_model not in related and config.get_model("Answer") not in related
    assert not any(
        f.is_relation and f.related_model in (config.get_model("Participation"), config.get_model("AccessToken"))
        for f in response_model._meta.get_fields()
    )
    for model in (response_model, config.get_model("Answer"), pool):
        assert isinstance(model._meta.pk, models.UUIDField)
        assert not any(isinstance(f, models.DateTimeField) for f in model._meta.get_fields())
    assert not any(isinstance(f, models.DateTimeField) for f in config.get_model("Participation")._meta.get_fields())
    user_fks = [
        f.name
        for f in response_model._meta.get_fields()
        if f.is_relation and f.related_model is apps.get_model("accounts", "User")
    ]
    assert user_fks == ["respondent"]


def test_one_time_codes_answer_once_and_name_nobody(client, center_staff):
    survey = services.awareness_survey_create(actor=center_staff)
    Survey.objects.filter(pk=survey.pk).update(audience=Audience.TOKENS, status=SurveyStatus.OPEN)
    survey.refresh_from_db()
    (code,) = services.tokens_issue(actor=center_staff, survey=survey, count=1)
    assert not survey.tokens.filter(token_hash=code).exists()  # only the hash is kept
    url = reverse("surveys:respond", args=[survey.link_token])
    data = {"token": code}
    for question in survey.questions.all():
        if question.kind == "scale":
            data[f"q{question.pk}"] = "4"
        elif question.kind == "single":
            data[f"q{question.pk}"] = question.options[0]
        elif question.kind == "multiple":
            data[f"q{question.pk}"] = [question.options[0]]
    assert "고맙습니다" in client.post(url, data).content.decode()
    again = client.post(url, data).content.decode()
    assert "이미 쓰였습니다" in again
    assert PendingResponse.objects.filter(survey=survey).count() == 1
    services.survey_set_status(actor=center_staff, survey=survey, status=SurveyStatus.CLOSED)
    assert Response.objects.filter(survey=survey).count() == 1 and not PendingResponse.objects.exists()
    assert Response.objects.get().respondent is None


def test_a_required_question_left_blank_is_refused_and_nothing_is_written(client_for, survey, buyer):
    client = client_for(buyer)
    page = client.post(reverse("surveys:respond", args=[survey.link_token]), {}).content.decode()
    assert "필수 항목" in page
    assert not Response.objects.exists() and not Participation.objects.exists()
    assert not PendingResponse.objects.exists()


def test_an_event_s_survey_is_for_those_who_came(center_staff, buyer, other_buyer):
    event = Event.objects.create(
        title="설명회", date=datetime.date(2099, 1, 1), starts_at=datetime.time(14), ends_at=datetime.time(15),
        venue="구청", capacity=10, status="open",
    )  # fmt: skip
    Registration.objects.create(
        event=event, user=buyer, name="b", email="b@example.org", institution=buyer.institution, status="confirmed",
        consented_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
        checked_in_at=datetime.datetime(2099, 1, 1, 5, tzinfo=datetime.UTC),
    )  # fmt: skip
    survey = services.awareness_survey_create(actor=center_staff, event=event)
    services.survey_set_status(actor=center_staff, survey=survey, status=SurveyStatus.OPEN)
    assert services.may_respond(buyer, survey) == (True, "")
    allowed, reason = services.may_respond(other_buyer, survey)
    assert not allowed and "행사에 참가" in reason


def test_questions_cannot_change_once_answered(survey, buyer, center_staff):
    answer(survey, buyer, 4, "있다", ["제품 없음"])
    with pytest.raises(services.SurveyError, match="바꿀 수 없습니다"):
        services.question_remove(actor=center_staff, question=Question.objects.filter(survey=survey).first())


def test_the_awareness_template_asks_about_the_known_barriers(center_staff):
    survey = services.awareness_survey_create(actor=center_staff)
    barriers = survey.questions.get(code="barriers").options
    assert {"필요한 제품이 없음", "한 곳에서 찾기 어려움", "절차가 번거로움", "품질·납기 우려"} <= set(barriers)


def test_inviting_reaches_attendees_who_have_not_answered_with_the_link_only(center_staff, buyer, other_buyer):
    from procure.core.models import Notification

    event = Event.objects.create(
        title="설명회", date=datetime.date(2099, 1, 1), starts_at=datetime.time(14), ends_at=datetime.time(15),
        venue="구청", capacity=10, status="open",
    )  # fmt: skip
    for person in (buyer, other_buyer):
        Registration.objects.create(
            event=event, user=person, name="x", email=f"{person.username}@example.org",
            institution=person.institution, status="confirmed",
            consented_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
            checked_in_at=datetime.datetime(2099, 1, 1, 5, tzinfo=datetime.UTC),
        )  # fmt: skip
    survey = services.awareness_survey_create(actor=center_staff, event=event)
    services.survey_set_status(actor=center_staff, survey=survey, status=SurveyStatus.OPEN)
    Participation.objects.create(survey=survey, user=other_buyer)
    link = reverse("surveys:respond", args=[survey.link_token])
    assert services.survey_invite(actor=center_staff, survey=survey, link=link) == 1
    note = Notification.objects.get(recipient=buyer)
    assert note.link == link


def test_a_repeated_question_code_is_refused_in_korean(client_for, center_staff):
    survey = services.survey_create(actor=center_staff, title="t")
    client = client_for(center_staff)
    data = {"add_question": "1", "code": "aware", "text": "알고 있다", "kind": "scale", "required": "on"}
    client.post(reverse("surveys:builder", args=[survey.pk]), data)
    page = client.post(reverse("surveys:builder", args=[survey.pk]), data)
    assert page.status_code == 200 and "같은 문항 코드" in page.content.decode()
    assert survey.questions.count() == 1


def test_institution_is_stored_only_when_the_survey_asks_and_the_person_answers(client_for, center_staff, buyer):
    from tests.factories import InstitutionFactory

    InstitutionFactory(name="관악구의회")
    survey = services.survey_create(actor=center_staff, title="t", audience=Audience.ALL_OFFICERS)
    services.question_add(actor=center_staff, survey=survey, code="aware", text="알고 있다", kind="scale")
    staff = client_for(center_staff)
    staff.post(reverse("surveys:builder", args=[survey.pk]), {"add_profile": "institution"})
    question = survey.questions.get(code="institution")
    assert not question.required and buyer.institution.name in question.options and "관악구의회" in question.options
    services.survey_set_status(actor=center_staff, survey=survey, status=SurveyStatus.OPEN)
    client = client_for(buyer)
    url = reverse("surveys:respond", args=[survey.link_token])
    page = client.get(url).content.decode()
    assert "답하지 않음" in page and "응답 시각도, 소속 기관과 역할도 저장하지 않습니다" in page
    assert "고맙습니다" in client.post(url, {f"q{survey.questions.get(code='aware').pk}": "4"}).content.decode()
    services.survey_set_status(actor=center_staff, survey=survey, status=SurveyStatus.CLOSED)
    answers = Answer.objects.filter(response__survey=survey)
    assert list(answers.values_list("question__code", flat=True)) == ["aware"]  # nothing about the institution


def test_a_survey_cannot_be_compared_with_itself(client_for, survey, center_staff):
    """Issue 28 §7: before and after the same survey showed "no change" for every question."""
    client = client_for(center_staff)
    response = client.get(reverse("surveys:compare"), {"before": survey.pk, "after": survey.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "같은 설문끼리는 비교할 수 없습니다" in page
    assert response.context["changes"] is None
