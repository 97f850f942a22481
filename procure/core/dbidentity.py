"""The database's identity: a random token stored in the database (`core.DatabaseIdentity`), made by the
migration and anew by every restore (`core.backup.database_restore`).

Caches that are shared by every database on a machine (the default and progress caches: files under var/cache
or one Redis) and per-process caches of what a database holds key their entries on it with `identity_key`.
A version counter alone is never a key: it starts again in a restored backup, a staging copy or a test database,
and would serve another state's figures (issue 24)."""

import uuid

from django.core.cache import caches

from procure.core.models import DatabaseIdentity

TABLE = DatabaseIdentity._meta.db_table
# The caches whose entries of a database a restore forgets (`cached_forget`).
IDENTITY_CACHES = ("default", "progress")


def token_new() -> str:
    return uuid.uuid4().hex


def database_identity() -> str:
    """This database's token: one read by primary key (made here when a flush of the tables left none)."""
    token = DatabaseIdentity.objects.filter(pk=1).values_list("token", flat=True).first()
    if token is None:
        token = DatabaseIdentity.objects.get_or_create(pk=1, defaults={"token": token_new()})[0].token
    return token


def database_identity_renew() -> str:
    """Give the configured database a new identity: whatever was cached under the old one is never read again."""
    token = token_new()
    DatabaseIdentity.objects.update_or_create(pk=1, defaults={"token": token})
    return token


def identity_prefix(token: str) -> str:
    return f"db:{token}:"


def identity_key(name: str, *parts, token: str | None = None) -> str:
    """A cache key of this database: `db:<identity>:<name>:<part>:…` (pass `token` when it was read already)."""
    return identity_prefix(token or database_identity()) + ":".join([name, *map(str, parts)])


# --- on a database that is not (or not yet) the configured one: a restore's target, through DB-API ---------


def _table_exists(cursor, vendor: str) -> bool:
    if vendor == "sqlite":
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [TABLE])
        return cursor.fetchone() is not None
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [TABLE])
    return bool(cursor.fetchone()[0])


def identity_read_raw(cursor, vendor: str) -> str | None:
    """The identity of the database `cursor` is on, or None when it has none (a fresh file, an old backup)."""
    if not _table_exists(cursor, vendor):
        return None
    cursor.execute(f"SELECT token FROM {TABLE} WHERE id = 1")  # noqa: S608 — the model's own table name
    row = cursor.fetchone()
    return row[0] if row else None


def identity_renew_raw(cursor, vendor: str) -> str | None:
    """Give the database `cursor` is on a new identity (the caller commits). A database restored from a backup
    older than the identity has no table: the migration that makes it makes a new identity too."""
    if not _table_exists(cursor, vendor):
        return None
    token = token_new()
    placeholder = "?" if vendor == "sqlite" else "%s"
    cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
    cursor.execute(f"INSERT INTO {TABLE} (id, token) VALUES (1, {placeholder})", [token])  # noqa: S608
    return token


def cached_forget(token: str | None) -> None:
    """Forget what the shared caches hold for a database identity (after a restore replaced that database).

    Redis: its keys are deleted by prefix; other databases' entries, sessions and login limits stay. Files
    cannot be listed by key (their names are hashes): the default cache is cleared whole — figures of other
    databases on the machine are summed again, login and API limits start over — and the progress cache is left,
    so that an import running on another database keeps its heartbeat; the replaced identity's entries there are
    never read again (nothing has that identity any more) and expire within hours."""
    from django.core.cache.backends.redis import RedisCache

    for alias in IDENTITY_CACHES:
        cache = caches[alias]
        if isinstance(cache, RedisCache):
            if token:
                client = cache._cache.get_client(write=True)
                keys = list(client.scan_iter(match=cache.make_key(identity_prefix(token) + "*"), count=1000))
                if keys:
                    client.delete(*keys)
        elif alias == "default":
            cache.clear()
