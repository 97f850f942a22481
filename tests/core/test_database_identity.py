"""The database's identity (issue 24, item 4): a token in the database that every cache shared across databases
keys its entries on, renewed by a restore, which also forgets what was cached for the database it replaced."""

import io
import os
import sqlite3
import uuid

import psycopg
import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

from procure.core.dbidentity import (
    cached_forget,
    database_identity,
    database_identity_renew,
    identity_key,
    identity_read_raw,
)
from procure.core.models import DatabaseIdentity
from procure.core.progress import heartbeat_read, heartbeat_write, progress_read, progress_write

REDIS_URL = os.environ.get("TEST_CACHE_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def file_caches(settings, tmp_path):
    """The shared caches as production configures them without Redis: files on the machine's disk."""
    settings.CACHES = {
        name: {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / name)}
        for name in settings.CACHES
    }
    yield
    for cache in caches.all():
        cache.clear()


@pytest.mark.django_db
def test_the_identity_is_stored_in_the_database_and_stays_until_renewed():
    token = database_identity()
    assert len(token) == 32 and DatabaseIdentity.objects.get(pk=1).token == token
    assert database_identity() == token
    renewed = database_identity_renew()
    assert renewed != token and database_identity() == renewed
    assert identity_key("year-figures", 2025, None) == f"db:{renewed}:year-figures:2025:None"


@pytest.mark.django_db
def test_a_database_whose_identity_row_was_flushed_makes_one():
    DatabaseIdentity.objects.all().delete()
    token = database_identity()
    assert DatabaseIdentity.objects.get(pk=1).token == token


@pytest.mark.django_db
def test_import_progress_of_one_database_is_not_read_by_another(file_caches):
    progress_write(7, 100, 1_000)
    heartbeat_write(7)
    assert progress_read(7) == (100, 1_000) and heartbeat_read(7) is not None
    database_identity_renew()  # job 7 of another database, or of a restored backup
    assert progress_read(7) is None and heartbeat_read(7) is None


def _snapshot_identity(target) -> str | None:
    """The identity of a restored database that is not the configured one."""
    if connection.vendor == "sqlite":
        with sqlite3.connect(target) as restored:
            return identity_read_raw(restored.cursor(), "sqlite")
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432, user=settings["USER"], dbname=target
    ) as restored:
        return identity_read_raw(restored.cursor(), "postgresql")


@pytest.mark.django_db(transaction=True)
def test_a_restore_renews_the_identity_and_forgets_what_was_cached(file_caches, tmp_path):
    before = database_identity()
    figures = identity_key("year-figures", 2025)
    caches["default"].set(figures, "figures of the state being replaced")
    backup = tmp_path / "procure.backup"
    call_command("backup_database", str(backup), stdout=io.StringIO())

    call_command("restore_database", str(backup), "--yes", stdout=io.StringIO())

    after = database_identity()
    assert after != before  # the backup carried `before`: the restore made a new one
    assert caches["default"].get(figures) is None
    assert identity_key("year-figures", 2025) != figures


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_another_database_gets_an_identity_of_its_own(tmp_path):
    from procure.core.backup import database_restore

    source = database_identity()
    backup = tmp_path / "procure.backup"
    call_command("backup_database", str(backup), stdout=io.StringIO())
    if connection.vendor == "sqlite":
        target = str(tmp_path / "staging.sqlite3")
        database_restore(backup, database=target)
        copied = _snapshot_identity(target)
    else:
        target = f"procure_identity_{uuid.uuid4().hex[:8]}"
        settings = connection.settings_dict
        with psycopg.connect(
            host=settings["HOST"] or "127.0.0.1",
            port=settings["PORT"] or 5432,
            user=settings["USER"],
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(f'CREATE DATABASE "{target}"')
            try:
                database_restore(backup, database=target)
                copied = _snapshot_identity(target)
            finally:
                admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    assert copied and copied != source
    assert database_identity() == source  # the configured database is untouched


def test_forgetting_on_redis_deletes_only_the_replaced_databases_entries(settings):
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("REQUIRE_REDIS"):
            raise
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    client.flushdb()
    settings.CACHES = {
        name: {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": name}
        for name in ("default", "progress", "sessions")
    }
    try:
        replaced, other = "a" * 32, "b" * 32
        caches["default"].set(identity_key("year-figures", 2025, token=replaced), 1)
        caches["progress"].set(identity_key("import-job-heartbeat", 7, token=replaced), 1)
        caches["default"].set(identity_key("year-figures", 2025, token=other), 2)
        caches["progress"].set(identity_key("import-job-heartbeat", 7, token=other), 2)
        caches["default"].set("login-fail:ip:10.0.0.1", 3)
        caches["sessions"].set("session-key", 4)

        cached_forget(replaced)

        assert caches["default"].get(identity_key("year-figures", 2025, token=replaced)) is None
        assert caches["progress"].get(identity_key("import-job-heartbeat", 7, token=replaced)) is None
        assert caches["default"].get(identity_key("year-figures", 2025, token=other)) == 2
        assert caches["progress"].get(identity_key("import-job-heartbeat", 7, token=other)) == 2
        assert caches["default"].get("login-fail:ip:10.0.0.1") == 3
        assert caches["sessions"].get("session-key") == 4
    finally:
        client.flushdb()


# --- per-process caches of what a database holds ------------------------------------------------------------


@pytest.mark.django_db
def test_the_purchase_classifier_learnt_from_one_database_is_not_used_for_another():
    from procure.insights.selectors import classifier, forget_model

    forget_model()
    try:
        first = classifier()
        assert classifier() is first
        database_identity_renew()  # the counters it was keyed on are where they were; the database is not
        assert classifier() is not first
    finally:
        forget_model()


@pytest.mark.django_db
def test_two_databases_whose_catalog_never_changed_do_not_share_search_index_files():
    from procure.catalog import search_index
    from procure.catalog.models import SearchIndexState

    SearchIndexState.objects.all().delete()
    first = search_index._directory(*search_index._state())
    database_identity_renew()
    assert search_index._directory(*search_index._state()) != first
