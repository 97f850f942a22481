"""What a request says besides its words: a unit-price ceiling or floor and a quantity.

    "단가 3천원 이하"      → ceiling 3,000원      "1인당 만원"        → ceiling 10,000원 (a budget per head)
    "5만원 이상"           → floor 50,000원       "2만원대"           → 20,000–29,999원
    "40인분", "100개"      → quantity 40 / 100    "3,000원 미만"      → ceiling 2,999원
    "오천 원 이하"         → ceiling 5,000원 (Hangul numerals before 원; 사원, 구원 stay words)

The phrases are taken out of the text the search reads (a price is a filter, not words to match). Amounts are
bounded (core.money.MAX_WON); anything that does not read as a price stays text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from procure.core.money import MAX_WON

_UNITS = {"억": 100_000_000, "만": 10_000, "천": 1_000, "백": 100}
_AMOUNT = r"(?P<amount>(?:\d[\d,]*(?:\.\d+)?\s*[억만천백]*\s*?)+|[억만천백])"
_PRICE = re.compile(
    r"(?P<lead>(?:단가|가격|개당|건당|장당|세트당|1?인당|1?명당|한\s*개에?|하나에?|1개에?|1인)\s*)?"
    + _AMOUNT
    # 원 but not the first syllable of another word (원목, 원형, 원룸, 원두, 원피스, 원단, 원예)
    + r"(?P<won>\s*원(?![목형룸두피단예]))?"
    + r"\s*(?P<side>이하|이내|까지|미만|아래|이상|넘는|초과|부터|안팎|안쪽|정도|내외|짜리|(?:대|선|밑)(?![가-힣]))?"
)
# Amounts in Hangul numerals (오천원, 삼만 원, 이만오천원): read only before 원 and with a unit syllable in them,
# so that 사원, 구원 and 일원 stay words.
_NUMERAL = "[일이삼사오육칠팔구십백천만억]"
_HANGUL_AMOUNT = re.compile(rf"(?<![가-힣\d])(?P<n>{_NUMERAL}*[십백천만억]{_NUMERAL}*)(?=\s*원)")
_HANGUL_DIGITS = {c: i for i, c in enumerate("영일이삼사오육칠팔구")}


def _hangul_number(text: str) -> int | None:
    total, section, digit = 0, 0, None
    for char in text:
        if char in _HANGUL_DIGITS:
            if digit is not None:
                return None  # two digits in a row is not a number (이삼천?)
            digit = _HANGUL_DIGITS[char]
        elif char in "십백천":
            section += (1 if digit is None else digit) * {"십": 10, "백": 100, "천": 1_000}[char]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * {"만": 10_000, "억": 100_000_000}[char]
            section, digit = 0, None
    return total + section + (digit or 0)


def _digits(text: str) -> str:
    """오천원 → 5000원, 삼만 원 → 30000 원 (the rest is read as usual)."""

    def replace(match: re.Match) -> str:
        value = _hangul_number(match.group("n"))
        return str(value) if value else match.group(0)

    return _HANGUL_AMOUNT.sub(replace, text)


_WORD = re.compile(r"[가-힣]")
_QUANTITY = re.compile(r"(?P<n>\d[\d,]*)\s*(?P<unit>개|세트|명|인분|인|부|장|박스|벌|켤레|병|권|통|포|매|대|그루|주)")


@dataclass
class Constraints:
    max_price: int | None = None
    min_price: int | None = None
    quantity: int | None = None
    text: str = ""  # the request without the price and quantity phrases

    def describe(self) -> str:
        """Korean words for what was understood (shown above the results)."""
        parts = []
        if self.min_price is not None and self.max_price is not None:
            parts.append(f"단가 {self.min_price:,}원~{self.max_price:,}원")
        elif self.max_price is not None:
            parts.append(f"단가 {self.max_price:,}원 이하")
        elif self.min_price is not None:
            parts.append(f"단가 {self.min_price:,}원 이상")
        if self.quantity is not None:
            parts.append(f"수량 {self.quantity:,}")
        return ", ".join(parts)


def amount(text: str) -> int | None:
    """'3천' → 3000, '1만 5천' → 15000, '만' → 10000, '12,000' → 12000; None past MAX_WON or unreadable."""
    text = text.replace(",", "").replace(" ", "").rstrip("원")
    if not text:
        return None
    total, section, number = 0.0, 0.0, None
    for piece in re.findall(r"\d+(?:\.\d+)?|[억만천백]", text):
        if piece in ("천", "백"):
            section += (number if number is not None else 1) * _UNITS[piece]
        elif piece in ("억", "만"):
            section += number or 0
            total += (section or 1) * _UNITS[piece]
            section = 0.0
        else:
            number = float(piece)
            continue
        number = None
    total += section + (number or 0)
    total = round(total)
    return total if 0 < total <= MAX_WON else None


# Every price or quantity phrase holds a digit or a numeral unit (억 만 천 백 십): a request with none is all text.
_MAY_COUNT = re.compile(r"[\d억만천백십]")


def understand(query: str) -> Constraints:
    if not _MAY_COUNT.search(query):
        return Constraints(text=" ".join(query.split()))
    found = Constraints()
    query = _digits(query)
    text = query
    for match in list(_PRICE.finditer(query)):
        raw = match.group("amount")
        after = query[match.end() : match.end() + 1]
        counted = bool(re.search(r"\d", raw)) and bool(re.search(r"[억만천백]", raw))
        if not (
            match.group("won") or match.group("lead") or (counted and (match.group("side") or not _WORD.match(after)))
        ):
            continue  # a bare number is a quantity or part of a name (A4, 3단); 만들기, 천막 and 백화점 are words
        value = amount(raw)
        if value is None:
            continue
        side = match.group("side") or ""
        if side in ("이상", "넘는", "초과", "부터"):
            found.min_price = value + (1 if side in ("초과", "넘는") else 0)
        elif side == "대":  # 2만원대: from 2만 to just under 3만
            step = 10 ** (len(str(value)) - 1)  # the leading digit's place (10만원대: 100,000–199,999)
            while value % step:
                step //= 10
            found.min_price, found.max_price = value, value + step - 1
        elif side == "미만":
            found.max_price = value - 1
        else:  # 이하, 이내, 까지, 아래, 선, 정도, or a budget per unit/head with no word: a ceiling
            found.max_price = value
        text = text.replace(match.group(0), " ", 1)
    quantity = _QUANTITY.search(text)
    if quantity:
        number = int(quantity.group("n").replace(",", ""))
        if 0 < number <= 10_000_000:
            found.quantity = number
    found.text = " ".join(text.split())
    return found
