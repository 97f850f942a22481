"""The database-busy middleware answers 503 only when the database really cannot answer now (locked, busy,
unreachable); any other database error — an integer overflow, a value out of range, a broken statement — is
logged and becomes a 500 (issue 24 item 5: one contract at 2⁶³−1 made every figures page a silent 503)."""

import logging
import sqlite3

import pytest
from django.db import connection
from django.urls import reverse

from procure.catalog.models import Category, Offering
from procure.core.middleware import database_unavailable

MIDDLEWARE_LOGGER = "procure.core.middleware"


@pytest.fixture
def offering(make_local_member):
    member = make_local_member()
    return Offering.objects.create(
        enterprise=member.enterprise, name="도시락", category=Category.objects.suppliable().first()
    )


def failing_toggle(monkeypatch, sql: str):
    """The shortlist button runs `sql` inside the request, on the request's own connection — a real driver error."""
    from procure.catalog import services

    def run(**kwargs):
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchall()

    monkeypatch.setattr(services, "shortlist_toggle", run)


def post_toggle(client, offering):
    client.raise_request_exception = False
    return client.post(reverse("catalog:shortlist_toggle", args=[offering.pk]))


def logged_errors(caplog):
    return [r for r in caplog.records if r.name == MIDDLEWARE_LOGGER and r.levelno >= logging.ERROR and r.exc_info]


OVERFLOW_SQL = {
    # SQLite adds in 64-bit integers and refuses a sum past 2⁶³−1 with an OperationalError.
    "sqlite": "SELECT SUM(x) FROM (SELECT 9223372036854775807 AS x UNION ALL SELECT 1 AS x)",
    # PostgreSQL sums bigints as numeric; bringing the sum back to bigint is a DataError.
    "postgresql": "SELECT (9223372036854775807::numeric + 1)::bigint",
}
OTHER_OPERATIONAL_SQL = {
    "sqlite": "SELECT * FROM no_such_table_at_all",  # sqlite3.OperationalError: no such table
    # psycopg's ProgramLimitExceeded (54011, an OperationalError): target lists can have at most 1664 entries.
    "postgresql": "SELECT " + ", ".join(["1"] * 1700),
}


@pytest.mark.django_db
def test_an_integer_overflow_is_a_logged_500_not_a_silent_503(client_for, buyer, offering, monkeypatch, caplog):
    failing_toggle(monkeypatch, OVERFLOW_SQL[connection.vendor])
    caplog.set_level(logging.INFO)
    response = post_toggle(client_for(buyer), offering)
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert logged_errors(caplog), "the overflow was not logged by the middleware"


@pytest.mark.django_db
def test_another_operational_error_is_a_logged_500(client_for, buyer, offering, monkeypatch, caplog):
    failing_toggle(monkeypatch, OTHER_OPERATIONAL_SQL[connection.vendor])
    caplog.set_level(logging.INFO)
    response = post_toggle(client_for(buyer), offering)
    assert response.status_code == 500
    assert logged_errors(caplog)


@pytest.mark.django_db
def test_figures_over_64_bits_are_a_logged_error_not_a_503(client_for, center_staff, buyer, caplog):
    """The finding itself: a roll-up near 2⁶³ (a contract written past every bound) and one more won in the same
    month. SQLite's SUM overflows: the figures page and the API must not pass that off as a busy database."""
    from procure.ledger.models import Rollup

    common = {"year": 2025, "month": 3, "institution": buyer.institution, "kind": "goods", "held_types": ""}
    Rollup.objects.create(**common, department=buyer.department, amount=2**63 - 1, count=1)
    Rollup.objects.create(**common, department=None, amount=1, count=1)
    caplog.set_level(logging.INFO)
    client = client_for(center_staff)
    client.raise_request_exception = False
    for url, query in [(reverse("performance:overview"), {"year": 2025}), ("/api/performance/2025", {})]:
        caplog.clear()
        response = client.get(url, query)
        assert response.status_code != 503, url
        if connection.vendor == "sqlite":
            assert response.status_code == 500 and logged_errors(caplog), url


def test_only_the_databases_own_busy_errors_are_owned():
    from django.db import DataError, IntegrityError, InterfaceError, OperationalError

    assert database_unavailable(OperationalError("database is locked")) == "locked"
    assert database_unavailable(OperationalError("connection to server at 127.0.0.1 failed: refused")) == "unreachable"
    assert database_unavailable(OperationalError("integer overflow")) is None
    assert database_unavailable(OperationalError("no such table: x")) is None
    assert database_unavailable(DataError("bigint out of range")) is None
    assert database_unavailable(IntegrityError("database is locked")) is None  # only its own kinds of error
    assert database_unavailable(InterfaceError("Error binding parameter 1: type 'dict' is not supported")) is None
    assert database_unavailable(ValueError("database is locked")) is None


def test_a_sqlite_error_is_read_by_its_code_not_its_words(tmp_path):
    from django.db import OperationalError

    def wrapped(raw, sql, words):
        try:
            raw.execute(sql).fetchall()
        except sqlite3.Error as error:
            try:
                raise OperationalError(words) from error
            except OperationalError as django_error:
                return django_error
        raise AssertionError("no error")

    path = tmp_path / "two.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    waiter = sqlite3.connect(path, isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    try:
        busy = wrapped(waiter, "BEGIN IMMEDIATE", "words that say nothing")
    finally:
        holder.execute("ROLLBACK")
    overflow = wrapped(waiter, "SELECT SUM(x) FROM (SELECT 9223372036854775807 AS x UNION ALL SELECT 1)", "locked?")
    holder.close()
    waiter.close()
    assert busy.__cause__.sqlite_errorname == "SQLITE_BUSY"
    assert database_unavailable(busy) == "locked"
    assert overflow.__cause__.sqlite_errorname == "SQLITE_ERROR"
    assert database_unavailable(overflow) is None


def test_postgresql_errors_are_read_by_their_sqlstate():
    psycopg = pytest.importorskip("psycopg")
    from django.db import OperationalError

    def wrapped(driver_error):
        try:
            raise OperationalError(str(driver_error)) from driver_error
        except OperationalError as error:
            return error

    assert database_unavailable(wrapped(psycopg.OperationalError("connection failed: refused"))) == "unreachable"
    assert database_unavailable(wrapped(psycopg.errors.AdminShutdown("terminating connection"))) == "unreachable"
    assert database_unavailable(wrapped(psycopg.errors.LockNotAvailable("lock timeout"))) == "locked"
    assert database_unavailable(wrapped(psycopg.errors.ProgramLimitExceeded("too many columns"))) is None
    assert database_unavailable(wrapped(psycopg.errors.DiskFull("could not extend file"))) is None


@pytest.mark.django_db(transaction=True)
def test_a_database_really_locked_still_gets_the_korean_503(client_for, buyer, offering, monkeypatch, caplog):
    """Another connection holds the write lock (SQLite) or the tables (PostgreSQL) past the request's wait."""
    from procure.catalog.models import ShortlistItem

    client = client_for(buyer)  # signed in before the lock is taken
    options = connection.settings_dict.setdefault("OPTIONS", {})
    if connection.vendor == "sqlite":
        monkeypatch.setitem(options, "timeout", 0.2)
        holder = sqlite3.connect(connection.settings_dict["NAME"], timeout=5, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        release = lambda: holder.execute("ROLLBACK")  # noqa: E731
    else:
        import psycopg

        params = {k: v for k, v in connection.get_connection_params().items() if k != "cursor_factory"}
        monkeypatch.setitem(options, "options", "-c lock_timeout=200")
        holder = psycopg.connect(**params)
        holder.execute("LOCK TABLE catalog_shortlist, catalog_shortlistitem IN ACCESS EXCLUSIVE MODE")
        release = holder.rollback
    connection.close()  # the request opens its own connection, with the short wait
    caplog.set_level(logging.INFO)
    try:
        response = post_toggle(client, offering)
    finally:
        release()
        holder.close()
        connection.close()
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "다시 시도해 주세요" in response.content.decode()
    assert not logged_errors(caplog)
    assert any(r.name == MIDDLEWARE_LOGGER and r.levelno == logging.WARNING for r in caplog.records)
    assert not ShortlistItem.objects.exists()
