"""Calling the public data portal: one list operation, every page (numOfRows 999), with the error envelopes read
by responses.py. Provider hiccups (codes 01/02/04/05, HTTP 5xx, a page that does not parse) are asked again a few
times; HTTP 429 is waited out when the service says how long and that is short; quota (22) and key errors are
raised for the collector to stop on. Standard library only (urllib)."""

import time
import urllib.error
import urllib.parse
import urllib.request

from procure.g2b.responses import Page, ServiceError, read_page

ROWS = 999  # the services' largest page; 1000 or more is silently reset to 10
MAX_PAGES = 1000  # a bound on a day: 999,000 items


class QuotaExceeded(ServiceError):
    kind = "quota"


class Client:
    def __init__(self, *, service_key: str, timeout: float = 60, retries: int = 2, quota_wait: float = 60, sleep=None):
        self.service_key = service_key
        self.timeout = timeout
        self.retries = retries
        self.quota_wait = quota_wait
        self.sleep = sleep or time.sleep
        self.calls = 0

    def items(self, url: str, params: dict) -> list[dict]:
        """Every item of the operation at `url` for `params`, page after page."""
        items: list[dict] = []
        for page_no in range(1, MAX_PAGES + 1):
            page = self.page(url, {**params, "numOfRows": ROWS, "pageNo": page_no})
            items.extend(page.items)
            # Until totalCount is reached — not ceil(total / 999) pages: a service that caps its pages lower
            # (one 나라장터 operation answers 500 at most) would otherwise lose the rest.
            if not page.items or len(items) >= page.total:
                break
        return items

    def page(self, url: str, params: dict) -> Page:
        attempt = 0
        while True:
            attempt += 1
            try:
                return read_page(self._get(url, params))
            except QuotaExceeded:
                raise
            except ServiceError as error:
                if error.kind == "quota":
                    raise QuotaExceeded(str(error), error.code) from None
                if error.kind not in ("retry", "malformed") or attempt > self.retries:
                    raise
                self.sleep(min(2**attempt, 10))

    def _get(self, url: str, params: dict) -> bytes:
        # The key as issued (일반 인증키 Decoding) is encoded here exactly once.
        if not url.startswith(("https://", "http://")):
            raise ValueError(f"not an http(s) address: {url}")
        query = urllib.parse.urlencode({"serviceKey": self.service_key, "type": "json", **params})
        request = urllib.request.Request(f"{url}?{query}", headers={"Accept": "application/json"})  # noqa: S310
        waited = False
        while True:
            self.calls += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    return response.read(64 * 1024 * 1024)
            except urllib.error.HTTPError as error:
                body = error.read(1024 * 1024)
                if error.code == 429:
                    wait = _seconds(error.headers.get("Retry-After"))
                    if not waited and wait is not None and wait <= self.quota_wait:
                        waited = True
                        self.sleep(wait)
                        continue
                    raise QuotaExceeded("공공데이터포털 호출 한도를 넘었습니다 (HTTP 429).", "429") from None
                if body.strip().startswith(b"<"):
                    return body  # the gateway's XML names the error
                failure = ServiceError(f"공공데이터포털이 HTTP {error.code} 오류로 답했습니다.", str(error.code))
                failure.kind = "retry" if error.code >= 500 else "request"
                raise failure from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                failure = ServiceError(f"공공데이터포털에 연결할 수 없습니다: {getattr(error, 'reason', error)}")
                failure.kind = "retry"
                raise failure from None


def _seconds(value) -> float | None:
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return None
