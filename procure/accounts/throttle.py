"""Login throttling: after N failures for one account, or many more from one address, sign-in pauses.

The per-address limit is much higher than the per-account one because a whole 구청 may reach us
from one NAT address; it only stops a single client from trying password after password.
"""

import hashlib
import unicodedata

from django.conf import settings
from django.core.cache import cache


def throttle_name(username: str) -> str:
    """The account a sign-in attempt is for, as authentication will see it: Django normalises usernames to
    NFKC before looking them up (UsernameField), so 'ｏfficer002' (fullwidth) is 'officer002'; case and
    surrounding spaces do not make another account either."""
    return unicodedata.normalize("NFKC", str(username or "")).strip().casefold()


# Not keyed on the database's identity (core.dbidentity), unlike cached figures: these count attempts at a name or
# from an address reaching this machine, not anything a database holds. A count shared with another database on
# the machine (a staging copy, a test run) can only make sign-in more cautious, never show another state's data.
def _account_key(username: str) -> str:
    # Hashed: a cache key must not carry arbitrary user text (length, control characters).
    digest = hashlib.sha256(throttle_name(username).encode()).hexdigest()
    return f"login-fail:user:{digest}"


def _address_key(ip: str) -> str:
    return f"login-fail:ip:{ip}"


def login_is_blocked(*, username: str, ip: str) -> bool:
    return (cache.get(_account_key(username)) or 0) >= settings.LOGIN_THROTTLE_ATTEMPTS or (
        cache.get(_address_key(ip)) or 0
    ) >= settings.LOGIN_THROTTLE_ATTEMPTS_PER_ADDRESS


def login_failure_record(*, username: str, ip: str) -> None:
    for key in (_account_key(username), _address_key(ip)):
        cache.add(key, 0, timeout=settings.LOGIN_THROTTLE_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_THROTTLE_SECONDS)


def login_failures_clear(*, username: str, ip: str) -> None:
    # Only the account's count: signing in to one's own account must not reset an address's count.
    cache.delete(_account_key(username))
