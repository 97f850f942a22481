"""Login throttling: after N failures for one account or one address, sign-in pauses for a while."""

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, ip: str) -> list[str]:
    return [f"login-fail:user:{(username or '').strip().lower()}", f"login-fail:ip:{ip}"]


def login_is_blocked(*, username: str, ip: str) -> bool:
    limit = settings.LOGIN_THROTTLE_ATTEMPTS
    return any((cache.get(key) or 0) >= limit for key in _keys(username, ip))


def login_failure_record(*, username: str, ip: str) -> None:
    for key in _keys(username, ip):
        cache.add(key, 0, timeout=settings.LOGIN_THROTTLE_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.LOGIN_THROTTLE_SECONDS)


def login_failures_clear(*, username: str, ip: str) -> None:
    cache.delete(_keys(username, "")[0])
