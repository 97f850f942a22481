"""Backup and restore of the database, for both engines: SQLite through its online backup API (consistent
while the site runs), PostgreSQL through pg_dump / pg_restore (custom format). Uploaded files live under
MEDIA_ROOT and are copied with any file tool (docs/operations.md).

A restore gives the database a new identity (`core.dbidentity`) and forgets what the shared caches held for the
database it replaced: a backup restored into staging, or the same backup restored twice, is never served
figures cached for another state whose counters happen to match."""

import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.db import connection

from procure.core.dbidentity import cached_forget, identity_read_raw, identity_renew_raw
from procure.core.text import josa


class BackupError(Exception):
    pass


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name}{josa(name, '을/를')} 찾을 수 없습니다. PostgreSQL 클라이언트를 설치해 주세요.")
    return found


def _pg_args(settings: dict) -> list[str]:
    args = ["-h", settings.get("HOST") or "127.0.0.1", "-p", str(settings.get("PORT") or 5432)]
    if settings.get("USER"):
        args += ["-U", settings["USER"]]
    return args


def database_backup(target: Path) -> Path:
    settings = connection.settings_dict
    target = Path(target)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return target
    if connection.vendor == "postgresql":
        done = subprocess.run(  # noqa: S603 — arguments are settings, no shell
            [_tool("pg_dump"), "-Fc", "-f", str(target), *_pg_args(settings), settings["NAME"]],
            capture_output=True,
            text=True,
            env={"PGPASSWORD": settings.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"},
        )
        if done.returncode:
            raise BackupError(f"pg_dump 실패: {done.stderr.strip()}")
        return target
    raise BackupError(f"지원하지 않는 데이터베이스입니다: {connection.vendor}")


def database_restore(source: Path, *, database: str | None = None) -> None:
    """Restore `source` into the configured database (or into `database`, another PostgreSQL database or
    SQLite file). Stop the web and task processes first: everything in the target is replaced."""
    settings = connection.settings_dict
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"백업 파일을 찾을 수 없습니다: {source}")
    if database is None:
        connection.close()  # this process's own connection must not outlive the tables it knew
    if connection.vendor == "sqlite":
        target = database or settings["NAME"]
        with closing(sqlite3.connect(source)) as backup, closing(sqlite3.connect(target)) as live:
            replaced = identity_read_raw(live.cursor(), "sqlite")
            backup.backup(live)
            identity_renew_raw(live.cursor(), "sqlite")
            live.commit()
        cached_forget(replaced)
        return
    if connection.vendor == "postgresql":
        target = database or settings["NAME"]
        replaced = _pg_identity(settings, target, identity_read_raw)
        done = subprocess.run(  # noqa: S603
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                *_pg_args(settings),
                "-d",
                target,
                str(source),
            ],
            capture_output=True,
            text=True,
            env={"PGPASSWORD": settings.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"},
        )
        # Renewed even when pg_restore reported errors: part of the backup, its identity included, may be in.
        try:
            _pg_identity(settings, target, identity_renew_raw)
        except BackupError:
            if not done.returncode:
                raise
        cached_forget(replaced)
        if done.returncode:
            raise BackupError(f"pg_restore 실패: {done.stderr.strip()}")
        return
    raise BackupError(f"지원하지 않는 데이터베이스입니다: {connection.vendor}")


def _pg_identity(settings: dict, database: str, step):
    """Read or renew the identity of `database` (the configured one or another) on its own connection."""
    import psycopg

    try:
        with psycopg.connect(
            host=settings.get("HOST") or "127.0.0.1",
            port=settings.get("PORT") or 5432,
            user=settings.get("USER") or None,
            password=settings.get("PASSWORD") or None,
            dbname=database,
        ) as target:  # committed as the block ends
            return step(target.cursor(), "postgresql")
    except psycopg.Error as error:
        raise BackupError(f"데이터베이스 식별값을 읽거나 새로 만들지 못했습니다: {error}") from error
