"""Quote requests and contracts in every state, each sent to the example enterprise whose line of business it is
(enterprises/demo.py), dated on working days counted back from the day the demo is made (a part of seed_demo):
a request was made, answered, awarded, done, inspected, claimed and paid on working days in that order, and its
audit trail and notices carry those days."""

import datetime

from django.utils import timezone

from procure.accounts.models import User
from procure.buying.models import Contract, Quote, QuoteRequest
from procure.buying.services import (
    SplitSuspected,
    contract_award,
    contract_step,
    quote_request_create,
    quote_submit,
)
from procure.catalog.models import Category
from procure.core.demo import at, happened_at, working_day_after, working_day_before
from procure.enterprises.demo import example_business_no, index_of_category
from procure.enterprises.models import Enterprise

# (title, category = the enterprise's line, kind, supply amount, request made N working days ago,
#  {step: working days after the request})
CASES = [
    ("구민 한마당 무대·음향 장비 임차", "EVENT", "services", None, 1, {}),  # asked, for the enterprise persona
    ("동 주민센터 행사 답례 떡 세트 200개", "CATER", "goods", None, 2, {}),  # asked, not answered yet
    ("구청 워크숍 도시락 120개", "CATER", "goods", 1_320_000, 4, {"quote": 2}),  # awaits the buyer's choice
    ("청사 실내 화분 관리 용역", "GREEN", "services", 9_000_000, 10, {"quote": 2, "award": 4}),
    ("구민 축제 행사 운영 대행", "EVENT", "services", 18_000_000, 12, {"quote": 3, "award": 5}),
    # reported three weeks ago and not yet inspected: its 검수 is late, for the center to see
    ("복지관 방역 소독 용역", "CLEAN", "services", 6_500_000, 25, {"quote": 2, "award": 4, "complete": 10}),
    (  # claimed two working days ago: awaits payment
        "행사 현수막 제작",
        "PRINT",
        "goods",
        1_800_000,
        13,
        {"quote": 1, "award": 3, "complete": 8, "inspect_pass": 10, "claim": 11},
    ),
    (
        "경로당 어르신 여가 프로그램 강사 파견",
        "CARE",
        "services",
        12_000_000,
        40,
        {"quote": 3, "award": 5, "complete": 25, "inspect_pass": 27, "claim": 28, "pay": 31},
    ),
    (
        "A4 복사용지 100박스",
        "OFFICE",
        "goods",
        2_450_000,
        20,
        {"quote": 1, "award": 2, "complete": 6, "inspect_pass": 7, "claim": 8, "pay": 10},
    ),
]
STEP_ORDER = ["complete", "inspect_pass", "claim", "pay"]


def _request(buyer, enterprise, title, category, kind, answer_by, estimate):
    fields = {
        "enterprises": [enterprise],
        "title": title,
        "kind": kind,
        "category": category,
        "description": f"{title} — 수량·규격은 첨부와 같습니다 (예시 요청).",
        "answer_by": answer_by,
        "estimated_price": estimate,
    }
    try:
        return quote_request_create(actor=buyer, **fields)
    except SplitSuspected:  # the demo ledger already holds this department's purchases of the kind
        return quote_request_create(actor=buyer, split_reason="행사마다 따로 발주하는 건입니다.", **fields)


def seed(today: datetime.date | None = None) -> dict[str, int]:
    if QuoteRequest.objects.exists():
        return {"quote_requests": 0}
    today = today or timezone.localdate()
    recent = working_day_before(today, 5)
    buyer = User.objects.get(username="buyer")
    categories = {c.code: c for c in Category.objects.all()}
    made = 0
    for title, code, kind, amount, age, steps in CASES:
        enterprise = Enterprise.objects.get(business_no=example_business_no(index_of_category(code)))
        member = enterprise.members.filter(is_active=True).first() or buyer
        asked = working_day_before(today, age)
        answer_by = working_day_after(asked, 7)

        def day_of(step, asked=asked, steps=steps):
            return working_day_after(asked, steps[step])

        with happened_at(at(asked, 10), read=asked < recent):
            request = _request(
                buyer,
                enterprise,
                title,
                categories[code],
                kind,
                max(answer_by, working_day_after(today, 1)),  # the service refuses a deadline already past
                amount or 1_000_000,
            )
        QuoteRequest.objects.filter(pk=request.pk).update(created_at=at(asked, 10), answer_by=answer_by)
        made += 1
        if "quote" not in steps:
            continue
        quoted_on = day_of("quote")
        with happened_at(at(quoted_on, 15), read=quoted_on < recent):
            quote = quote_submit(
                actor=member,
                request=request,
                enterprise=enterprise,
                supply_amount=amount,
                vat=amount // 10,
                valid_until=max(working_day_after(quoted_on, 20), working_day_after(today, 1)),
            )
        Quote.objects.filter(pk=quote.pk).update(
            submitted_at=at(quoted_on, 15), valid_until=working_day_after(quoted_on, 20)
        )
        if "award" not in steps:
            continue
        awarded = day_of("award")
        with happened_at(at(awarded, 11), read=awarded < recent):
            contract = contract_award(actor=buyer, quote=quote, route="single_quote", contract_date=awarded)
        Contract.objects.filter(pk=contract.pk).update(created_at=at(awarded, 11))
        for step in [s for s in STEP_ORDER if s in steps]:
            when = at(day_of(step), 14 if step != "complete" else 17)
            actor = member if step in ("complete", "claim") else buyer
            note = "납품 수량·규격 확인, 이상 없음" if step == "inspect_pass" else ""
            with happened_at(when, read=when.date() < recent):
                contract_step(actor=actor, contract=contract, step=step, note=note)
            field = {"complete": "completed_at", "inspect_pass": "inspected_at", "claim": "claimed_at"}.get(
                step, "paid_at"
            )
            Contract.objects.filter(pk=contract.pk).update(**{field: when})
    return {"quote_requests": made}
