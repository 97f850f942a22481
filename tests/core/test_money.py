"""The kernel's bound on an amount of won (issue 24 item 5): MAX_WON, its validator and the form field."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from procure.core.forms import WonField, bound_won
from procure.core.money import MAX_WON, WonValidator, check_won, won_problem


def test_the_bound_is_100_trillion_won_and_keeps_sums_inside_64_bits():
    assert MAX_WON == 10**14
    # 92,000 amounts at the bound still add up inside a signed 64-bit integer (what SQLite's SUM adds in).
    assert 92_000 * MAX_WON < 2**63 - 1 < 93_000 * MAX_WON


@pytest.mark.parametrize(
    ("amount", "label", "positive", "problem"),
    [
        (MAX_WON, "금액", True, None),
        (MAX_WON + 1, "금액", True, "금액이 100조 원을 넘습니다. 금액을 확인해 주세요."),
        (2**64, "부가세", False, "부가세가 100조 원을 넘습니다. 금액을 확인해 주세요."),
        (0, "공급가액", True, "공급가액은 0원보다 커야 합니다."),
        (0, "부가세", False, None),
        (-1, "단가", False, "단가는 0원 이상이어야 합니다."),
        (-1, "예산", True, "예산은 0원보다 커야 합니다."),
    ],
)
def test_won_problem_names_the_amount_in_korean(amount, label, positive, problem):
    assert won_problem(amount, label=label, positive=positive) == problem


def test_the_validator_and_check_won_raise_the_same_korean_message():
    with pytest.raises(ValidationError, match="계약금액이 100조 원을 넘습니다"):
        WonValidator("계약금액")(10**15)
    with pytest.raises(ValidationError, match="목표금액은 0원 이상이어야 합니다"):
        check_won(-5, label="목표금액", positive=False)
    assert check_won(12_000, label="단가") == 12_000
    WonValidator("단가", positive=False)(None)  # an empty optional amount is not checked


class Sample(forms.Form):
    amount = WonField(label="금액 (원)", noun="계약금액")
    vat = WonField(label="부가세", noun="부가세", positive=False, required=False)
    number = bound_won(forms.IntegerField(required=False), noun="단가", positive=False)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"amount": "48,000,000원", "vat": "0"}, {}),
        ({"amount": str(2**64)}, {"amount": ["계약금액이 100조 원을 넘습니다. 금액을 확인해 주세요."]}),
        ({"amount": "0"}, {"amount": ["계약금액은 0원보다 커야 합니다."]}),
        ({"amount": "1", "vat": "-1"}, {"vat": ["부가세는 0원 이상이어야 합니다."]}),
        ({"amount": "1", "number": str(2**64)}, {"number": ["단가가 100조 원을 넘습니다. 금액을 확인해 주세요."]}),
        ({"amount": "1", "number": "-3"}, {"number": ["단가는 0원 이상이어야 합니다."]}),
        ({"amount": "1" * 31}, {"amount": ["계약금액을 30자 이내의 원 단위 숫자로 입력해 주세요."]}),
    ],
)
def test_the_form_fields_carry_the_bound(data, errors):
    form = Sample(data)
    form.is_valid()
    assert form.errors == errors


def test_the_fields_say_their_bounds():
    form = Sample()
    assert (form.fields["amount"].min_value, form.fields["amount"].max_value) == (1, MAX_WON)
    assert (form.fields["vat"].min_value, form.fields["vat"].max_value) == (0, MAX_WON)
    assert form.fields["number"].widget.attrs["max"] == str(MAX_WON)
