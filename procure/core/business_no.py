"""사업자등록번호 (Korean business registration number): normalising and checksum.

The tenth digit is a check digit over the first nine with weights 1,3,7,1,3,7,1,3,5 plus the
tens digit of (ninth digit × 5), as published by 국세청.
"""

import re

from django.core.exceptions import ValidationError

_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def normalize_business_no(value: str) -> str:
    """Digits only: '123-45-67890' and ' 1234567890 ' both give '1234567890'."""
    return re.sub(r"\D", "", str(value or ""))


def business_no_check_digit(first_nine: str) -> int:
    digits = [int(ch) for ch in first_nine]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def _has_foreign_characters(value) -> bool:
    return bool(re.search(r"[^\d\s-]", str(value or "")))


def is_valid_business_no(value: str) -> bool:
    digits = normalize_business_no(value)
    if _has_foreign_characters(value) or len(digits) != 10:
        return False
    return business_no_check_digit(digits[:9]) == int(digits[9])


def validate_business_no(value: str) -> None:
    digits = normalize_business_no(value)
    if _has_foreign_characters(value) or len(digits) != 10:
        raise ValidationError(
            "사업자등록번호는 숫자 10자리로 입력해 주세요 (예: 123-45-67890).", code="business_no_length"
        )
    if not is_valid_business_no(digits):
        raise ValidationError(
            "사업자등록번호가 올바르지 않습니다. 번호를 다시 확인해 주세요.", code="business_no_checksum"
        )


def format_business_no(value: str) -> str:
    """'1234567890' → '123-45-67890'; anything else is returned unchanged."""
    digits = normalize_business_no(value)
    if len(digits) != 10:
        return str(value or "")
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
