"""What a request says besides its words: a unit-price ceiling or floor and a quantity.

    "단가 3천원 이하"      → ceiling 3,000원      "1인당 만원"        → ceiling 10,000원 (a budget per head)
    "5만원 이상"           → floor 50,000원       "2만원대"           → 20,000–29,999원
    "40인분", "100개"      → quantity 40 / 100    "3,000원 미만"      → ceiling 2,999원

The phrases are taken out of the text the search reads (a price is a filter, not words to match). Amounts are
bounded (core.money.MAX_WON); anything that does not read as a price stays text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from procure.core.money import MAX_WON

_UNITS = {"억": 100_000_000, "만": 10_000, "천": 1_000, "백": 100}
_AMOUNT = r"(?P<amount>(?:\d[\d,]*(?:\.\d+)?\s*[억만천백]?\s*?)+|[억만천백])"
_PRICE = re.compile(
    r"(?P<lead>(?:단가|가격|개당|건당|장당|세트당|1?인당|1?명당|한\s*개에?|하나에?|1개에?|1인)\s*)?"
    + _AMOUNT
    + r"(?P<won>원)?\s*(?P<side>이하|이내|까지|미만|아래|이상|넘는|초과|부터|대|선|안팎|정도|내외|짜리)?"
)
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


def understand(query: str) -> Constraints:
    found = Constraints()
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
        elif side == "대":  # 2만원대: from 2만 to just under the next step of the same unit
            step = next((u for u in (100_000_000, 10_000, 1_000, 100) if value % u == 0 and value >= u), 1)
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
