"""The two odcloud services the registry reads (../shared/design/public-data.md §4.1 and §6), standard library only.

- 사회적기업 인증현황 (`socialEnterpriseList/v1/authCompanyList`): GET, odcloud paging (`page`, `perPage`), the envelope
  `{currentCount, data, matchCount, page, perPage, totalCount}` — every page until `matchCount` rows are read.
- 국세청 사업자등록 상태조회 (`nts-businessman/v1/status`): POST `{"b_no": [...]}`, at most 100 numbers a request,
  answer `{request_cnt, match_cnt, status_code: "OK", data: [...]}`; any other status_code is an error.

The service key is the data.go.kr key (settings.DATA_GO_KR_SERVICE_KEY, as issued: encoded here once); the address
is settings.ODCLOUD_URL (tests point it at a fake on 127.0.0.1).
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

STATUS_BATCH = 100  # the service's limit per request
LIST_PAGE = 1000
MAX_LIST_PAGES = 100  # 100,000 rows: the national list has about 5,000
MAX_BODY = 32 * 1024 * 1024


class OdcloudError(Exception):
    """A Korean message for staff; `quota` when the portal refused for the call limit (wait and run again)."""

    def __init__(self, message: str, *, quota: bool = False):
        super().__init__(message)
        self.quota = quota


def service_key() -> str:
    key = (getattr(settings, "DATA_GO_KR_SERVICE_KEY", "") or "").strip()
    if not key:
        raise OdcloudError(
            "공공데이터포털 서비스키가 없습니다. 환경변수 DATA_GO_KR_SERVICE_KEY에 넣거나 목록 파일을 올려 주세요."
        )
    return key


class Client:
    def __init__(self, *, base_url: str | None = None, key: str | None = None, timeout: float = 30, sleep=None):
        self.base_url = (base_url or settings.ODCLOUD_URL).rstrip("/")
        if not self.base_url.startswith(("https://", "http://")):
            raise OdcloudError(f"서비스 주소가 http(s) 주소가 아닙니다: {self.base_url}")
        self.key = key if key is not None else service_key()
        self.timeout = timeout
        self.sleep = sleep or time.sleep
        self.calls = 0

    def _call(self, path: str, params: dict, body: dict | None = None) -> dict:
        query = urllib.parse.urlencode({"serviceKey": self.key, **params})
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(f"{self.base_url}/{path}?{query}", data=data, headers=headers)  # noqa: S310
        for attempt in range(3):
            self.calls += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    raw = response.read(MAX_BODY)
                break
            except urllib.error.HTTPError as error:
                if error.code == 429:
                    raise OdcloudError(
                        "공공데이터포털 호출 한도를 넘었습니다 (HTTP 429). 나중에 다시 실행하세요.", quota=True
                    ) from None
                if error.code in (401, 403) or error.code == 400:
                    raise OdcloudError(
                        f"공공데이터포털이 요청을 거절했습니다 (HTTP {error.code}). 서비스키와 활용신청을 확인하세요."
                    ) from None
                if error.code >= 500 and attempt < 2:
                    self.sleep(2**attempt)
                    continue
                raise OdcloudError(f"공공데이터포털이 HTTP {error.code} 오류로 답했습니다.") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if attempt < 2:
                    self.sleep(2**attempt)
                    continue
                raise OdcloudError(f"공공데이터포털에 연결할 수 없습니다: {getattr(error, 'reason', error)}") from None
        try:
            answer = json.loads(raw)
        except ValueError:
            text = raw[:2000].decode("utf-8", "replace")
            if "LIMITED_NUMBER_OF_SERVICE_REQUESTS" in text or "<returnReasonCode>22<" in text:
                raise OdcloudError(
                    "공공데이터포털 호출 한도를 넘었습니다 (22). 나중에 다시 실행하세요.", quota=True
                ) from None
            if "SERVICE_KEY" in text or "<returnReasonCode>30<" in text:
                raise OdcloudError("등록되지 않은 서비스키입니다. DATA_GO_KR_SERVICE_KEY를 확인하세요.") from None
            raise OdcloudError("공공데이터포털의 답을 읽을 수 없습니다 (JSON이 아닙니다).") from None
        if not isinstance(answer, dict):
            raise OdcloudError("공공데이터포털의 답이 예상한 모양이 아닙니다.")
        return answer

    def social_enterprises(self) -> list[dict]:
        """Every row of the certified social enterprise list."""
        rows: list[dict] = []
        for page in range(1, MAX_LIST_PAGES + 1):
            answer = self._call("socialEnterpriseList/v1/authCompanyList", {"page": page, "perPage": LIST_PAGE})
            data = answer.get("data")
            if not isinstance(data, list):
                message = answer.get("msg") or answer.get("message") or "data 항목이 없습니다"
                raise OdcloudError(f"사회적기업 목록을 읽을 수 없습니다: {message}")
            rows.extend(item for item in data if isinstance(item, dict))
            total = answer.get("matchCount", answer.get("totalCount"))
            if not data or not isinstance(total, int) or len(rows) >= total:
                break
        return rows

    def business_statuses(self, numbers: list[str]) -> list[dict]:
        """The tax service's answer for each number, 100 a request."""
        found: list[dict] = []
        for start in range(0, len(numbers), STATUS_BATCH):
            batch = numbers[start : start + STATUS_BATCH]
            answer = self._call("nts-businessman/v1/status", {"returnType": "JSON"}, {"b_no": batch})
            if answer.get("status_code") != "OK" or not isinstance(answer.get("data"), list):
                message = answer.get("status_code") or answer.get("msg") or "알 수 없는 오류"
                raise OdcloudError(f"국세청 사업자 상태조회가 오류로 답했습니다: {message}")
            found.extend(item for item in answer["data"] if isinstance(item, dict))
        return found
