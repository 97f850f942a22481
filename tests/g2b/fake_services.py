"""A fake of the public data portal's 계약정보서비스 and 쇼핑몰 서비스 on 127.0.0.1 (a real http.server in a thread).

It answers in the documented shapes (public-data.md §1.3, §1.7, §3): JSON with `items` an array (or `items.item` one
object), XML `<items><item>`, the three error envelopes and HTTP 429. Every value here is made up by us."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape

from procure.core.business_no import business_no_check_digit

CONTRACT_PATH = "/1230000/ao/CntrctInfoService"
MALL_PATH = "/1230000/at/ShoppingMallPrdctInfoService"
OPERATIONS = {
    "getCntrctInfoListThngPPSSrch": "물품",
    "getCntrctInfoListServcPPSSrch": "용역",
    "getCntrctInfoListCnstwkPPSSrch": "공사",
}
DELETION_OPERATIONS = (
    "getCntrctInfoListThngDltHstry",
    "getCntrctInfoListServcDltHstry",
    "getCntrctInfoListCnstwkDltHstry",
)
GATEWAY_QUOTA = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><OpenAPI_ServiceResponse><cmmMsgHeader>'
    "<errMsg>SERVICE ERROR</errMsg><returnAuthMsg>LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR</returnAuthMsg>"
    "<returnReasonCode>22</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>"
)
GATEWAY_KEY = GATEWAY_QUOTA.replace(
    "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR", "SERVICE_KEY_IS_NOT_REGISTERED_ERROR"
).replace("<returnReasonCode>22<", "<returnReasonCode>30<")


def business_no(n: int) -> str:
    first_nine = f"12{n:07d}"
    return first_nine + str(business_no_check_digit(first_nine))


def corp(members: list[tuple[str, str, str]]) -> str:
    """[(업체명, 지분율, 사업자번호)] → corpList text, groups separated by ','."""
    kind = "단독" if len(members) == 1 else "공동"
    return ",".join(
        f"[{n}^{'주계약업체' if n == 1 else '도급업체'}^{kind}^{name}^대표{n}^대한민국^{share}^{name}^^{number}]"
        for n, (name, share, number) in enumerate(members, start=1)
    )


def contract(
    number: str,
    day: datetime.date,
    *,
    business: str = "물품",
    method: str = "수의계약",
    amount: int = 1_000_000,
    members=None,
    institution_code: str = "3200000",
    department: str = "",
    title: str | None = None,
    changed: str = "",
) -> dict:
    members = members or [("가나협동조합", "100", business_no(1))]
    return {
        "untyCntrctNo": number,
        "bsnsDivNm": business,
        "dcsnCntrctNo": number + "00",
        ("cnstwkNm" if business == "공사" else "cntrctNm"): title or f"{business} 계약 {number}",
        "cmmnCntrctYn": "Y" if len(members) > 1 else "N",
        "cntrctCnclsDate": day.isoformat(),
        "totCntrctAmt": "0",
        "thtmCntrctAmt": str(amount),
        "cntrctInsttCd": "6110000",
        "cntrctInsttNm": "시험 계약기관",
        "dminsttList": f"[1^{institution_code}^서울특별시 관악구^지자체^{department}^담당자^***-****-****]",
        "corpList": corp(members),
        "cntrctCnclsMthdNm": method,
        "rgstDt": f"{day.isoformat()} 09:00:00",
        "chgDt": changed,
        "d2bMngDcsnNo": "",
    }


def delivery(number: str, sno: int, day: datetime.date, *, order: int = 0, amount: int = 100_000, code="3200000"):
    return {
        "dlvrReqNo": number,
        "dlvrReqChgOrd": str(order),
        "prdctSno": str(sno),
        "dlvrReqRcptDate": day.isoformat(),
        "dminsttCd": code,
        "dminsttNm": "서울특별시 관악구",
        "dlvrReqNm": f"사무용품 구매 {number}",
        "corpNm": "다라사회적협동조합",
        "cntrctCorpBizno": business_no(7),
        "prdctIdntNoNm": f"복사용지 {sno}",
        "prdctAmt": str(amount),
        "cntrctCnclsStleNm": "제3자단가계약",
    }


def deletion(number: str, when: datetime.datetime) -> dict:
    """A 삭제이력 item as the spec's sample has it (dltDt, chgDivNm DEL, untyCntrctNo, …)."""
    stamp = when.strftime("%Y-%m-%d %H:%M:%S")
    return {
        "dltDt": stamp,
        "chgDivNm": "DEL",
        "untyCntrctNo": number,
        "dcsnCntrctNo": number + "00",
        "cntrctRefNo": number + "00",
        "rgstDt": stamp,
        "chgDt": stamp,
    }


class FakePortal:
    """Contracts by (operation, 기관코드, 계약체결일자), deliveries by 접수일자; `faults` are answers served first
    for a (operation, day, page) before the real one: "quota" (gateway XML 22), "429", "429wait" (Retry-After 0),
    "malformed", "07" (ResponseError), "key" (gateway XML 30)."""

    def __init__(self, *, page_size: int = 999, xml: bool = False):
        self.contracts: dict[tuple[str, str, str], list[dict]] = {}
        self.deliveries: dict[str, list[dict]] = {}
        self.deletions: dict[tuple[str, str], list[dict]] = {}  # (operation, 삭제일 YYYYMMDD) → items
        self.faults: dict[tuple[str, str, int], list[str]] = {}
        self.page_size = page_size
        self.xml = xml
        self.requests: list[dict] = []
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                portal.answer(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def add_contract(self, item: dict, operation: str | None = None) -> None:
        if operation is None:
            business = item["bsnsDivNm"]
            kind = "용역" if "용역" in business else "공사" if business == "공사" else "물품"
            operation = next(op for op, b in OPERATIONS.items() if b == kind)
        code = item["dminsttList"].split("^")[1]
        self.contracts.setdefault((operation, code, item["cntrctCnclsDate"].replace("-", "")), []).append(item)

    def add_deletion(self, item: dict, operation: str = DELETION_OPERATIONS[0]) -> None:
        self.deletions.setdefault((operation, item["dltDt"][:10].replace("-", "")), []).append(item)

    def add_delivery(self, item: dict) -> None:
        self.deliveries.setdefault(item["dlvrReqRcptDate"].replace("-", ""), []).append(item)

    def fault(self, operation: str, day: datetime.date, page: int, *kinds: str) -> None:
        self.faults.setdefault((operation, day.strftime("%Y%m%d"), page), []).extend(kinds)

    def answer(self, handler) -> None:
        url = urlparse(handler.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        operation = url.path.rsplit("/", 1)[-1]
        self.requests.append({"operation": operation, **query})
        if not query.get("serviceKey"):
            return self._send(handler, 200, GATEWAY_KEY, "text/xml")
        day, page = query.get("inqryBgnDate", query.get("inqryBgnDt", "")[:8]), int(query.get("pageNo", "1"))
        pending = self.faults.get((operation, day, page))
        if pending:
            kind = pending.pop(0)
            if kind == "quota":
                return self._send(handler, 200, GATEWAY_QUOTA, "text/xml")
            if kind == "key":
                return self._send(handler, 200, GATEWAY_KEY, "text/xml")
            if kind == "429":
                return self._send(handler, 429, '{"message":"API rate limit exceeded"}', "application/json")
            if kind == "429wait":
                return self._send(handler, 429, "{}", "application/json", {"Retry-After": "0"})
            if kind == "malformed":
                return self._send(
                    handler,
                    200,
                    '{"response":{"header":{"resultCode":"00"},"body":{"items":[{"untyC',
                    "application/json",
                )
            if kind == "07":
                body = {
                    "nkoneps.com.response.ResponseError": {
                        "header": {"resultCode": "07", "resultMsg": "입력범위값 초과 에러"}
                    }
                }
                return self._send(handler, 200, json.dumps(body, ensure_ascii=False), "application/json")
        if url.path.startswith(CONTRACT_PATH) and operation in OPERATIONS:
            if (
                query.get("inqryDiv") != "1"
                or query.get("insttDivCd") != "2"
                or len(day) != 8
                or day != query.get("inqryEndDate")
            ):
                body = {
                    "nkoneps.com.response.ResponseError": {
                        "header": {"resultCode": "08", "resultMsg": "필수값 입력 오류"}
                    }
                }
                return self._send(handler, 200, json.dumps(body, ensure_ascii=False), "application/json")
            items = self.contracts.get((operation, query.get("insttCd", ""), day), [])
        elif url.path.startswith(CONTRACT_PATH) and operation in DELETION_OPERATIONS:
            begin, end = query.get("inqryBgnDt", ""), query.get("inqryEndDt", "")
            if query.get("inqryDiv") != "1" or len(begin) != 12 or begin[:8] != end[:8]:
                body = {
                    "nkoneps.com.response.ResponseError": {
                        "header": {"resultCode": "08", "resultMsg": "필수값 입력 오류"}
                    }
                }
                return self._send(handler, 200, json.dumps(body, ensure_ascii=False), "application/json")
            items = self.deletions.get((operation, day), [])
        elif url.path.startswith(MALL_PATH) and operation == "getDlvrReqDtlInfoList":
            items = self.deliveries.get(day, [])
        else:
            return self._send(handler, 404, "<html>not found</html>", "text/html")
        size = min(int(query.get("numOfRows", "10")), self.page_size)
        chunk = items[(page - 1) * size : page * size]
        if self.xml:
            return self._send(handler, 200, self._xml(chunk, len(items), page, size), "text/xml")
        body_items = {"item": chunk[0]} if len(chunk) == 1 else chunk  # both shapes the services use
        document = {
            "response": {
                "header": {"resultCode": "00", "resultMsg": "정상"},
                "body": {
                    "items": body_items if chunk else "",
                    "numOfRows": size,
                    "pageNo": page,
                    "totalCount": len(items),
                },
            }
        }
        return self._send(handler, 200, json.dumps(document, ensure_ascii=False), "application/json")

    @staticmethod
    def _xml(items, total, page, size) -> str:
        rows = "".join(
            "<item>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in item.items()) + "</item>" for item in items
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><response><header><resultCode>00</resultCode>'
            f"<resultMsg>정상</resultMsg></header><body><items>{rows}</items><numOfRows>{size}</numOfRows>"
            f"<pageNo>{page}</pageNo><totalCount>{total}</totalCount></body></response>"
        )

    @staticmethod
    def _send(handler, status: int, text: str, content_type: str, headers=None) -> None:
        data = text.encode()
        handler.send_response(status)
        handler.send_header("Content-Type", f"{content_type}; charset=UTF-8")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)
