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
    """On SQLite a write waits for another writer (an import applying) up to its timeout; if that runs out,
    say so in Korean with a retry time instead of a server error. Nothing was written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import OperationalError
        from django.shortcuts import render

        if isinstance(exception, OperationalError) and "locked" in str(exception):
            response = render(request, "503.html", status=503)
            response["Retry-After"] = "10"
            return response
        return None
