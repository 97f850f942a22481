"""ETag and Last-Modified for the API: a client that asks again with If-None-Match gets 304 and no body."""

import hashlib

from django.utils.cache import get_conditional_response
from django.utils.http import http_date


class ApiConditionalGetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/") or request.method not in ("GET", "HEAD"):
            return response
        if response.status_code != 200 or response.streaming:
            return response
        response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        if not response.has_header("Last-Modified"):
            from procure.ledger.models import LedgerBatch

            last = LedgerBatch.objects.order_by("-imported_at").values_list("imported_at", flat=True).first()
            if last is not None:
                response["Last-Modified"] = http_date(last.timestamp())
        response["Cache-Control"] = "public, max-age=60"
        return get_conditional_response(request, etag=response["ETag"], response=response)
