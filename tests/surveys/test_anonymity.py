"""Anonymity that survives the database: someone holding the database (or a backup) lines up the participations
with the responses in storage order (SQLite's rowid, PostgreSQL's ctid) and by transaction id (PostgreSQL's
xmin) and ties no more answers to their authors than chance would."""

import random
import uuid

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from procure.accounts.models import Role
from procure.surveys import services
from procure.surveys.models import Answer, Audience, Participation, PendingResponse, Response, SurveyStatus

OFFICERS = 12
# A random order of 12 matches 1 place on average; 4 or more happens 1.9% of the time. The order of submission
# (what the database kept before) matches all 12.
CHANCE_BOUND = 4


def storage_order(table: str, columns: str) -> list[tuple]:
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} ORDER BY {position}")  # noqa: S608 (our own table names)
        return cursor.fetchall()


def xmins(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {table}")  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def seeded(monkeypatch):
    """A fixed random order, so the test is the same at every run."""
    monkeypatch.setattr(services, "shuffler", random.Random(20261203))


def _survey(center_staff):
    survey = services.survey_create(actor=center_staff, title="담당자 설문", audience=Audience.ALL_OFFICERS)
    services.question_add(actor=center_staff, survey=survey, code="aware", text="알고 있다", kind="scale")
    services.question_add(actor=center_staff, survey=survey, code="note", text="의견", kind="short")
    services.survey_set_status(actor=center_staff, survey=survey, status=SurveyStatus.OPEN)
    return survey


def _answer_all(survey, officers):
    """Officer i writes "의견 i": the test knows whose every response is (the database does not)."""
    aware, note = (survey.questions.get(code=code).pk for code in ("aware", "note"))
    for index, officer in enumerate(officers):
        services.response_submit(
            survey=survey, user=officer, answers={aware: str(1 + index % 5), note: f"의견 {index}"}
        )


def _owners_in_storage_order(survey_id) -> list[int]:
    """Whose each response is, in the order the response rows are stored."""
    answers = Answer.objects.filter(response__survey_id=survey_id, text__startswith="의견")
    texts = dict(answers.values_list("response", "text"))
    order = [uuid.UUID(str(response_id)) for (response_id,) in storage_order("surveys_response", "id")]
    return [int(texts[response_id].split()[1]) for response_id in order if response_id in texts]


def _matches(participants: list[int], owners: list[int]) -> int:
    return sum(1 for person, owner in zip(participants, owners, strict=False) if person == owner)


def _participants_in_storage_order(officers) -> list[int]:
    index = {officer.pk: i for i, officer in enumerate(officers)}
    return [index[user_id] for (user_id,) in storage_order("surveys_participation", "user_id")]


@pytest.mark.django_db(transaction=True)
def test_twelve_officers_cannot_be_lined_up_with_their_answers(seeded, center_staff, make_user):
    """Every submission runs as on the site: its own transactions, outside any other."""
    officers = [make_user(Role.BUYER) for _ in range(OFFICERS)]
    survey = _survey(center_staff)
    _answer_all(survey, officers)

    participants = _participants_in_storage_order(officers)
    assert participants == list(range(OFFICERS))  # the participations are in the order people answered
    assert Response.objects.filter(survey=survey).count() == 10  # released by fives
    assert PendingResponse.objects.filter(survey=survey).count() == 2  # the last two wait
    owners = _owners_in_storage_order(survey.pk)
    assert sorted(owners) != owners and _matches(participants, owners) < CHANCE_BOUND

    services.survey_set_status(actor=center_staff, survey=survey, status=SurveyStatus.CLOSED)
    assert not PendingResponse.objects.exists()
    owners = _owners_in_storage_order(survey.pk)
    assert sorted(owners) == list(range(OFFICERS))
    assert _matches(participants, owners) < CHANCE_BOUND
    # the answer rows too (each response's answers are written in random order among all the others)
    texts = [int(text.split()[1]) for (text,) in storage_order("surveys_answer", "text") if text]
    assert _matches(participants, texts) < CHANCE_BOUND
    # and a response keeps no day, no institution, no role
    assert set(Response.objects.values_list("submitted_on", "respondent")) == {(None, None)}


@pytest.mark.django_db(transaction=True)
def test_no_response_shares_a_transaction_with_a_participation(seeded, center_staff, make_user):
    """PostgreSQL stamps every row with the transaction that wrote it (xmin): a participation's never appears on a
    response, an answer or a waiting answer. On SQLite the same code runs; there is no transaction id to read."""
    if connection.vendor != "postgresql":
        pytest.skip("transaction ids (xmin) are PostgreSQL's; the storage order is checked on both databases")
    officers = [make_user(Role.BUYER) for _ in range(OFFICERS)]
    survey = _survey(center_staff)
    participations = set()
    for count, officer in enumerate(officers, start=1):
        _answer_all_one(survey, officer, count)
        participations |= xmins("surveys_participation")
        written = xmins("surveys_response") | xmins("surveys_answer") | xmins("surveys_pendingresponse")
        assert written and not participations & written, f"after {count} answers"
    assert Participation.objects.filter(survey=survey).count() == OFFICERS
    services.survey_set_status(actor=center_staff, survey=survey, status=SurveyStatus.CLOSED)
    assert not xmins("surveys_participation") & (xmins("surveys_response") | xmins("surveys_answer"))


def _answer_all_one(survey, officer, index):
    aware, note = (survey.questions.get(code=code).pk for code in ("aware", "note"))
    services.response_submit(survey=survey, user=officer, answers={aware: "3", note: f"의견 {index}"})


def test_the_participation_is_undone_when_the_answers_cannot_be_stored(monkeypatch, center_staff, buyer):
    survey = _survey(center_staff)

    def broken(survey, payload):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_pool", broken)
    with pytest.raises(RuntimeError):
        _answer_all(survey, [buyer])
    assert not Participation.objects.exists()  # they may try again
    monkeypatch.undo()
    _answer_all(survey, [buyer])
    assert Participation.objects.count() == 1 and PendingResponse.objects.count() == 1


def test_an_anonymous_response_is_not_written_inside_another_transaction(center_staff, buyer):
    """Inside a caller's transaction the participation and the answers would share it: refused."""
    survey = _survey(center_staff)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        _answer_all(survey, [buyer])


@pytest.mark.django_db(transaction=True)
def test_the_migration_forgets_the_day_and_the_institution_and_shuffles_what_was_stored(monkeypatch, make_user):
    """Data as the old code wrote it — each response right after its participation, with the day, the
    institution and the role — comes out of migration 0002 with none of them and in random order."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("surveys")
    executor.migrate([("surveys", "0001_initial")])
    try:
        _migrate_old_data(monkeypatch, make_user, executor, latest)
    finally:
        MigrationExecutor(connection).migrate(latest)  # the next tests need the current tables


def _migrate_old_data(monkeypatch, make_user, executor, latest):
    old = executor.loader.project_state([("surveys", "0001_initial")]).apps
    officers = [make_user(Role.BUYER) for _ in range(OFFICERS)]
    survey = old.get_model("surveys", "Survey").objects.create(title="옛 설문", anonymous=True, status="closed")
    questions = old.get_model("surveys", "Question").objects
    question = questions.create(survey=survey, code="note", text="의견", kind="short")
    for index, officer in enumerate(officers):
        old.get_model("surveys", "Participation").objects.create(survey=survey, user_id=officer.pk)
        response = old.get_model("surveys", "Response").objects.create(
            survey=survey, submitted_on="2026-05-01", institution_id=officer.institution_id, role="buyer"
        )
        old.get_model("surveys", "Answer").objects.create(response=response, question=question, text=f"의견 {index}")
    participants = _participants_in_storage_order(officers)
    assert _matches(participants, _owners_in_storage_order(survey.pk)) == OFFICERS  # the old leak

    monkeypatch.setattr(random, "SystemRandom", lambda: random.Random(20261203))
    MigrationExecutor(connection).migrate(latest)
    assert _matches(participants, _owners_in_storage_order(survey.pk)) < CHANCE_BOUND
    assert set(Response.objects.values_list("submitted_on", flat=True)) == {None}
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "surveys_response")}
    assert columns == {"id", "survey_id", "respondent_id", "submitted_on"}
