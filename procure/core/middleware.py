import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost

logger = logging.getLogger(__name__)


def content_security_policy(*, script_src: str, style_src: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            f"style-src {style_src}",
            f"script-src {script_src}",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def static_source(request) -> str:
    """Where scripts may come from: the static files only, never 'self' as a whole — user uploads are
    served from this origin too, and must never be loadable as a script (core/uploads.py)."""
    if settings.STATIC_URL.startswith(("http://", "https://")):
        return settings.STATIC_URL
    try:
        return f"{request.scheme}://{request.get_host()}{settings.STATIC_URL}"
    except DisallowedHost:
        return "'none'"


class ContentSecurityPolicyMiddleware:
    """Only our own scripts, styles and fonts run (no inline script, no CDN, nothing uploaded)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        static = static_source(request)
        # Django's admin templates carry a few style="" attributes.
        style_src = f"{static} 'unsafe-inline'" if request.path.startswith("/admin/") else static
        response.headers.setdefault(
            "Content-Security-Policy", content_security_policy(script_src=static, style_src=style_src)
        )
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


# SQLite's primary result codes for another connection holding the lock past the timeout.
SQLITE_BUSY, SQLITE_LOCKED = 5, 6
# PostgreSQL SQLSTATEs of a server that cannot answer now: class 08 (the connection failed or broke), the server
# shutting down, crashed or starting (57P01-57P03), out of connection slots (53300), a lock not granted in
# time (55P03), and transactions that lost a conflict and may simply be run again (40001, 40P01).
PG_BUSY_STATES = {"57P01", "57P02", "57P03", "53300", "55P03", "40001", "40P01"}
# When the error carries no driver exception to read (raised by hand, or from another layer), its words.
LOCKED_WORDS = ("database is locked", "database table is locked", "database schema is locked")
UNREACHABLE_WORDS = (
    "connection refused",
    "could not connect",
    "connection failed",
    "connection to server",
    "server closed the connection",
    "terminating connection",
    "the database system is",
    "connection is closed",
    "connection already closed",
    "no connection to the server",
    "too many clients",
)


def database_unavailable(exception) -> str | None:
    """'locked' or 'unreachable' when `exception` says the database cannot answer right now (and the same request
    may succeed in a moment); None for every other database error — a failed statement, an integer overflow, a
    value out of range, a missing table — which is a fault to be seen, not a busy database."""
    import sqlite3

    from django.db import InterfaceError, OperationalError

    if not isinstance(exception, OperationalError | InterfaceError):
        return None
    cause = exception.__cause__
    if isinstance(cause, sqlite3.Error) and getattr(cause, "sqlite_errorcode", None) is not None:
        return "locked" if (cause.sqlite_errorcode & 0xFF) in (SQLITE_BUSY, SQLITE_LOCKED) else None
    try:
        import psycopg
    except ImportError:  # pragma: no cover — psycopg is a dependency
        psycopg = None
    if psycopg is not None and isinstance(cause, psycopg.Error):
        if isinstance(cause, psycopg.OperationalError):
            state = cause.sqlstate
            # No SQLSTATE: the server never answered (refused, closed the connection, the connection is gone).
            if state is None or state.startswith("08") or state in PG_BUSY_STATES:
                return "locked" if state == "55P03" else "unreachable"
            return None
        return "unreachable" if "closed" in str(cause) else None
    text = str(exception).lower()
    if any(words in text for words in LOCKED_WORDS):
        return "locked"
    if any(words in text for words in UNREACHABLE_WORDS):
        return "unreachable"
    return None


class DatabaseBusyMiddleware:
    """When the database cannot answer — SQLite's write lock held past its timeout by an import, or a
    PostgreSQL server restarting — say so in Korean with a retry time instead of a server error. Nothing was
    written; the next request reconnects by itself.

    Only those errors: any other database error (an integer overflow, a value out of range, a broken query) is
    logged with its traceback and left to Django, which answers 500 — a fault must never pass for a busy
    database, silently, on every request that meets it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import DatabaseError
        from django.shortcuts import render

        if not isinstance(exception, DatabaseError):
            return None
        why = database_unavailable(exception)
        if why is None:
            logger.exception(
                "Database error on %s %s — not a busy database: answered as a server error",
                request.method,
                request.path,
                exc_info=exception,
            )
            return None  # Django raises it again: a 500, logged by django.request as well
        logger.warning("Database %s on %s %s: answered 503 — %s", why, request.method, request.path, exception)
        # Django closes a connection that saw an error at the end of the request if it is unusable
        # (close_if_unusable_or_obsolete), so the next request reconnects by itself.
        try:
            response = render(request, "503.html", {"locked": why == "locked"}, status=503)
        except Exception:  # noqa: BLE001 — the page itself may need the database (the menu): plain text then
            from django.http import HttpResponse

            response = HttpResponse(
                "데이터베이스에 잠시 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        response["Retry-After"] = "10"
        return response
