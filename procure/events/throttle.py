"""Limits on registering for an event without an account: per client address and per event, each counted in
clock hours in the default cache (every web process sees it; docs/operations.md, "Shared state").

The per-event count is only touched by an address still within its own limit, so one address cannot use up an
event's hour on its own. Signed-in officers are not counted: their accounts were made by staff and their
registrations are audited under their name. The address is the kernel's `client_address` (through the trusted
proxies of TRUSTED_PROXY_COUNT, procure/core/client.py).
"""

import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def _hit(key: str, limit: int) -> bool:
    """Count one attempt under `key`; True when it is over `limit`."""
    cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS + 60)
        count = 1
    return count > limit


def registration_attempt(*, event_id: int, address: str) -> int | None:
    """Count an attempt to register for the event from the address. None when it may go on; otherwise the
    seconds until the hour is over (the attempt is refused and nothing is written)."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    wait = max(1, int((window + 1) * WINDOW_SECONDS - now))
    if _hit(f"event-register:addr:{address}:{window}", settings.EVENT_REGISTRATIONS_PER_ADDRESS):
        return wait
    if _hit(f"event-register:event:{event_id}:{window}", settings.EVENT_REGISTRATIONS_PER_EVENT):
        return wait
    return None
