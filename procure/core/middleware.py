def _policy(style_src: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            f"style-src {style_src}",
            "script-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


CONTENT_SECURITY_POLICY = _policy("'self'")
# Django's admin templates carry a few style="" attributes.
ADMIN_CONTENT_SECURITY_POLICY = _policy("'self' 'unsafe-inline'")


class ContentSecurityPolicyMiddleware:
    """Only our own scripts, styles and fonts run (no inline script, no CDN)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = ADMIN_CONTENT_SECURITY_POLICY if request.path.startswith("/admin/") else CONTENT_SECURITY_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
