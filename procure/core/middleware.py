from django.conf import settings
from django.core.exceptions import DisallowedHost


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


class DatabaseBusyMiddleware:
    """When the database cannot answer — SQLite's write lock held past its timeout by an import, or a
    PostgreSQL server restarting — say so in Korean with a retry time instead of a server error. Nothing was
    written; the next request reconnects by itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError
        from django.shortcuts import render

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # Django closes a connection that saw an error at the end of the request if it is unusable
        # (close_if_unusable_or_obsolete), so the next request reconnects by itself.
        locked = "locked" in str(exception)
        try:
            response = render(request, "503.html", {"locked": locked}, status=503)
        except Exception:  # noqa: BLE001 — the page itself may need the database (the menu): plain text then
            from django.http import HttpResponse

            response = HttpResponse(
                "데이터베이스에 잠시 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        response["Retry-After"] = "10"
        return response
