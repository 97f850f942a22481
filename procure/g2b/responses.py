"""Reading an answer of the public data portal (docs/formats.md "나라장터·종합쇼핑몰 자료"): JSON or XML, the three
error envelopes (the normal header with a code other than 00, the `nkoneps.com.response.ResponseError` wrapper and
the gateway's `OpenAPI_ServiceResponse` XML, which comes even when JSON was asked for), and the list's items as
plain {field: text} dictionaries, whichever of the shapes (`items` an array, `items.item` a list or one object).
Nothing here calls the network; the client (client.py) and the saved-file reader share it."""

import json
import re
import xml.etree.ElementTree as ET
from typing import NamedTuple

# What a result code means for the collector (public-data.md §1.7).
NO_DATA = "03"
QUOTA = {"22"}
# The provider's own trouble: asking again later may work.
RETRY = {"01", "02", "04", "05", "99"}
# The key or the service: nothing will work until someone fixes it; the whole run stops.
FATAL = {"10", "12", "20", "21", "30", "31", "32", "33"}
MESSAGES = {
    "01": "조달청 시스템 오류(Application Error)",
    "02": "조달청 데이터베이스 오류",
    "04": "HTTP 오류",
    "05": "서비스 응답 시간 초과",
    "06": "날짜 형식 오류",
    "07": "조회 범위 초과",
    "08": "필수값 누락",
    "10": "잘못된 요청 변수 (서비스키 없음)",
    "11": "필수 요청 변수 없음",
    "12": "서비스가 없거나 폐기됨",
    "20": "서비스 접근 거부 (활용 신청 미승인)",
    "21": "일시적으로 사용할 수 없는 서비스키",
    "22": "일일 호출 한도 초과",
    "30": "등록되지 않은 서비스키",
    "31": "기한이 지난 서비스키",
    "32": "등록되지 않은 도메인 또는 IP",
    "33": "서명되지 않은 호출",
    "99": "알 수 없는 오류",
}


class ServiceError(Exception):
    """An answer that carries no list: an error envelope, quota, or something that is not an answer at all."""

    kind = "request"  # request | retry | quota | fatal | malformed

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.code = code

    @classmethod
    def for_code(cls, code: str, text: str = "") -> "ServiceError":
        label = MESSAGES.get(code, "오류")
        message = f"공공데이터포털 응답 오류 {code}: {label}" + (f" ({text.strip()[:100]})" if text.strip() else "")
        error = cls(message, code)
        error.kind = "quota" if code in QUOTA else "retry" if code in RETRY else "fatal" if code in FATAL else "request"
        return error


def malformed(detail: str) -> ServiceError:
    error = ServiceError(f"공공데이터포털 응답을 읽을 수 없습니다: {detail}")
    error.kind = "malformed"
    return error


class Page(NamedTuple):
    items: list[dict]
    total: int  # totalCount: items over all pages
    page_no: int


def read_page(body: bytes) -> Page:
    """The items of one answer, or a ServiceError for whatever else the answer is."""
    text = _decode(body).strip()
    if not text:
        raise malformed("빈 응답")
    if text.startswith("<"):
        return _read_xml(text)
    try:
        document = json.loads(text)
    except ValueError:
        raise malformed("JSON도 XML도 아닙니다") from None
    return _read_json(document)


def _decode(body: bytes) -> str:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise malformed("문자 인코딩을 알 수 없습니다")


def _read_json(document) -> Page:
    if not isinstance(document, dict):
        raise malformed("JSON 최상위가 객체가 아닙니다")
    for key, value in document.items():
        if key.endswith("ResponseError"):  # nkoneps.com.response.ResponseError
            header = value.get("header", {}) if isinstance(value, dict) else {}
            raise ServiceError.for_code(str(header.get("resultCode", "")), str(header.get("resultMsg", "")))
    if "OpenAPI_ServiceResponse" in document:
        header = (document["OpenAPI_ServiceResponse"] or {}).get("cmmMsgHeader", {}) or {}
        raise ServiceError.for_code(str(header.get("returnReasonCode", "")), str(header.get("returnAuthMsg", "")))
    response = document.get("response")
    if not isinstance(response, dict):
        raise malformed("response 항목이 없습니다")
    header = response.get("header") or {}
    code = str(header.get("resultCode", "")).strip()
    if code not in ("00", NO_DATA):
        raise ServiceError.for_code(code, str(header.get("resultMsg", "")))
    body = response.get("body") or {}
    if not isinstance(body, dict):
        raise malformed("body가 객체가 아닙니다")
    items = body.get("items")
    if isinstance(items, dict):
        items = items.get("item", [])
    if items in (None, ""):
        items = []
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise malformed("items의 모양이 목록이 아닙니다")
    items = [{str(k): "" if v is None else str(v) for k, v in item.items()} for item in items]
    return Page(items, _count(body.get("totalCount"), len(items)), _count(body.get("pageNo"), 1))


def _read_xml(text: str) -> Page:
    if re.search(r"<!(DOCTYPE|ENTITY)", text[:2000], re.IGNORECASE):
        raise malformed("DOCTYPE이 있는 XML은 읽지 않습니다")
    try:
        root = ET.fromstring(text)  # noqa: S314 — no DOCTYPE, so no entities to expand
    except ET.ParseError:
        raise malformed("XML 형식이 깨졌습니다") from None
    if root.tag == "OpenAPI_ServiceResponse":
        raise ServiceError.for_code(
            root.findtext(".//returnReasonCode", "").strip(), root.findtext(".//returnAuthMsg", "")
        )
    code = (root.findtext(".//header/resultCode") or root.findtext(".//resultCode") or "").strip()
    if not code:
        raise malformed("resultCode가 없습니다")
    if code not in ("00", NO_DATA):
        raise ServiceError.for_code(code, root.findtext(".//resultMsg", ""))
    body = root.find("body")
    if body is None:
        return Page([], 0, 1)
    items = [{child.tag: (child.text or "").strip() for child in item} for item in body.iter("item")]
    return Page(items, _count(body.findtext("totalCount"), len(items)), _count(body.findtext("pageNo"), 1))


def _count(value, default: int) -> int:
    try:
        return max(0, int(str(value).strip()))
    except (TypeError, ValueError):
        return default
