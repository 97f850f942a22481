"""Quote requests and contracts in every state, dated from today (a part of seed_demo)."""

import datetime

from django.utils import timezone

from procure.accounts.models import User
from procure.buying.models import Contract, QuoteRequest
from procure.buying.workflow import contract_award, contract_step, quote_request_create, quote_submit
from procure.enterprises.demo import example_business_no
from procure.enterprises.models import Enterprise

# (title, enterprise index, supply amount, the steps taken so far)
CASES = [
    ("주민센터 행사 답례 떡 세트", 2, None, []),  # asked, not answered yet
    ("구청 워크숍 도시락 120개", 1, 2_400_000, ["quote"]),  # answered, awaiting the buyer's choice
    ("청사 실내 화분 관리 용역", 3, 9_000_000, ["quote", "award"]),
    ("복지관 방역 소독 용역", 4, 6_500_000, ["quote", "award", "complete"]),  # awaits 검수
    ("행사 현수막 제작", 5, 1_800_000, ["quote", "award", "complete", "inspect_pass", "claim"]),  # awaits payment
    ("어르신 여가 프로그램 강사", 6, 12_000_000, ["quote", "award", "complete", "inspect_pass", "claim", "pay"]),
]


def seed(today: datetime.date | None = None) -> dict[str, int]:
    if QuoteRequest.objects.exists():
        return {"quote_requests": 0}
    today = today or timezone.localdate()
    buyer = User.objects.get(username="buyer")
    made = 0
    for title, index, amount, steps in CASES:
        enterprise = Enterprise.objects.get(business_no=example_business_no(index))
        member = enterprise.members.filter(is_active=True).first() or buyer
        request = quote_request_create(
            actor=buyer,
            enterprises=[enterprise],
            title=title,
            kind="services" if "용역" in title or "강사" in title else "goods",
            description=f"{title} — 예시 요청입니다.",
            answer_by=today + datetime.timedelta(days=10),
        )
        made += 1
        if "quote" not in steps:
            continue
        quote = quote_submit(
            actor=member,
            request=request,
            enterprise=enterprise,
            supply_amount=amount,
            vat=amount // 10,
            valid_until=today + datetime.timedelta(days=30),
        )
        if "award" not in steps:
            continue
        contract = contract_award(
            actor=buyer, quote=quote, route="single_quote", contract_date=today - datetime.timedelta(days=12)
        )
        for step in steps[2:]:
            actor = member if step in ("complete", "claim") else buyer
            contract_step(
                actor=actor, contract=contract, step=step, note="예시 검수: 이상 없음" if step == "inspect_pass" else ""
            )
        if steps[-1] == "complete":  # reported three weeks ago: its 검수 is late, for the center to see
            Contract.objects.filter(pk=contract.pk).update(completed_at=timezone.now() - datetime.timedelta(days=21))
    return {"quote_requests": made}
