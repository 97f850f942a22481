"""Backup and restore of the database, for both engines: SQLite through its online backup API (consistent
while the site runs), PostgreSQL through pg_dump / pg_restore (custom format). Uploaded files live under
MEDIA_ROOT and are copied with any file tool (docs/operations.md)."""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    pass


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name}을(를) 찾을 수 없습니다. PostgreSQL 클라이언트를 설치해 주세요.")
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
    if connection.vendor == "sqlite":
        target = database or settings["NAME"]
        with sqlite3.connect(source) as backup, sqlite3.connect(target) as live:
            backup.backup(live)
        return
    if connection.vendor == "postgresql":
        done = subprocess.run(  # noqa: S603
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                *_pg_args(settings),
                "-d",
                database or settings["NAME"],
                str(source),
            ],
            capture_output=True,
            text=True,
            env={"PGPASSWORD": settings.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"},
        )
        if done.returncode:
            raise BackupError(f"pg_restore 실패: {done.stderr.strip()}")
        return
    raise BackupError(f"지원하지 않는 데이터베이스입니다: {connection.vendor}")
