"""Validation errors in Korean (issue 28 §5): django-ninja answers a request it cannot read with 422 and pydantic's
English messages ("Field required"); the API answers the same 422 and the same list (`loc`, `type`), each with a
Korean `msg` naming the field, and a Korean `detail` summary on top."""

from procure.core.text import josa

WHERE = {"body": "본문", "query": "주소의 조건", "path": "주소", "header": "헤더", "cookie": "쿠키", "form": "양식"}

# pydantic's error types (https://docs.pydantic.dev/latest/errors/validation_errors/) → a Korean sentence about the
# field; {…} are filled from the error's ctx.
MESSAGES = {
    "missing": "꼭 넣어야 합니다.",
    "extra_forbidden": "받지 않는 항목입니다.",
    "string_type": "글자(문자열)로 넣어 주세요.",
    "string_too_short": "{min_length}자 이상이어야 합니다.",
    "string_too_long": "{max_length}자 이내로 넣어 주세요.",
    "string_pattern_mismatch": "형식이 맞지 않습니다.",
    "int_type": "정수로 넣어 주세요.",
    "int_parsing": "정수로 읽을 수 없습니다. 숫자만 넣어 주세요.",
    "int_from_float": "소수점 없는 정수로 넣어 주세요.",
    "float_type": "숫자로 넣어 주세요.",
    "float_parsing": "숫자로 읽을 수 없습니다.",
    "bool_type": "true 또는 false로 넣어 주세요.",
    "bool_parsing": "true 또는 false로 넣어 주세요.",
    "greater_than": "{gt}보다 커야 합니다.",
    "greater_than_equal": "{ge} 이상이어야 합니다.",
    "less_than": "{lt}보다 작아야 합니다.",
    "less_than_equal": "{le} 이하여야 합니다.",
    "too_short": "{min_length}개 이상이어야 합니다.",
    "too_long": "{max_length}개 이내로 보내 주세요.",
    "list_type": "목록(배열)으로 넣어 주세요.",
    "dict_type": "객체로 넣어 주세요.",
    "model_type": "객체로 넣어 주세요.",
    "model_attributes_type": "객체로 넣어 주세요.",
    "date_type": "날짜로 넣어 주세요 (2024-05-29 형식).",
    "date_parsing": "날짜로 읽을 수 없습니다. 2024-05-29 형식으로 넣어 주세요.",
    "date_from_datetime_parsing": "날짜로 읽을 수 없습니다. 2024-05-29 형식으로 넣어 주세요.",
    "datetime_parsing": "일시로 읽을 수 없습니다. 2024-05-29T09:00:00+09:00 형식으로 넣어 주세요.",
    "datetime_type": "일시로 넣어 주세요.",
    "literal_error": "{expected} 중 하나여야 합니다.",
    "enum": "{expected} 중 하나여야 합니다.",
    "json_invalid": "JSON으로 읽을 수 없습니다.",
    "json_type": "JSON으로 읽을 수 없습니다.",
    "url_parsing": "주소(URL)로 읽을 수 없습니다.",
}
FALLBACK = "값이 올바르지 않습니다."


def _field(loc) -> str:
    """('body', 'payload', 'lines', 2, 'amount') → 본문 lines[2].amount; ninja's own parameter names are left out."""
    parts = list(loc)
    where = WHERE.get(parts.pop(0), "") if parts and parts[0] in WHERE else ""
    if parts and parts[0] == "payload":  # ninja's name for the whole body
        parts.pop(0)
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return " ".join(p for p in (where, path) if p) or "요청"


def korean_errors(errors) -> list[dict]:
    answer = []
    for error in errors:
        template = MESSAGES.get(error.get("type", ""), FALLBACK)
        try:
            sentence = template.format(**{key: value for key, value in (error.get("ctx") or {}).items()})
        except (KeyError, IndexError, ValueError):
            sentence = FALLBACK
        field = _field(error.get("loc", ()))
        message = f"{field}{josa(field, '은/는')} {sentence}"
        answer.append({"loc": list(error.get("loc", ())), "type": error.get("type", ""), "msg": message})
    return answer


def validation_error_body(errors) -> dict:
    listed = korean_errors(errors)
    first = listed[0]["msg"] if listed else FALLBACK
    more = f" 외 {len(listed) - 1}건" if len(listed) > 1 else ""
    return {"detail": f"요청을 읽을 수 없습니다: {first}{more}", "errors": listed}
