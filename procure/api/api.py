"""The platform's public API (django-ninja): read endpoints for open data, and one write endpoint for an
institution's finance system to push ledger lines with its token. OpenAPI at /api/openapi.json, docs at /api/docs.

Every list is paginated by an opaque cursor (`next`), every response carries an ETag (a repeated request with
If-None-Match gets 304, see `middleware.py`), and every client — a real token, or else an address — is rate
limited with a clear 429 in Korean; wrong tokens are slowed per address.
"""

from __future__ import annotations

import base64
import datetime
import math
import threading
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from procure.api import services
from procure.api.docs import KrdsDocs
from procure.api.errors import validation_error_body
from procure.api.models import ApiToken, hash_token
from procure.catalog.models import Offering
from procure.catalog.search import search
from procure.core.client import client_address
from procure.enterprises.models import Certification, Enterprise, EnterpriseType
from procure.events.selectors import public_events
from procure.ledger.imports import LedgerImporter
from procure.ledger.models import PurchaseRecord
from procure.performance.models import Regime
from procure.performance.selectors import report

READ_LIMIT_PER_MINUTE = 120
WRITE_LIMIT_PER_MINUTE = 30
MAX_PAGE = 200

api = NinjaAPI(
    title="관악구 사회적경제 공공구매 API",
    version="1",
    description=(
        "관악구 사회적경제기업, 품목, 기관별 구매실적, 행사, 공개 계약을 읽고, 기관의 재무 시스템이 구매 장부를 "
        "올리는 API입니다. 목록은 `cursor`로 넘기며(`next`), 응답마다 ETag가 붙습니다. 같은 클라이언트(유효한 토큰, "
        f"없으면 접속 주소)는 1분에 {READ_LIMIT_PER_MINUTE}회까지 읽을 수 있고, 넘으면 429와 Retry-After를 받습니다. "
        "틀린 토큰은 주소별로 1분에 "
        f"{settings.API_TOKEN_FAILURES_PER_ADDRESS}번까지이고, 넘으면 그 주소의 토큰은 1분 동안 429로 거절됩니다. "
        "이용 조건: 공공누리 제1유형(출처표시)."
    ),
    urls_namespace="api",
    docs=KrdsDocs(),
)


# --- callers, limits and errors -----------------------------------------------------------------------
#
# A limit is kept per caller as it really is: a token that exists and is not revoked, else the client's address.
# A made-up token is no one: it reads in its address's bucket, and it counts as a failed attempt for that address;
# after API_TOKEN_FAILURES_PER_ADDRESS failures in a minute no token from that address is looked up (429) until the
# minute has passed — on the write and on the reads alike, since a read that gets its own bucket would also tell a
# guessed token from a wrong one. The counting is django-ninja's (SimpleRateThrottle: a sliding minute kept in the
# default cache), keyed by us instead of on any text the client sends (its own keys trust X-Forwarded-For).


def _address(request: HttpRequest) -> str:
    """The client's address for limits: REMOTE_ADDR, or X-Forwarded-For through the trusted proxies only
    (TRUSTED_PROXY_COUNT, procure/core/client.py)."""
    return client_address(request)


def _bearer(request: HttpRequest) -> str:
    """The token of an `Authorization: Bearer …` header, parsed as ninja's HttpBearer does; "" when there is none."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@dataclass(frozen=True)
class Address:
    """A caller known only by its address (no token, or one that is not real)."""

    ip: str


class CallerThrottle(SimpleRateThrottle):
    """ninja's sliding-window throttle keyed on the caller: `token:<id>` for a real token, else `addr:<ip>`.

    ninja keeps one throttle per operation and leaves a request's history on it between allow_request() and
    wait(); here that state is per thread, so two requests served at once by threads never mix their counts."""

    cache = caches["default"]

    def __init__(self, scope: str, rate: str):
        self.scope = scope
        self._local = threading.local()
        super().__init__(rate)

    key = property(lambda self: self._local.key, lambda self, value: setattr(self._local, "key", value))
    history = property(lambda self: self._local.history, lambda self, value: setattr(self._local, "history", value))
    now = property(lambda self: self._local.now, lambda self, value: setattr(self._local, "now", value))

    def get_ident(self, request: HttpRequest) -> str:
        return _address(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        caller = getattr(request, "auth", None)
        ident = f"token:{caller.pk}" if isinstance(caller, ApiToken) else f"addr:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TokenFailures(CallerThrottle):
    """Failed token attempts per address, in the same sliding minute: looked at before a token is looked up,
    counted only when it was not real."""

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": f"addr:{self.get_ident(request)}"}

    def blocked(self, request: HttpRequest) -> float | None:
        """Seconds until this address may try a token again, or None."""
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]
        if len(self.history) < self.num_requests:
            return None
        return self.duration - (self.now - self.history[-1])

    def record(self, request: HttpRequest) -> None:
        self.blocked(request)
        self.throttle_success()


READ_THROTTLE = CallerThrottle("api_read", f"{READ_LIMIT_PER_MINUTE}/min")
TOKEN_FAILURES = TokenFailures("api_token_failures", f"{settings.API_TOKEN_FAILURES_PER_ADDRESS}/min")


class TokenAttemptsExceeded(Exception):
    def __init__(self, wait: float):
        super().__init__(wait)
        self.wait = wait


def _real_token(request: HttpRequest, raw: str, *, find=None) -> ApiToken | None:
    """The token `raw` if it exists and is not revoked; a wrong one counts against the address, and an address
    over its failures gets no look-up at all (TokenAttemptsExceeded, answered 429)."""
    wait = TOKEN_FAILURES.blocked(request)
    if wait is not None:
        raise TokenAttemptsExceeded(wait)
    token = (find or _token_for_reading)(raw)
    if token is None:
        TOKEN_FAILURES.record(request)
    return token


def _token_for_reading(raw: str) -> ApiToken | None:
    # No last_used_at write on a read (on SQLite a write would wait behind an import's lock); pushes record it.
    return ApiToken.objects.filter(token_hash=hash_token(raw), revoked_at__isnull=True).first()


class Reader:
    """Who is reading, for the read limit: a real token, else the address. Never refuses (reads are open data),
    so it declares no security scheme in the OpenAPI document; a wrong token still counts as a failed attempt."""

    def __call__(self, request: HttpRequest) -> ApiToken | Address:
        raw = _bearer(request)
        token = _real_token(request, raw) if raw else None
        return token if token is not None else Address(_address(request))


READER = Reader()


def _limit(request: HttpRequest, per_minute: int) -> None:
    """The write's limit, called from inside push_lines (after its token was checked): the same ninja throttle,
    in its own scope, keyed on the token."""
    throttle = CallerThrottle("api_write", f"{per_minute}/min")
    if not throttle.allow_request(request):
        raise Throttled(wait=throttle.wait())


def _in_words(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return " ".join(part for part in (f"{minutes}분" if minutes else "", f"{rest}초" if rest else "") if part)


def _too_many(request, detail: str, wait: float | None):
    seconds = max(1, math.ceil(wait)) if wait is not None else 60
    response = api.create_response(request, {"detail": detail.format(after=_in_words(seconds))}, status=429)
    response["Retry-After"] = str(seconds)
    return response


@api.exception_handler(Throttled)
def rate_limited(request, exc):
    return _too_many(request, "요청이 너무 많습니다. {after} 뒤에 다시 시도해 주세요.", exc.wait)


@api.exception_handler(ValidationError)
def invalid_request(request, exc):
    """422 as ninja gives it, in Korean (errors.py)."""
    return api.create_response(request, validation_error_body(exc.errors), status=422)


@api.exception_handler(RequestDataTooBig)
def body_too_big(request, exc):
    """Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE before anything reads it; say so in Korean (413)."""
    most = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    detail = (
        f"요청 본문이 너무 큽니다 ({most:,}MB까지). 장부는 한 번에 {MAX_PUSH_LINES:,}줄까지이니 나누어 보내 주세요."
        if most
        else "요청 본문이 너무 큽니다. 나누어 보내 주세요."
    )
    return api.create_response(request, {"detail": detail}, status=413)


@api.exception_handler(TokenAttemptsExceeded)
def token_attempts_exceeded(request, exc):
    detail = "맞지 않는 토큰으로 너무 자주 시도했습니다. {after} 뒤에 다시 시도해 주세요."
    return _too_many(request, detail, exc.wait)


def _cursor(value: int | None) -> str | None:
    return None if value is None else base64.urlsafe_b64encode(str(value).encode()).decode()


def _after(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, UnicodeDecodeError) as error:
        raise HttpError(400, "cursor 값이 올바르지 않습니다. 앞 응답의 next 값을 그대로 쓰세요.") from error


# --- schemas ------------------------------------------------------------------------------------------


class Period(Schema):
    type: str
    type_label: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None


class EnterpriseOut(Schema):
    id: int
    name: str
    business_no: str
    types: list[str]
    periods: list[Period]
    categories: list[str]
    phone: str
    address: str
    homepage: str


class EnterprisePage(Schema):
    items: list[EnterpriseOut]
    next: str | None


class OfferingOut(Schema):
    id: int
    name: str
    kind: str
    category: str
    enterprise_id: int
    enterprise: str
    unit_price: int | None
    unit: str


class OfferingPage(Schema):
    items: list[OfferingOut]
    next: str | None


class EventOut(Schema):
    id: int
    title: str
    kind: str
    date: datetime.date
    venue: str
    capacity: int
    status: str


class ReversalOut(Schema):
    recorded_at: datetime.datetime
    amount: int
    reason: str


class ContractOut(Schema):
    ocid: str
    institution: str
    department: str
    contract_date: datetime.date
    title: str
    kind: str
    method: str
    amount: int
    supplier: str
    supplier_business_no: str
    social_economy_types: list[str]
    reversed_amount: int = Field(0, description="환수·계약 해제로 되돌린 금액 (원)")
    net_amount: int = Field(..., description="계약금액에서 되돌린 금액을 뺀 금액 (실적에 세는 금액, 원)")
    reversals: list[ReversalOut] = Field(default_factory=list, description="되돌림: 기록 일시, 금액, 사유")


class ContractPage(Schema):
    items: list[ContractOut]
    next: str | None


class Problem(Schema):
    detail: str


MAX_PUSH_LINES = 5000


class LineIn(Schema):
    """One line, checked as a record by the file import's rules (never turned into text and read again)."""

    institution: str = Field("", max_length=200, description="비우면 토큰의 기관; 다른 기관이면 거절")
    department: str = Field("", max_length=200)
    contract_date: str = Field(..., max_length=30)
    title: str = Field(..., max_length=1000)
    kind: str = Field(..., max_length=20)
    method: str = Field("", max_length=40)
    amount: int | str = Field(..., description="원 단위 정수 (0원 초과, 100조 원 이하)")
    supplier: str = Field(..., max_length=400)
    business_no: str = Field(..., max_length=40)
    category: str = Field("", max_length=100)


class LinesIn(Schema):
    lines: list[LineIn] = Field(..., max_length=MAX_PUSH_LINES)


class RowError(Schema):
    row: int | None = Field(None, description="틀린 줄의 번호 (올린 lines의 1부터 센 순서)")
    column: str | None = None
    message: str


class PushResult(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: list[RowError]


# --- read endpoints -----------------------------------------------------------------------------------


@api.get(
    "/enterprises",
    response={200: EnterprisePage, 400: Problem, 429: Problem},
    summary="사회적경제기업 목록 (기준일에 인증·지정이 유효한 기업)",
    auth=READER,
    throttle=READ_THROTTLE,
)
def enterprises(
    request,
    on: datetime.date | None = Query(None, description="기준일 (없으면 오늘)"),  # noqa: B008
    type: str | None = Query(None, description="기업유형 코드 (예: certified_se, coop)"),  # noqa: B008
    cursor: str | None = Query(None, description="앞 응답의 next"),  # noqa: B008
    limit: int = Query(50, ge=1, le=MAX_PAGE, description="한 번에 받을 개수"),  # noqa: B008
):
    day = on or timezone.localdate()  # the day in Seoul, not the server clock's
    if type and type not in EnterpriseType.values:
        raise HttpError(400, f"알 수 없는 기업유형입니다: {type}")
    rows = Enterprise.objects.valid_on(day).filter(pk__gt=_after(cursor), is_active=True).order_by("pk")
    if type:
        rows = rows.filter(pk__in=Certification.objects.valid_on(day).filter(type=type).values("enterprise_id"))
    page = list(rows.prefetch_related("certifications", "offerings__category")[: limit + 1])
    items = []
    for e in page[:limit]:
        periods = [c for c in e.certifications.all() if c.status == "approved"]
        items.append(
            {
                "id": e.pk,
                "name": e.name,
                "business_no": e.business_no,
                "types": sorted({c.type for c in periods if c.is_valid_on(day)}),
                "periods": [
                    {
                        "type": c.type,
                        "type_label": EnterpriseType(c.type).label,
                        "valid_from": c.valid_from,
                        "valid_to": c.valid_to,
                    }
                    for c in periods
                ],
                "categories": sorted({o.category.code for o in e.offerings.all()}),
                "phone": e.phone,
                "address": e.address,
                "homepage": e.homepage,
            }
        )
    return {"items": items, "next": _cursor(page[limit - 1].pk) if len(page) > limit else None}


@api.get(
    "/offerings",
    response={200: OfferingPage, 400: Problem, 429: Problem},
    summary="품목 (검색어를 주면 검색 순서대로)",
    auth=READER,
    throttle=READ_THROTTLE,
)
def offerings(
    request,
    q: str | None = Query(None, description="검색어"),  # noqa: B008
    category: str | None = Query(None, description="분류 코드 (예: PRINT)"),  # noqa: B008
    cursor: str | None = Query(None, description="앞 응답의 next"),  # noqa: B008
    limit: int = Query(50, ge=1, le=MAX_PAGE, description="한 번에 받을 개수"),  # noqa: B008
):
    visible = Offering.objects.visible_on(timezone.localdate()).select_related("category", "enterprise")
    after = _after(cursor)
    if q:
        ranked = [h.offering_id for h in search(q[:200], limit=None, category=category or "")]
        chosen = ranked[after : after + limit + 1]
        found = visible.in_bulk(chosen)
        page = [found[pk] for pk in chosen if pk in found]
        next_cursor = _cursor(after + limit) if len(chosen) > limit else None
    else:
        rows = visible.filter(pk__gt=after).order_by("pk")
        if category:
            rows = rows.filter(category__code=category)
        page = list(rows[: limit + 1])
        next_cursor = _cursor(page[limit - 1].pk) if len(page) > limit else None
    return {
        "items": [
            {
                "id": o.pk,
                "name": o.name,
                "kind": o.kind,
                "category": o.category.code,
                "enterprise_id": o.enterprise_id,
                "enterprise": o.enterprise.name,
                "unit_price": o.unit_price,
                "unit": o.unit,
            }
            for o in page[:limit]
        ],
        "next": next_cursor,
    }


@api.get(
    "/performance/{year}",
    summary="기관별 구매실적 (performance_report 와 같은 숫자)",
    response={200: dict, 404: Problem, 429: Problem},
    auth=READER,
    throttle=READ_THROTTLE,
)
def performance(request, year: int, regime: str | None = Query(None, description="district 또는 national")):  # noqa: B008
    if not 2000 <= year <= 2100:
        return Status(404, {"detail": "2000~2100년만 있습니다."})
    chosen = Regime.objects.filter(code=regime).first() if regime else Regime.objects.filter(is_default=True).first()
    if chosen is None:
        return Status(404, {"detail": f"알 수 없는 집계 기준입니다: {regime}"})
    return Status(200, report(year=year, regime=chosen))


@api.get(
    "/events",
    response={200: list[EventOut], 429: Problem},
    summary="설명회·박람회·구매상담회",
    auth=READER,
    throttle=READ_THROTTLE,
)
def events(request):
    return [
        {
            "id": e.pk,
            "title": e.title,
            "kind": e.kind,
            "date": e.date,
            "venue": e.venue,
            "capacity": e.capacity,
            "status": e.status,
        }
        for e in public_events().order_by("-date", "pk")[:100]
    ]


@api.get(
    "/contracts",
    response={200: ContractPage, 400: Problem, 429: Problem},
    summary="공개 계약 (구매 장부의 한 줄이 계약 하나)",
    auth=READER,
    throttle=READ_THROTTLE,
)
def contracts(
    request,
    year: int = Query(..., ge=2000, le=2100, description="계약 연도"),  # noqa: B008
    cursor: str | None = Query(None, description="앞 응답의 next"),  # noqa: B008
    limit: int = Query(100, ge=1, le=MAX_PAGE, description="한 번에 받을 개수"),  # noqa: B008
):
    from procure.api.ocds import ocid_for

    rows = (
        PurchaseRecord.objects.contracts()
        .filter(contract_date__year=year, pk__gt=_after(cursor))
        .select_related("institution", "department")
        .prefetch_related("reversals")
        .order_by("pk")
    )
    page = list(rows[: limit + 1])
    return {
        "items": [
            {
                "reversals": [
                    {"recorded_at": v.created_at, "amount": -v.amount, "reason": v.note} for v in r.reversals.all()
                ],
                "reversed_amount": -sum(v.amount for v in r.reversals.all()),
                "net_amount": r.amount + sum(v.amount for v in r.reversals.all()),
                "ocid": ocid_for(r.identity),
                "institution": r.institution.name,
                "department": r.department.name if r.department else "",
                "contract_date": r.contract_date,
                "title": r.title,
                "kind": r.kind,
                "method": r.method,
                "amount": r.amount,
                "supplier": r.supplier_name,
                "supplier_business_no": r.supplier_business_no,
                "social_economy_types": [t for t in r.held_types.split(",") if t],
            }
            for r in page[:limit]
        ],
        "next": _cursor(page[limit - 1].pk) if len(page) > limit else None,
    }


# --- write: an institution's finance system pushes ledger lines --------------------------------------


class InstitutionToken(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        found = _real_token(request, token.strip(), find=services.token_find) if token.strip() else None
        if found is not None:
            request.api_token = found
        return found


@api.post(
    "/ledger/lines",
    auth=InstitutionToken(),
    response={200: PushResult, 400: PushResult, 403: Problem, 429: Problem},
    summary="구매 장부 줄 올리기 (토큰의 기관만, 전부 아니면 전무)",
    description=(
        "가져오기 파일(FORMATS §3)과 같은 규칙과 한국어 오류로 검사합니다. 한 줄이라도 틀리면 아무것도 쓰지 않고 "
        "400과 줄별 오류를 돌려줍니다. 같은 줄을 다시 올리면 unchanged 로 셉니다."
    ),
)
def push_lines(request, payload: LinesIn):
    _limit(request, WRITE_LIMIT_PER_MINUTE)
    token = request.api_token
    institution = token.institution
    if not payload.lines:
        empty = {"rows": 0, "created": 0, "updated": 0, "unchanged": 0, "errors": [{"message": "줄이 없습니다."}]}
        return Status(400, empty)
    others = services.other_institutions(payload.lines, institution)
    if others:
        detail = f"이 토큰은 {institution.name}의 장부만 올릴 수 있습니다: {', '.join(others)}"
        return Status(403, {"detail": detail})
    from procure.core.imports import run_records

    result = run_records(
        LedgerImporter(institution=institution, line_source="api"),
        services.lines_as_records(payload.lines, institution),
        actor=None,
        filename=f"api:{token.prefix}",
    ).as_json()
    body = {k: result.get(k, 0) for k in ("rows", "created", "updated", "unchanged")}
    body["errors"] = [
        {"row": e.get("row"), "column": e.get("column"), "message": e.get("message", "")} for e in result["errors"]
    ]
    return Status(400 if body["errors"] else 200, body)
