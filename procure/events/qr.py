"""Check-in QR codes, made here (segno): the code opens the check-in page with the code filled in."""

import io

from django.conf import settings
from django.urls import reverse


def checkin_url(registration) -> str:
    return settings.SITE_URL + reverse("events:checkin", args=[registration.event_id]) + f"?code={registration.code}"


def checkin_qr_png(registration, *, scale: int = 6) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(checkin_url(registration), error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def checkin_qr_svg(registration) -> str:
    """Inline SVG for pages (no image request, no inline style: fits the CSP)."""
    import segno

    buffer = io.BytesIO()
    segno.make(checkin_url(registration), error="m").save(
        buffer, kind="svg", scale=5, border=2, xmldecl=False, svgns=True, title="참가 확인 QR 코드"
    )
    return buffer.getvalue().decode()
