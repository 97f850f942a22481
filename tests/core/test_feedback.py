"""`reported`: the one way views say what became of an action (issue 31 §3)."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from procure.core.errors import ServiceError
from procure.core.feedback import reported


class Refused(ServiceError):
    pass


class AskFirst(Refused):
    pass


@pytest.fixture
def request_():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def shown(request) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def test_success_is_said_once_the_block_returns_and_may_name_what_was_made(request_):
    with reported(request_) as outcome:
        outcome.success = "계약했습니다 (계약번호 2026-0001)."
    assert not outcome.refused
    assert shown(request_) == [("success", "계약했습니다 (계약번호 2026-0001).")]


def test_a_refusal_is_shown_in_korean_and_stops_the_block(request_):
    ran = []
    with reported(request_, "보냈습니다.") as outcome:
        raise Refused("견적 마감일이 지났습니다.")
        ran.append(1)  # never reached
    assert outcome.refused and not ran
    with reported(request_, "보냈습니다.") as outcome:
        raise ValidationError(["첫째 문제입니다.", "둘째 문제입니다."])
    assert outcome.refused
    assert shown(request_) == [("error", "견적 마감일이 지났습니다."), ("error", "첫째 문제입니다. 둘째 문제입니다.")]


def test_a_refusal_the_view_answers_itself_and_a_bug_go_through(request_):
    with pytest.raises(AskFirst), reported(request_, "보냈습니다.", lets_through=(AskFirst,)):
        raise AskFirst("사유를 적어 주세요.")
    with pytest.raises(KeyError), reported(request_, "보냈습니다."):
        raise KeyError("bug")
    assert shown(request_) == []
