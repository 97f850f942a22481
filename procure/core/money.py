"""Money is an integer number of won, and a split adds up to the whole, exactly.

Every amount of won the platform accepts — typed in a form, read from a file, sent to the API, written by a
service — is at most `MAX_WON` (100조 원). No contract, budget or target of a district comes near it (a whole
district buys some 10¹² won a year), and 92,000 amounts at the bound still add up inside the 64-bit integers
SQLite sums in: one amount near 2⁶³ once made SQLite's SUM overflow on every figures page."""

from django.core.exceptions import ValidationError

MAX_WON = 10**14  # 100조 원
MAX_WON_TEXT = "100조 원"


def _final_consonant(word: str) -> bool:
    """Whether the last syllable of a Korean word has a 받침 (가격 yes, 단가 no); other text: yes."""
    last = word.rstrip()[-1:] or "원"
    if "가" <= last <= "힣":
        return (ord(last) - ord("가")) % 28 != 0
    return True


def won_problem(amount: int, *, label: str = "금액", positive: bool = True) -> str | None:
    """What is wrong with `amount` as a number of won, in Korean, or None: above `MAX_WON`, and not above 0
    (`positive`) or below 0 (not `positive`, for amounts that may be 0 like 부가세 of a tax-free quote)."""
    topic = label + ("은" if _final_consonant(label) else "는")
    subject = label + ("이" if _final_consonant(label) else "가")
    if positive and amount <= 0:
        return f"{topic} 0원보다 커야 합니다."
    if amount < 0:
        return f"{topic} 0원 이상이어야 합니다."
    if amount > MAX_WON:
        return f"{subject} {MAX_WON_TEXT}을 넘습니다. 금액을 확인해 주세요."
    return None


class WonValidator:
    """A Django validator of an amount of won (see `won_problem`): `validators=[WonValidator("공급가액")]` on a
    field, or `WonValidator(...)(value)` in a service; raises ValidationError with the Korean message."""

    def __init__(self, label: str = "금액", *, positive: bool = True):
        self.label, self.positive = label, positive

    def __call__(self, value: str | int | None) -> None:
        if value is None:
            return
        problem = won_problem(int(value), label=self.label, positive=self.positive)
        if problem:
            raise ValidationError(problem, code="won_out_of_range")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WonValidator) and (self.label, self.positive) == (other.label, other.positive)

    def deconstruct(self) -> tuple[str, tuple[str], dict[str, bool]]:
        return ("procure.core.money.WonValidator", (self.label,), {"positive": self.positive})


def check_won(value: str | int, *, label: str = "금액", positive: bool = True) -> int:
    """`value` as an int when it is a valid amount of won, else ValidationError (for services)."""
    WonValidator(label, positive=positive)(value)
    return int(value)


def split_won(total: int, parts: int) -> list[int]:
    """`total` won in `parts` shares as even as can be, the larger shares first: 56,000,000 in 12 months gives
    4,666,667 × 8 and 4,666,666 × 4 — 56,000,000 in all (dividing each month by 12 would lose 8 won)."""
    if parts <= 0:
        raise ValueError("parts must be positive")
    base, remainder = divmod(int(total), parts)
    return [base + 1 if index < remainder else base for index in range(parts)]
