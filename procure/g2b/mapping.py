"""From a collected item to ledger lines (docs/formats.md "나라장터·종합쇼핑몰 자료"; public-data.md §1.4–1.6, §3.2).

나라장터 계약 (계약정보서비스): 업무구분명 → 구분, 계약체결방법명 → 계약방법, 금차계약금액 (총계약금액 when the
금차 amount is missing), 계약체결일자, the suppliers of `corpList` — a joint contract gives one line per member, the
amount split by the members' 지분율 exactly in won (largest remainder: the lines add up to the contract's amount).
종합쇼핑몰 납품요구 (getDlvrReqDtlInfoList): one line per 품목 (물품, method 종합쇼핑몰, 금액 prdctAmt), known by
납품요구번호-품목순번, its 변경차수 the revision (the latest change wins); a 품목 whose amount a later 변경차수 set to 0
is cancelled. 나라장터 삭제이력 (`*DltHstry`): the 통합계약번호 the source deleted, with its 삭제일시."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from procure.core.business_no import normalize_business_no
from procure.core.tabular import parse_date
from procure.core.text import quoted
from procure.ledger.collected import CollectedLine
from procure.ledger.models import ContractMethod, PurchaseKind, PurchaseSource
from procure.ledger.rules import MAX_AMOUNT

GROUP = re.compile(r"\[([^\]]*)\]")
KINDS = {"물품": PurchaseKind.GOODS, "외자": PurchaseKind.GOODS, "비축": PurchaseKind.GOODS, "공사": PurchaseKind.WORKS}
METHODS = {
    "일반경쟁": ContractMethod.OPEN,
    "제한경쟁": ContractMethod.RESTRICTED,
    "지명경쟁": ContractMethod.NOMINATED,
    "수의계약": ContractMethod.PRIVATE,
}


class ItemProblem(ValueError):
    """An item that cannot become a ledger line; the message is Korean and names the item."""


def groups(text: str, width: int) -> list[list[str]]:
    """`[a^b^c],[d^e^f]` (or `][` between groups) → [[a, b, c], [d, e, f]], each padded to `width` fields."""
    result = []
    for group in GROUP.findall(text or ""):
        fields = [field.strip() for field in group.split("^")]
        result.append(fields + [""] * (width - len(fields)))
    return result


def demand_codes(item: dict) -> list[str]:
    """The 수요기관 codes of a contract (dminsttList index 1), in the list's order."""
    return [fields[1] for fields in groups(item.get("dminsttList", ""), 7) if fields[1]]


def won(text: str) -> int:
    """A won amount as the services write it ("2080000", "1,200,000", "2080000.0"); 0 for none."""
    text = (text or "").replace(",", "").strip()
    if not text:
        return 0
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ItemProblem(f"금액 {quoted(text[:20], '을/를')} 읽을 수 없습니다.") from None
    if value != value.to_integral_value():
        raise ItemProblem(f"금액 {quoted(text[:20], '이/가')} 원 단위 정수가 아닙니다.")
    return int(value)


def split_by_share(amount: int, shares: list[Decimal]) -> list[int]:
    """`amount` won split in proportion to `shares`, exactly: floors, then the won left over one each to the largest
    remainders (earlier members first on a tie). Shares that are all missing or zero split equally."""
    if not shares:
        return []
    if sum(shares) <= 0:
        shares = [Decimal(1)] * len(shares)
    total = sum(shares)
    exact = [Decimal(amount) * share / total for share in shares]
    parts = [int(value) for value in exact]  # floor: amounts and shares are not negative
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), i))
    for index in order[: amount - sum(parts)]:
        parts[index] += 1
    return parts


def _share(text: str) -> Decimal:
    try:
        share = Decimal((text or "0").replace("%", "").strip() or "0")
    except InvalidOperation:
        return Decimal(0)
    return share if share > 0 else Decimal(0)


def _day(text: str, what: str) -> datetime.date:
    text = (text or "").strip()[:10]
    try:
        return parse_date(text)
    except ValueError:
        raise ItemProblem(f"{what} {quoted(text, '을/를')} 읽을 수 없습니다.") from None


def _revision(item: dict) -> str:
    """A contract's revision: its 변경일시 (else 등록일시) as digits, which sort in time order."""
    return re.sub(r"\D", "", item.get("chgDt") or item.get("rgstDt") or "")[:14]


def contract_kind(item: dict, default: str | None = None) -> str:
    text = (item.get("bsnsDivNm") or "").replace(" ", "")
    if "용역" in text:
        return PurchaseKind.SERVICES
    kind = KINDS.get(text) or default
    if not kind:
        raise ItemProblem(f"업무구분 {quoted(text, '을/를')} 물품 · 용역 · 공사로 나눌 수 없습니다.")
    return kind


def contract_method(item: dict) -> str:
    text = (item.get("cntrctCnclsMthdNm") or "").replace(" ", "")
    if text in METHODS:
        return METHODS[text]
    return ContractMethod.PRIVATE if "수의" in text else ""


def contract_lines(
    item: dict, *, institution_id: int, department_id: int | None = None, kind: str | None = None
) -> list[CollectedLine]:
    """A 나라장터 contract as ledger lines of `institution_id`: one per supplier of `corpList`."""
    ref = (item.get("untyCntrctNo") or item.get("dcsnCntrctNo") or "").strip()
    if not ref:
        raise ItemProblem("통합계약번호(untyCntrctNo)가 없는 계약입니다.")
    title = (item.get("cntrctNm") or item.get("cnstwkNm") or "").strip()
    if not title:
        raise ItemProblem(f"계약 {ref}: 계약명이 없습니다.")
    day = _day(item.get("cntrctCnclsDate") or item.get("cntrctDate"), f"계약 {ref}의 계약체결일자")
    amount = won(item.get("thtmCntrctAmt")) or won(item.get("totCntrctAmt"))
    if not 0 < amount <= MAX_AMOUNT:
        raise ItemProblem(f"계약 {ref}: 금차계약금액이 0원이거나 범위를 벗어났습니다.")
    members = [fields for fields in groups(item.get("corpList", ""), 10) if fields[3] or fields[9]]
    if not members:
        raise ItemProblem(f"계약 {ref}: 업체목록(corpList)이 비어 있습니다.")
    numbers = [normalize_business_no(fields[9]) for fields in members]
    for fields, number in zip(members, numbers, strict=True):
        if len(number) != 10:
            raise ItemProblem(f"계약 {ref}: 업체 ‘{fields[3]}’의 사업자등록번호 ‘{fields[9]}’가 10자리가 아닙니다.")
    amounts = split_by_share(amount, [_share(fields[6]) for fields in members])
    kind, method, revision = contract_kind(item, kind), contract_method(item), _revision(item)
    lines, seen = [], {}
    for fields, number, part in zip(members, numbers, amounts, strict=True):
        seen[number] = seen.get(number, 0) + 1
        if part <= 0:  # a member whose share rounds to nothing adds no line (the others carry the won)
            continue
        member = number if seen[number] == 1 else f"{number}#{seen[number]}"
        lines.append(
            CollectedLine(
                source=PurchaseSource.G2B,
                ref=ref,
                member=member,
                revision=revision,
                institution_id=institution_id,
                department_id=department_id,
                day=day,
                title=title,
                kind=kind,
                method=method,
                amount=part,
                supplier=fields[3] or number,
                business_no=number,
            )
        )
    return lines


def contract_department_name(item: dict, code: str) -> str:
    """The 담당부서명 the contract gives for the 수요기관 `code` (dminsttList index 4), else ""."""
    for fields in groups(item.get("dminsttList", ""), 7):
        if fields[1] == code:
            return fields[4]
    return ""


def mall_key(item: dict) -> tuple[str, str]:
    return (item.get("dlvrReqNo") or "").strip(), (item.get("prdctSno") or "").strip()


def mall_line(item: dict, *, institution_id: int) -> CollectedLine:
    """A 종합쇼핑몰 납품요구 품목 as a ledger line."""
    number, sno = mall_key(item)
    if not number or not sno:
        raise ItemProblem("납품요구번호나 품목순번이 없는 납품요구입니다.")
    ref = f"{number}-{sno}"
    try:
        order = int((item.get("dlvrReqChgOrd") or "0").strip() or "0")
    except ValueError:
        raise ItemProblem(
            f"납품요구 {ref}: 변경차수 {quoted(item.get('dlvrReqChgOrd'), '을/를')} 읽을 수 없습니다."
        ) from None
    day = _day(item.get("dlvrReqRcptDate") or item.get("dlvrReqDate"), f"납품요구 {ref}의 납품요구접수일자")
    given = [text for text in (item.get("prdctAmt"), item.get("dlvrReqAmt")) if (text or "").strip()]
    if not given:
        raise ItemProblem(f"납품요구 {ref}: 금액(prdctAmt)이 없습니다.")
    amount = next((won(text) for text in given if won(text)), 0)
    # A 품목 a later 변경차수 takes back whole (금액 0, 증감 the whole quantity) is cancelled: the line collected
    # before is reversed (ledger.collected), none is created.
    cancelled = amount <= 0
    if amount > MAX_AMOUNT:
        raise ItemProblem(f"납품요구 {ref}: 금액이 범위를 벗어났습니다.")
    number_text = normalize_business_no(item.get("cntrctCorpBizno"))
    if len(number_text) != 10 and not cancelled:
        raise ItemProblem(
            f"납품요구 {ref}: 업체 사업자등록번호 ‘{item.get('cntrctCorpBizno', '')}’가 10자리가 아닙니다."
        )
    name = (item.get("dlvrReqNm") or "").strip()
    product = (item.get("prdctIdntNoNm") or item.get("dtilPrdctClsfcNoNm") or item.get("prdctClsfcNoNm") or "").strip()
    title = " · ".join(part for part in (name, product) if part) or f"납품요구 {number}"
    return CollectedLine(
        source=PurchaseSource.MALL,
        ref=ref,
        member="",
        revision=f"{order:04d}",
        institution_id=institution_id,
        department_id=None,
        day=day,
        title=title,
        kind=PurchaseKind.GOODS,
        method=ContractMethod.SHOPPING_MALL,
        amount=max(amount, 0),
        supplier=(item.get("corpNm") or "").strip() or number_text,
        business_no=number_text,
        cancelled=cancelled,
    )


def deleted_contract(item: dict) -> tuple[str, str]:
    """A 나라장터 삭제이력 item (`*DltHstry`: 삭제일시, 변경구분명 DEL, 통합계약번호) → (통합계약번호, 삭제일시)."""
    ref = (item.get("untyCntrctNo") or "").strip()
    if not ref:
        raise ItemProblem("통합계약번호(untyCntrctNo)가 없는 삭제이력입니다.")
    return ref, (item.get("dltDt") or item.get("chgDt") or "").strip()[:19]


def is_mall_item(item: dict) -> bool:
    return "dlvrReqNo" in item


def is_deletion_item(item: dict) -> bool:
    """An item of the deletion history (public-data.md §1.1 `*DltHstry`): 삭제일시 and 변경구분명, no 업체목록."""
    return "dltDt" in item and "corpList" not in item


def is_contract_item(item: dict) -> bool:
    return "untyCntrctNo" in item or "corpList" in item
