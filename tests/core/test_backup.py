"""Backup and restore round trip on the configured database (issue 16, item 5): the figures' roll-ups, the
ledger and the audit trail come back identical."""

import datetime
import io
import sqlite3

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from procure.core.services import audit
from procure.ledger.services import rollups_rebuild
from tests.factories import DepartmentFactory, PurchaseRecordFactory

TABLES = {
    "ledger_rollup": "SELECT year, month, institution_id, department_id, kind, held_types, amount FROM ledger_rollup",
    "ledger_purchaserecord": "SELECT identity, amount, CAST(contract_date AS TEXT) FROM ledger_purchaserecord",
    "core_auditevent": "SELECT action, object_repr, CAST(created_at AS TEXT) FROM core_auditevent",
}


def snapshot(cursor) -> dict:
    result = {}
    for name, query in TABLES.items():
        cursor.execute(query)
        result[name] = sorted(map(tuple, cursor.fetchall()), key=repr)
    return result


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_to_identical_figures_and_audit_trail(tmp_path):
    department = DepartmentFactory()
    for index in range(5):
        PurchaseRecordFactory(
            department=department, amount=1_000 * (index + 1), contract_date=datetime.date(2025, 3, index + 1)
        )
    rollups_rebuild()
    audit(actor=None, action="test.backup.made", after={"note": "백업 전"})
    with connection.cursor() as cursor:
        before = snapshot(cursor)
    assert before["ledger_rollup"] and before["core_auditevent"]

    backup = tmp_path / "procure.backup"
    call_command("backup_database", str(backup), stdout=io.StringIO())
    assert backup.stat().st_size > 0
    from procure.core.backup import database_restore

    if connection.vendor == "sqlite":
        target = tmp_path / "restored.sqlite3"
        database_restore(backup, database=str(target))
        with sqlite3.connect(target) as restored:
            after = snapshot(restored.cursor())
    else:
        settings = connection.settings_dict
        admin = psycopg.connect(
            host=settings["HOST"] or "127.0.0.1",
            port=settings["PORT"] or 5432,
            user=settings["USER"],
            dbname="postgres",
            autocommit=True,
        )
        admin.execute("DROP DATABASE IF EXISTS procure_restore_test WITH (FORCE)")
        admin.execute("CREATE DATABASE procure_restore_test")
        try:
            database_restore(backup, database="procure_restore_test")
            with psycopg.connect(
                host=settings["HOST"] or "127.0.0.1",
                port=settings["PORT"] or 5432,
                user=settings["USER"],
                dbname="procure_restore_test",
            ) as restored:
                after = snapshot(restored.cursor())
        finally:
            admin.execute("DROP DATABASE IF EXISTS procure_restore_test WITH (FORCE)")
            admin.close()
    assert after == before


def test_restore_asks_before_replacing_everything(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_database", str(tmp_path / "x"), stdout=io.StringIO())
