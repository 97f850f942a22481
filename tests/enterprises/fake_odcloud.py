"""A fake of the two odcloud services the registry reads, bound to 127.0.0.1 (a real HTTP server in a thread).

Shapes written by us after ../shared/design/public-data.md §4.1 (socialEnterpriseList envelope and 13 fields) and §6
(nts-businessman status: `{"b_no": [...]}` in, `{request_cnt, match_cnt, status_code, data}` out, at most 100 a
request). No value is copied from a public repository."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEY = "fake-service-key+/="


def status_item(number: str, code: str = "01", end: str = "") -> dict:
    if code == "none":
        return {
            "b_no": number,
            "b_stt": "",
            "b_stt_cd": "",
            "tax_type": "국세청에 등록되지 않은 사업자등록번호입니다.",
            "tax_type_cd": "",
            "end_dt": "",
            "utcc_yn": "",
            "tax_type_change_dt": "",
            "invoice_apply_dt": "",
            "rbf_tax_type": "",
            "rbf_tax_type_cd": "",
        }
    label = {"01": "계속사업자", "02": "휴업자", "03": "폐업자"}[code]
    return {
        "b_no": number,
        "b_stt": label,
        "b_stt_cd": code,
        "tax_type": "부가가치세 일반과세자" if code != "03" else "폐업자",
        "tax_type_cd": "01",
        "end_dt": end,
        "utcc_yn": "N",
        "tax_type_change_dt": "",
        "invoice_apply_dt": "",
        "rbf_tax_type": "해당없음",
        "rbf_tax_type_cd": "99",
    }


class FakeOdcloud:
    def __init__(self):
        self.list_items: list[dict] = []
        self.base_date = "2026-11-30"
        self.statuses: dict[str, dict] = {}  # number → item; unknown numbers answer 계속사업자
        self.requests: list[tuple[str, object]] = []
        self.fail_next: int | None = None  # an HTTP status to answer once
        self.status_code = "OK"
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, code: int, payload) -> None:
                body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _check(self, query) -> bool:
                if fake.fail_next is not None:
                    code, fake.fail_next = fake.fail_next, None
                    self._send(code, {"code": -4, "msg": "error"})
                    return False
                if query.get("serviceKey") != [KEY]:
                    self._send(401, {"code": -401, "msg": "유효하지 않은 인증키 입니다."})
                    return False
                return True

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(url.query)
                fake.requests.append((url.path, dict(query)))
                if not self._check(query):
                    return
                if url.path != "/socialEnterpriseList/v1/authCompanyList":
                    self._send(404, {"msg": "not found"})
                    return
                page, per_page = int(query["page"][0]), int(query["perPage"][0])
                chunk = fake.list_items[(page - 1) * per_page : page * per_page]
                data = [{**item, "baseD": fake.base_date} for item in chunk]
                total = len(fake.list_items)
                self._send(
                    200,
                    {
                        "currentCount": len(data),
                        "data": data,
                        "matchCount": total,
                        "page": page,
                        "perPage": per_page,
                        "totalCount": total,
                    },
                )

            def do_POST(self):
                url = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(url.query)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append((url.path, body))
                if not self._check(query):
                    return
                numbers = body.get("b_no") or []
                if url.path != "/nts-businessman/v1/status" or len(numbers) > 100:
                    self._send(400, {"status_code": "TOO_LARGE_REQUEST"})
                    return
                data = [fake.statuses.get(n) or status_item(n) for n in numbers]
                self._send(
                    200,
                    {
                        "request_cnt": len(numbers),
                        "match_cnt": len(data),
                        "status_code": fake.status_code,
                        "data": data,
                    },
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
