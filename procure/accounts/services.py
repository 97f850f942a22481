"""Writes about accounts."""

import contextlib
import logging

from django.db import OperationalError, connection
from django.utils import timezone

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def _without_waiting():
    """On SQLite, fail at once instead of waiting for another writer (PostgreSQL locks rows, not the file)."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (previous,) = cursor.fetchone()
        cursor.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(previous)}")


def last_login_record(sender, user, **kwargs) -> None:
    """Note when someone signed in; best effort — while an import holds SQLite's write lock it is skipped
    rather than making the sign-in wait (the session itself is not in the database on SQLite)."""
    try:
        with _without_waiting():
            type(user)._default_manager.filter(pk=user.pk).update(last_login=timezone.now())
    except OperationalError:
        logger.info("last_login of user %s not recorded: the database is busy", user.pk)
