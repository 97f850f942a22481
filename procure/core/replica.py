"""Dashboards may read from a read replica (a PostgreSQL standby): a database router and the views' marker.

Only what a view marks with `@reads_from_replica` goes there — pages that show figures and never write what
they then read back. Everything else, and every write, stays on the primary ("default"). The replica is an
alias in DATABASES (DATABASE_REPLICA_URL, settings) and is used when READ_REPLICA is on; a replica that lags
shows figures a moment older, which the figures' own cache does already.
"""

import contextvars
import functools
from contextlib import contextmanager

from django.conf import settings

REPLICA = "replica"
_reading = contextvars.ContextVar("reading_from_replica", default=False)


@contextmanager
def replica_reads():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with replica_reads():
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and settings.READ_REPLICA and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
