import pytest
from django.core.exceptions import ValidationError

from procure.core.business_no import (
    format_business_no,
    is_valid_business_no,
    normalize_business_no,
    validate_business_no,
)

# 국세청's own number, commonly used as the worked example of the checksum.
VALID = "220-81-62517"


def test_normalises_separators_and_spaces():
    assert normalize_business_no(" 220-81-62517 ") == "2208162517"


def test_accepts_a_number_whose_check_digit_matches():
    assert is_valid_business_no(VALID)
    assert is_valid_business_no("2208162517")


@pytest.mark.parametrize("value", ["220-81-62518", "12345", "220-81-6251A", "", "22081625171"])
def test_refuses_wrong_check_digit_length_or_letters(value):
    assert not is_valid_business_no(value)


def test_validator_explains_in_korean_what_is_wrong():
    with pytest.raises(ValidationError, match="10자리"):
        validate_business_no("12345")
    with pytest.raises(ValidationError, match="올바르지 않습니다"):
        validate_business_no("220-81-62518")


def test_formats_with_hyphens():
    assert format_business_no("2208162517") == VALID
