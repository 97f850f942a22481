"""What the 계약서 and 견적서 PDFs say: parties, amounts with 공급가액/부가세, period, place, payment terms, the route
and its article, the 일반조건 that form part of the contract, and the spaces for signatures and seals."""

from procure.buying.deadlines import INSPECTION_DAYS, PAYMENT_BUSINESS_DAYS
from procure.buying.models import Contract, Quote, Regime

_DIGITS = "영일이삼사오육칠팔구"
_SMALL = ["", "십", "백", "천"]
_LARGE = ["", "만", "억", "조", "경"]

KIND_TITLES = {"goods": "물품구매 계약서", "services": "용역 계약서", "works": "공사 계약서"}
GENERAL_TERMS = {
    Regime.LOCAL: {
        "base": "지방자치단체 입찰 및 계약 집행기준 (행정안전부 예규)",
        "goods": "같은 기준의 물품구매계약 일반조건",
        "services": "같은 기준의 용역계약 일반조건",
        "works": "같은 기준의 공사계약 일반조건",
        "law": "지방자치단체를 당사자로 하는 계약에 관한 법률·시행령·시행규칙",
    },
    Regime.NATIONAL: {
        "base": "정부 입찰·계약 집행기준 (계약예규)",
        "goods": "물품구매(제조)계약일반조건 (계약예규)",
        "services": "용역계약일반조건 (계약예규)",
        "works": "공사계약일반조건 (계약예규)",
        "law": "국가를 당사자로 하는 계약에 관한 법률·시행령·시행규칙",
    },
}


def won_in_words(amount: int) -> str:
    """52,800,000 → "오천이백팔십만", 1,100,000 → "일백일십만" (the 일금 … 원정 line of a contract)."""
    if amount == 0:
        return "영"
    groups, words = [], []
    while amount:
        groups.append(amount % 10_000)
        amount //= 10_000
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            continue
        text = ""
        for position in range(3, -1, -1):
            digit = group // (10**position) % 10
            if digit:
                text += _DIGITS[digit] + _SMALL[position]  # 일천, 일백: a contract spells the one out
        words.append(text + _LARGE[index])
    return "".join(words)


def vat_rule(quote: Quote) -> str:
    """How the quote's VAT reads: 과세 10%, 면세, or an amount the enterprise wrote."""
    if quote.vat == 0:
        return "면세 (부가세 0원)"
    if quote.vat == quote.supply_amount // 10:
        return "과세 (공급가액의 10%, 원 미만 버림)"
    return "기업이 적은 금액"


def contract_context(contract: Contract, regime: str) -> dict:
    request = contract.request
    terms = GENERAL_TERMS[regime]
    return {
        "title": KIND_TITLES.get(contract.kind, "계약서"),
        "is_contract": True,
        "contract": contract,
        "quote": contract.quote,
        "request": request,
        "amount_words": won_in_words(contract.amount),
        "vat": contract.amount - contract.supply_amount,
        "vat_rule": vat_rule(contract.quote),
        "officer": contract.created_by,
        "terms": [
            "이 계약서",
            f"{terms['base']} 및 {terms[contract.kind]}",
            "견적 요청서(요청 내용·규격)와 계약상대자의 견적서",
            terms["law"],
        ],
        "payment": (
            f"완료 보고를 받은 날부터 {INSPECTION_DAYS}일 안에 검사·검수하고(마지막 날이 공휴일이면 다음 평일), "
            f"검수에 합격한 뒤 대금 청구를 받은 날부터 {PAYMENT_BUSINESS_DAYS}일(토요일·공휴일 제외) 안에 지급합니다."
        ),
    }


def quote_context(quote: Quote) -> dict:
    return {
        "title": "견적서",
        "is_contract": False,
        "quote": quote,
        "request": quote.request,
        "amount_words": won_in_words(quote.amount),
        "vat": quote.vat,
        "vat_rule": vat_rule(quote),
    }
