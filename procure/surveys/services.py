"""Writes for surveys: building, the awareness template, one-time codes, and submitting a response.

How an anonymous response is stored so that the database cannot tie it to its author (docs/privacy.md):
1. one transaction records that the person answered (Participation, or the one-time code marked used);
2. another puts the answers in the survey's pool (PendingResponse: no person, no time), rewriting the pool's
   rows in random order;
3. when RELEASE_AT answers are waiting — or the survey closes — every response of the survey is written
   again in random order, with new random keys, and the pool's rows are deleted (in step 2's transaction).
So no response shares a transaction with a participation, and the storage order of responses (SQLite's
rowid, PostgreSQL's ctid) says nothing about who answered when.
"""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from procure.accounts.models import Role
from procure.core.errors import ServiceError
from procure.core.services import audit
from procure.surveys.models import (
    AccessToken,
    Answer,
    Audience,
    Participation,
    PendingResponse,
    Question,
    QuestionKind,
    Response,
    Section,
    Survey,
    SurveyStatus,
    hash_token,
)

TOKEN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # noqa: S105 (letters codes are drawn from)
RELEASE_AT = 5  # an anonymous survey's answers wait in the pool until this many have come in
shuffler = random.SystemRandom()  # the order rows are written in; tests put a seeded random.Random here


class SurveyError(ServiceError, ValidationError):
    """A refused action; the message is Korean."""


@transaction.atomic
def survey_create(*, actor, title: str, **fields) -> Survey:
    survey = Survey(title=title, created_by=actor, **fields)
    survey.full_clean()
    survey.save()
    audit(actor=actor, action="surveys.survey.created", obj=survey, after={"title": title})
    return survey


@transaction.atomic
def survey_set_status(*, actor, survey: Survey, status: str) -> Survey:
    """Open or close a survey; closing releases the answers still waiting in the pool, however few."""
    if status == SurveyStatus.OPEN and not survey.questions.exists():
        raise SurveyError("문항이 없는 설문은 열 수 없습니다.")
    before = survey.status
    survey.status = status
    survey.save(update_fields=["status"])
    if status == SurveyStatus.CLOSED:
        responses_release(survey=survey)
    audit(actor=actor, action="surveys.survey.status", obj=survey, before={"status": before}, after={"status": status})
    return survey


def _editable(survey: Survey) -> None:
    if survey.responses.exists() or survey.pending.exists():
        raise SurveyError("응답이 있는 설문의 문항은 바꿀 수 없습니다. 설문을 복제해 고치세요.")


@transaction.atomic
def section_add(*, actor, survey: Survey, title: str) -> Section:
    _editable(survey)
    order = survey.sections.count() + 1
    return Section.objects.create(survey=survey, title=title, order=order)


@transaction.atomic
def question_add(*, actor, survey: Survey, **fields) -> Question:
    _editable(survey)
    fields.setdefault("order", survey.questions.count() + 1)
    question = Question(survey=survey, **fields)
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(question.options) < 2:
        raise SurveyError("고르는 문항에는 보기가 두 개 이상 있어야 합니다.")
    if question.kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        question.options = []
    question.full_clean()
    question.save()
    audit(actor=actor, action="surveys.question.added", obj=survey, after={"code": question.code})
    return question


PROFILE_QUESTIONS = {
    "institution": "소속 기관 (답하지 않아도 됩니다. 작은 기관은 결과에서 가려집니다)",
    "role": "역할 (답하지 않아도 됩니다)",
}


@transaction.atomic
def profile_question_add(*, actor, survey: Survey, which: str) -> Question:
    """An optional question asking the respondent's institution (or role): the only way a response carries
    either — the person chooses to answer it. Its options are the institutions (roles) as they stand today."""
    from procure.accounts.models import Role
    from procure.institutions.models import Institution

    if which not in PROFILE_QUESTIONS:
        raise SurveyError("소속 기관이나 역할만 물을 수 있습니다.")
    if survey.questions.filter(code=which).exists():
        raise SurveyError("이 설문에 이미 있는 문항입니다.")
    if which == "institution":
        options = list(Institution.objects.filter(is_active=True).order_by("name").values_list("name", flat=True))
    else:
        options = [label for _, label in Role.choices]
    if len(options) < 2:
        raise SurveyError("고를 기관이 두 곳 이상 있어야 합니다.")
    return question_add(
        actor=actor,
        survey=survey,
        code=which,
        text=PROFILE_QUESTIONS[which],
        kind=QuestionKind.SINGLE,
        options=options,
        required=False,
    )


@transaction.atomic
def question_remove(*, actor, question: Question) -> None:
    _editable(question.survey)
    audit(actor=actor, action="surveys.question.removed", obj=question.survey, before={"code": question.code})
    question.delete()


@transaction.atomic
def survey_copy(*, actor, survey: Survey, title: str) -> Survey:
    """The same sections and questions (same codes) as a new draft — the 사후 survey of a 사전 one."""
    copy = survey_create(
        actor=actor,
        title=title,
        description=survey.description,
        event=survey.event,
        audience=survey.audience,
        anonymous=survey.anonymous,
    )
    sections: dict[int | None, Section] = {}
    for section in survey.sections.all():
        sections[section.pk] = Section.objects.create(survey=copy, title=section.title, order=section.order)
    for q in survey.questions.all():
        Question.objects.create(
            survey=copy,
            section=sections.get(q.section_id),
            code=q.code,
            text=q.text,
            kind=q.kind,
            options=q.options,
            required=q.required,
            order=q.order,
        )
    return copy


AWARENESS_SECTIONS = [
    (
        "사회적경제 인식",
        [
            ("aware_se", "사회적경제기업(사회적기업, 협동조합, 마을기업, 자활기업)을 알고 있다.", "scale", []),
            ("aware_priority", "사회적기업 제품 우선구매 제도(사회적기업 육성법 제12조)를 알고 있다.", "scale", []),
            (
                "aware_source",
                "사회적경제기업을 주로 어디서 알게 되었습니까?",
                "single",
                ["구청 안내·교육", "언론·인터넷", "동료 추천", "기업의 직접 홍보", "알지 못함"],
            ),
        ],
    ),
    (
        "구매 경험과 의향",
        [
            ("bought", "최근 1년 안에 사회적경제기업 제품·서비스를 구매한 적이 있다.", "single", ["있다", "없다"]),
            (
                "bought_kinds",
                "구매했거나 구매하고 싶은 분야를 모두 고르세요.",
                "multiple",
                ["식품·도시락", "인쇄·홍보물", "청소·방역", "교육·강의", "행사 대행", "사무용품", "기타"],
            ),
            ("intention", "앞으로 사회적경제기업 제품을 구매할 의향이 있다.", "scale", []),
        ],
    ),
    (
        "구매의 어려움",
        [
            (
                "barriers",
                "사회적경제기업 제품 구매가 어려운 까닭을 모두 고르세요.",
                "multiple",
                [
                    "필요한 제품이 없음",
                    "한 곳에서 찾기 어려움",
                    "절차가 번거로움",
                    "품질·납기 우려",
                    "가격이 높음",
                    "제도를 잘 모름",
                ],
            ),
            ("suggestion", "구매를 늘리기 위해 필요한 지원을 적어 주세요.", "long", []),
        ],
    ),
]


@transaction.atomic
def awareness_survey_create(*, actor, title: str = "사회적경제 인식 설문", event=None) -> Survey:
    """The 사회적경제 인식 설문: awareness, purchase experience, intention and barriers."""
    survey = survey_create(
        actor=actor,
        title=title,
        description="공공구매 담당자의 사회적경제기업과 우선구매 제도 인식을 알아보는 설문입니다. 익명으로 처리됩니다.",
        event=event,
        audience=Audience.EVENT_ATTENDEES if event else Audience.ALL_OFFICERS,
        anonymous=True,
    )
    order = 0
    for s_index, (section_title, questions) in enumerate(AWARENESS_SECTIONS, start=1):
        section = Section.objects.create(survey=survey, title=section_title, order=s_index)
        for code, text, kind, options in questions:
            order += 1
            Question.objects.create(
                survey=survey,
                section=section,
                code=code,
                text=text,
                kind=kind,
                options=options,
                required=kind != "long",
                order=order,
            )
    return survey


def survey_invite(*, actor, survey: Survey, link: str) -> int:
    """Tell the audience there is a survey (in the inbox and by mail); the message holds the shared link only,
    never a code, so no record ties a person to what they answer."""
    from procure.accounts.models import User
    from procure.core.services import notify

    if survey.status != SurveyStatus.OPEN:
        raise SurveyError("응답을 받는 중인 설문만 알릴 수 있습니다.")
    if survey.audience == Audience.TOKENS:
        raise SurveyError("일회용 코드 설문은 코드를 인쇄해 나눠 주세요.")
    people = User.objects.filter(is_active=True, role=Role.BUYER)
    if survey.audience == Audience.EVENT_ATTENDEES:
        people = people.filter(
            event_registrations__event=survey.event, event_registrations__checked_in_at__isnull=False
        )
    people = people.exclude(pk__in=Participation.objects.filter(survey=survey).values("user_id")).distinct()
    sent = 0
    for person in people:
        notify(recipient=person, title=f"설문 참여 요청: {survey.title}", body=survey.description, link=link)
        sent += 1
    audit(actor=actor, action="surveys.survey.invited", obj=survey, after={"sent": sent})
    return sent


def tokens_issue(*, actor, survey: Survey, count: int) -> list[str]:
    """`count` one-time codes (shown once, to print and hand out); only their hashes are kept."""
    if not 1 <= count <= 1000:
        raise SurveyError("한 번에 1~1,000개까지 만들 수 있습니다.")
    tokens = ["".join(secrets.choice(TOKEN_ALPHABET) for _ in range(10)) for _ in range(count)]
    AccessToken.objects.bulk_create(AccessToken(survey=survey, token_hash=hash_token(t)) for t in tokens)
    audit(actor=actor, action="surveys.tokens.issued", obj=survey, after={"count": count})
    return tokens


def may_respond(user, survey: Survey) -> tuple[bool, str]:
    """Whether this signed-in person (or anonymous visitor) may answer, and why not, in Korean."""
    if survey.status != SurveyStatus.OPEN:
        return False, "지금은 응답을 받지 않는 설문입니다."
    if survey.audience == Audience.TOKENS:
        return True, ""  # the one-time code is checked when the answers come in
    if not user.is_authenticated:
        return False, "로그인해야 응답할 수 있는 설문입니다."
    if survey.audience == Audience.ALL_OFFICERS and user.role not in (Role.BUYER,) and not user.is_superuser:
        return False, "구매담당자를 대상으로 하는 설문입니다."
    if survey.audience == Audience.EVENT_ATTENDEES:
        attended = (
            survey.event is not None
            and survey.event.registrations.filter(user=user, checked_in_at__isnull=False).exists()
        )
        if not attended:
            return False, "행사에 참가(입장 확인)한 분만 응답할 수 있습니다."
    if Participation.objects.filter(survey=survey, user=user).exists():
        return False, "이미 응답하셨습니다. 참여해 주셔서 고맙습니다."
    return True, ""


def _payload(survey: Survey, answers: dict) -> dict:
    """The answers as the pool keeps them: {question pk (text): {"choices": [...], "text": ""}}."""
    payload = {}
    for question in survey.questions.all():
        value = answers.get(question.pk)
        if value in (None, "", []):
            continue
        if question.kind in (QuestionKind.SHORT, QuestionKind.LONG):
            payload[str(question.pk)] = {"choices": [], "text": str(value)}
        else:
            values = value if isinstance(value, list) else [value]
            payload[str(question.pk)] = {"choices": [str(v) for v in values], "text": ""}
    return payload


def _admit(survey: Survey, user, token: str) -> None:
    """Check that this person (or code) may answer and record that they have; nothing about the answers."""
    if survey.audience == Audience.TOKENS:
        if survey.status != SurveyStatus.OPEN:
            raise SurveyError("지금은 응답을 받지 않는 설문입니다.")
        claimed = AccessToken.objects.filter(survey=survey, token_hash=hash_token(token), used=False).update(used=True)
        if not claimed:
            raise SurveyError("응답 코드가 맞지 않거나 이미 쓰였습니다.")
        return
    allowed, reason = may_respond(user, survey)
    if not allowed:
        raise SurveyError(reason)
    try:
        with transaction.atomic():
            Participation.objects.create(survey=survey, user=user)
    except IntegrityError:
        raise SurveyError("이미 응답하셨습니다.") from None


def _readmit(survey: Survey, user, token: str) -> None:
    """Undo _admit when the answers could not be stored, so the person can try again."""
    if survey.audience == Audience.TOKENS:
        AccessToken.objects.filter(survey=survey, token_hash=hash_token(token)).update(used=False)
    else:
        Participation.objects.filter(survey=survey, user=user).delete()


def response_submit(
    *, survey: Survey, user=None, token: str = "", answers: dict, inside_transaction: bool = False
) -> None:
    """Store one response. `answers` maps question pk → list of chosen texts / [scale n] / text.

    A named survey writes the response with its respondent at once. An anonymous one records the participation
    in one transaction and pools the answers in another (see the module's docstring), so it must run outside
    any transaction — the web request does; a durable atomic block refuses otherwise. `inside_transaction`
    is for the demo seed only, which writes hundreds of responses in one transaction (they all share it, and
    closing the survey rewrites them in random order)."""
    if not survey.anonymous:
        with transaction.atomic():
            _admit(survey, user, token)
            signed_in = user is not None and user.is_authenticated
            _write(
                survey,
                [_payload(survey, answers)],
                respondent=user if signed_in else None,
                day=timezone.localdate(),
            )
        return
    payload = _payload(survey, answers)
    if inside_transaction:
        with transaction.atomic():
            _admit(survey, user, token)
            _pool(survey, payload)
        return
    with transaction.atomic(durable=True):
        _admit(survey, user, token)
    try:
        with transaction.atomic(durable=True):
            _pool(survey, payload)
    except BaseException:
        with transaction.atomic(durable=True):
            _readmit(survey, user, token)
        raise


@contextmanager
def _secure_delete():
    """SQLite overwrites what is deleted inside (the pool's rows, the responses rewritten) instead of leaving it
    in free pages of the file; the connection's setting is restored after. PostgreSQL leaves dead rows until
    VACUUM (docs/privacy.md)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        (before,) = cursor.fetchone()
        cursor.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA secure_delete = {int(before)}")


def _lock(survey: Survey) -> None:
    """One writer of a survey's pool and responses at a time (PostgreSQL; SQLite writers queue anyway)."""
    list(Survey.objects.select_for_update().filter(pk=survey.pk).values_list("pk", flat=True))


def _pool(survey: Survey, payload: dict) -> None:
    """Add the answers to the pool, rewriting its rows in random order; release them all once RELEASE_AT wait."""
    _lock(survey)
    waiting = list(PendingResponse.objects.filter(survey=survey).values_list("answers", flat=True))
    waiting.append(payload)
    with _secure_delete():
        PendingResponse.objects.filter(survey=survey).delete()
        if len(waiting) >= RELEASE_AT:
            _rewrite(survey, waiting)
            return
    shuffler.shuffle(waiting)
    PendingResponse.objects.bulk_create(PendingResponse(survey=survey, answers=answers) for answers in waiting)


def responses_release(*, survey: Survey) -> int:
    """Release whatever waits in the pool (however few: the survey closes) and rewrite the survey's responses in
    random order. Returns how many were released."""
    if not survey.anonymous:
        return 0
    with transaction.atomic():
        _lock(survey)
        waiting = list(PendingResponse.objects.filter(survey=survey).values_list("answers", flat=True))
        with _secure_delete():
            PendingResponse.objects.filter(survey=survey).delete()
            _rewrite(survey, waiting)
    return len(waiting)


def _rewrite(survey: Survey, new: list[dict]) -> None:
    """Every response of the anonymous survey, old and new, deleted and written again in random order with new
    random keys (so the storage order and the keys of old responses tell nothing of when they came)."""
    kept: dict = defaultdict(dict)
    for response_id in Response.objects.filter(survey=survey).values_list("pk", flat=True):
        kept[response_id] = {}
    for response_id, question_id, choices, text in Answer.objects.filter(response__survey=survey).values_list(
        "response_id", "question_id", "choices", "text"
    ):
        kept[response_id][str(question_id)] = {"choices": choices, "text": text}
    if kept:
        Answer.objects.filter(response__survey=survey).delete()
        Response.objects.filter(survey=survey).delete()
    _write(survey, [*kept.values(), *new])


def _write(survey: Survey, payloads: list[dict], *, respondent=None, day=None) -> None:
    payloads = list(payloads)
    shuffler.shuffle(payloads)
    questions = set(survey.questions.values_list("pk", flat=True))
    responses = [Response(survey=survey, respondent=respondent, submitted_on=day) for _ in payloads]
    Response.objects.bulk_create(responses)
    rows = [
        Answer(response=response, question_id=int(key), choices=value.get("choices") or [], text=value.get("text", ""))
        for response, payload in zip(responses, payloads, strict=True)
        for key, value in payload.items()
        if int(key) in questions
    ]
    shuffler.shuffle(rows)
    Answer.objects.bulk_create(rows)
