"""The client's address, for throttling, rate limits and the audit — through trusted proxies only.

Behind N proxies (`TRUSTED_PROXY_COUNT`, 0 by default: the server faces the clients), each proxy appends the
address it received the request from to `X-Forwarded-For`; the address the outermost trusted proxy saw is the
N-th entry from the right. Entries further left are whatever the client wrote and are never believed. With no
trusted proxy, or a header shorter than the proxies in front, `REMOTE_ADDR` is the client."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # not an address: a proxy that does not write the header as it should
        return remote
