"""Writes of the buying app: the workflow quote request → quote → contract by a lawful route → completion → 검수 →
payment, and the district's confirmation of a route rule.

Every step is a service here (`STEPS` declares who may take which step from which state): it checks the state it
starts from, writes, audits and tells the other side. A paid contract becomes a ledger line at once
(ledger.writer.line_write, source platform), keyed as an import of the same contract would be and reconciled with the
institution's own ledger, so it counts once. Before payment the buyer may cancel (the enterprise is told); after the
claim, only a correction approved by the district or the center changes it, and after payment that correction is a
reversal in the ledger — the paid line stays."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from procure.buying.models import (
    Attachment,
    Contract,
    ContractCorrection,
    ContractNumber,
    ContractStatus,
    CorrectionKind,
    CorrectionStatus,
    Quote,
    QuoteDecline,
    QuoteRequest,
    Regime,
    RequestMessage,
    RequestStatus,
    RouteRule,
)
from procure.buying.routes import supplier_routes
from procure.buying.splitting import split_check
from procure.core.calendar import next_business_day
from procure.core.errors import ServiceError
from procure.core.services import audit, notify, snapshot
from procure.core.text import quoted
from procure.ledger import writer
from procure.ledger.models import PurchaseRecord, PurchaseSource
from procure.ledger.rules import MAX_AMOUNT, Line


class WorkflowError(ServiceError):
    """A step that the contract's state or the rules do not allow; the message is Korean."""


def _members(enterprise):
    return enterprise.members.filter(is_active=True)


def _tell_enterprise(enterprise, title, body, link):
    for member in _members(enterprise):
        notify(recipient=member, title=title, body=body, link=link)


class SplitSuspected(WorkflowError):
    """The request looks like part of a split purchase: the officer goes on only with a reason."""

    def __init__(self, warning):
        self.warning = warning
        super().__init__(warning.message())


@transaction.atomic
def quote_request_create(*, actor, enterprises, split_reason: str = "", **fields) -> QuoteRequest:
    """A request with its 추정가격 (VAT excluded) fixed before any quote arrives: the route is judged on it."""
    if fields.get("answer_by"):  # a deadline on a Saturday, Sunday or holiday moves to the next business day
        fields["answer_by"] = next_business_day(fields["answer_by"])
    estimate = fields.get("estimated_price")
    if isinstance(estimate, bool) or not isinstance(estimate, int) or not 0 < estimate <= MAX_AMOUNT:
        raise WorkflowError("추정가격(부가세 제외)은 0원보다 크고 100조 원 이하여야 합니다.")
    if fields.get("kind") != "works":
        fields["works_type"] = ""
    request = QuoteRequest(institution=actor.institution, department=actor.department, requested_by=actor, **fields)
    request.full_clean()
    warning = split_check(
        institution=actor.institution,
        department=actor.department,
        title=request.title,
        kind=request.kind,
        category=request.category,
        estimated_price=estimate,
        regime=regime_of(actor.institution),
        works_type=request.works_type,
    )
    if warning is not None:
        if not split_reason.strip():
            raise SplitSuspected(warning)
        request.split_check = warning.as_record(split_reason.strip())
    request.save()
    request.enterprises.set(enterprises)
    audit(
        actor=actor,
        action="buying.quoterequest.created",
        obj=request,
        after={
            "title": request.title,
            "estimated_price": estimate,
            "enterprises": sorted(e.pk for e in enterprises),
            "answer_by": request.answer_by,
            "split_check": request.split_check,
        },
    )
    link = reverse("buying:request_detail", args=[request.pk])
    for enterprise in enterprises:
        _tell_enterprise(
            enterprise,
            f"견적 요청: {request.title}",
            f"{request.institution.name}에서 견적을 요청했습니다. {request.answer_by:%Y.%m.%d}까지 답해 주세요.",
            link,
        )
    return request


@transaction.atomic
def quote_submit(
    *, actor, request: QuoteRequest, enterprise, supply_amount: int, vat: int, valid_until, terms=""
) -> Quote:
    if request.status != RequestStatus.OPEN:
        raise WorkflowError("견적을 받는 중인 요청이 아닙니다.")
    if not request.enterprises.filter(pk=enterprise.pk).exists():
        raise WorkflowError("이 기업에 온 요청이 아닙니다.")
    if timezone.localdate() > request.answer_by:
        raise WorkflowError("견적 마감일이 지났습니다.")
    if not 0 < supply_amount <= MAX_AMOUNT or not 0 <= vat <= MAX_AMOUNT or supply_amount + vat > MAX_AMOUNT:
        raise WorkflowError("견적 금액은 0원보다 크고 100조 원 이하여야 합니다.")
    quote, created = Quote.objects.update_or_create(
        request=request,
        enterprise=enterprise,
        defaults={"supply_amount": supply_amount, "vat": vat, "valid_until": valid_until, "terms": terms},
    )
    audit(
        actor=actor,
        action="buying.quote.submitted",
        obj=quote,
        after={"supply_amount": supply_amount, "vat": vat, "valid_until": valid_until},
    )
    notify(
        recipient=request.requested_by,
        title=f"견적 도착: {request.title}",
        body=f"{enterprise.name}: {quote.amount:,}원 (부가세 포함)",
        link=reverse("buying:request_detail", args=[request.pk]),
    )
    return quote


@transaction.atomic
def quote_decline(*, actor, request: QuoteRequest, enterprise, reason: str) -> QuoteDecline:
    if request.status != RequestStatus.OPEN or not request.enterprises.filter(pk=enterprise.pk).exists():
        raise WorkflowError("견적을 받는 중인, 이 기업에 온 요청이 아닙니다.")
    if not reason.strip():
        raise WorkflowError("사양하는 사유를 적어 주세요.")
    if Quote.objects.filter(request=request, enterprise=enterprise).exists():
        raise WorkflowError("이미 견적을 보냈습니다.")
    decline, _ = QuoteDecline.objects.update_or_create(
        request=request, enterprise=enterprise, defaults={"reason": reason.strip()}
    )
    audit(
        actor=actor,
        action="buying.quote.declined",
        obj=request,
        after={"enterprise": enterprise.name, "reason": reason},
    )
    notify(
        recipient=request.requested_by,
        title=f"견적 사양: {request.title}",
        body=f"{enterprise.name}: {reason.strip()}",
        link=reverse("buying:request_detail", args=[request.pk]),
    )
    return decline


# The routes a quote request may end in: a contract by quotes. Competitive tenders and 종합쇼핑몰 purchases happen
# elsewhere and reach the platform as ledger lines with their own documents.
QUOTE_ROUTES = ("single_quote", "multi_quote")


def regime_of(institution) -> str:
    """구청·구의회와 공단·재단 are under 지방계약법 (a district platform has no 국가기관)."""
    return Regime.LOCAL


def estimate_of(request: QuoteRequest, quote: Quote | None = None) -> int:
    """The 추정가격 the route is judged on: the request's (requests made before it was asked: the quote's price)."""
    if request.estimated_price:
        return request.estimated_price
    return quote.supply_amount if quote else 0


def routes_for(quote: Quote, day: datetime.date, amount: int | None = None):
    """The routes for the quote's enterprise on `day`, judged on the request's 추정가격 (or `amount`)."""
    request = quote.request
    return supplier_routes(
        amount=estimate_of(request, quote) if amount is None else amount,
        kind=request.kind,
        works_type=request.works_type or None,
        enterprise=quote.enterprise,
        regime=regime_of(request.institution),
        day=day,
    )


@transaction.atomic
def contract_award(
    *, actor, quote: Quote, route: str, contract_date: datetime.date, condition_checked: bool = False
) -> Contract:
    """A contract by a quote route the rules allow on `contract_date`; a 조건부 route (an unknown 취약계층 share, an
    unread 요건) only when the officer says the condition was checked, which the audit keeps."""
    request = quote.request
    if request.status != RequestStatus.OPEN:
        raise WorkflowError("이미 계약했거나 마감된 요청입니다.")
    if route not in QUOTE_ROUTES:
        raise WorkflowError(
            "견적 요청에서는 견적에 의한 수의계약(1인 견적, 2인 이상 견적)만 맺습니다. 경쟁입찰이나 종합쇼핑몰 구매는 "
            "그 계약서로 원장에 등록해 주세요."
        )
    estimate = estimate_of(request, quote)
    answers = {answer.route: answer for answer in routes_for(quote, contract_date)}
    answer = answers.get(route)
    if answer is None:
        raise WorkflowError("알 수 없는 계약 방법입니다.")
    # The route is judged on the estimate fixed before the quotes; it must also cover the price quoted.
    if quote.supply_amount > estimate:
        priced = {a.route: a for a in routes_for(quote, contract_date, amount=quote.supply_amount)}[route]
        if priced.allowed is False:
            raise WorkflowError(
                f"견적 공급가액 {quote.supply_amount:,}원이 ‘{answer.label}’의 한도를 넘습니다: {priced.reason}. "
                "추정가격을 다시 정해 새로 요청하거나 다른 방법으로 계약해 주세요."
            )
    if answer.allowed is False:
        raise WorkflowError(f"{quoted(answer.label, '은/는')} 이 계약에 쓸 수 없습니다: {answer.reason}.")
    if answer.allowed is None and not condition_checked:
        raise WorkflowError(
            f"{quoted(answer.label, '은/는')} 조건부입니다: {answer.reason}. "
            "조건을 확인했으면 ‘조건을 확인했습니다’를 고르고 다시 계약해 주세요."
        )
    if route == "multi_quote":
        valid = request.quotes.filter(valid_until__gte=contract_date).count()
        if valid < 2:
            raise WorkflowError(
                f"2인 이상 견적 수의계약은 계약일에 유효한 견적이 둘 이상 있어야 합니다 (지금 {valid}건). "
                "1인 견적으로 계약하거나 견적을 더 받아 주세요."
            )
    contract = Contract.objects.create(
        number=contract_number_next(institution=request.institution, year=contract_date.year),
        request=request,
        quote=quote,
        enterprise=quote.enterprise,
        institution=request.institution,
        department=request.department,
        title=request.title,
        kind=request.kind,
        amount=quote.amount,
        supply_amount=quote.supply_amount,
        route=route,
        route_label=answer.label,
        basis=answer.basis,
        contract_date=contract_date,
        created_by=actor,
    )
    QuoteRequest.objects.filter(pk=request.pk).update(status=RequestStatus.AWARDED)
    audit(
        actor=actor,
        action="buying.contract.created",
        obj=contract,
        after={
            "amount": contract.amount,
            "estimated_price": estimate,
            "route": route,
            "basis": contract.basis,
            "allowed": answer.allowed,
            "reason": answer.reason,
            "condition_checked": answer.allowed is None and condition_checked,
            "enterprise": quote.enterprise.name,
        },
    )
    _tell_enterprise(
        contract.enterprise,
        f"계약 체결: {contract.title}",
        f"계약번호 {contract.number}, {contract.amount:,}원",
        reverse("buying:contract_detail", args=[contract.pk]),
    )
    return contract


def contract_number_next(*, institution, year: int) -> str:
    """The next number of the institution's year, e.g. 01-2026-0003, under a row lock (call inside a transaction).

    The row is made once, without a race (a conflicting insert is ignored), starting from the contracts already
    numbered that year."""
    ContractNumber.objects.bulk_create(
        [
            ContractNumber(
                institution=institution,
                year=year,
                last=Contract.objects.filter(institution=institution, contract_date__year=year).count(),
            )
        ],
        ignore_conflicts=True,
    )
    counter = ContractNumber.objects.select_for_update().get(institution=institution, year=year)
    counter.last += 1
    while Contract.objects.filter(number=_number(institution, year, counter.last)).exists():
        counter.last += 1  # a number given before the counter existed
    counter.save(update_fields=["last"])
    return _number(institution, year, counter.last)


def _number(institution, year: int, sequence: int) -> str:
    return f"{institution.pk:02d}-{year}-{sequence:04d}"


# Which step may follow which state, who takes it, and the state it leads to. A claimed or paid contract is not
# cancelled by its buyer: that is a correction (correction_request), decided by the district or the center.
STEPS = {
    "complete": ({ContractStatus.SIGNED, ContractStatus.FAILED}, "enterprise", ContractStatus.COMPLETED, "완료 보고"),
    "inspect_pass": ({ContractStatus.COMPLETED}, "buyer", ContractStatus.INSPECTED, "검수 합격"),
    "inspect_fail": ({ContractStatus.COMPLETED}, "buyer", ContractStatus.FAILED, "검수 불합격"),
    "claim": ({ContractStatus.INSPECTED}, "enterprise", ContractStatus.CLAIMED, "대금 청구"),
    "pay": ({ContractStatus.CLAIMED}, "buyer", ContractStatus.PAID, "대금 지급"),
    "cancel": (
        {
            ContractStatus.SIGNED,
            ContractStatus.COMPLETED,
            ContractStatus.FAILED,
            ContractStatus.INSPECTED,
        },
        "buyer",
        ContractStatus.CANCELLED,
        "계약 취소",
    ),
}
STAMPS = {
    "complete": "completed_at",
    "inspect_pass": "inspected_at",
    "inspect_fail": "inspected_at",
    "claim": "claimed_at",
    "pay": "paid_at",
}


@transaction.atomic
def contract_step(*, actor, contract: Contract, step: str, note: str = "", rating: int | None = None) -> Contract:
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    allowed_from, _, target, label = STEPS[step]
    if contract.status not in allowed_from:
        raise WorkflowError(
            f"지금 상태({contract.get_status_display()})에서는 {quoted(label, '을/를')} 할 수 없습니다."
        )
    if step in ("inspect_fail", "cancel") and not note.strip():
        raise WorkflowError("사유를 적어 주세요.")
    before = {"status": contract.status}
    contract.status = target
    if step in STAMPS:
        setattr(contract, STAMPS[step], timezone.now())
    if step.startswith("inspect"):
        contract.inspection_note = note.strip()
    if step == "inspect_pass" and rating:
        contract.rating = rating
    if step == "cancel":
        contract.cancel_reason = note.strip()
    if step == "pay":
        contract.purchase_id = _into_ledger(actor, contract).pk
    contract.save()
    audit(
        actor=actor,
        action=f"buying.contract.{step}",
        obj=contract,
        before=before,
        after={"status": contract.status, "note": note.strip(), "rating": contract.rating},
    )
    link = reverse("buying:contract_detail", args=[contract.pk])
    title = f"{label}: {contract.title}"
    if STEPS[step][1] == "enterprise":
        notify(
            recipient=contract.created_by,
            title=title,
            body=f"{contract.enterprise.name} · {contract.number}",
            link=link,
        )
    else:
        _tell_enterprise(contract.enterprise, title, note.strip() or contract.number, link)
    return contract


def _into_ledger(actor, contract: Contract):
    """The paid contract as a purchase line, keyed as the institution's own ledger would key it."""
    line = Line(
        institution=contract.institution.name,
        department=contract.department.name if contract.department else "",
        day=contract.contract_date,
        title=contract.title,
        kind=contract.kind,
        method=contract.route if contract.route in ("single_quote", "multi_quote", "shopping_mall") else "open",
        amount=contract.amount,
        supplier=contract.enterprise.name,
        business_no=contract.enterprise.business_no,
        category_id=None,
    )
    return writer.line_write(
        actor=actor,
        institution=contract.institution,
        department=contract.department,
        line=line,
        source=PurchaseSource.PLATFORM,
    )


@transaction.atomic
def message_post(*, actor, request: QuoteRequest, enterprise, body: str) -> RequestMessage:
    """A question from an invited enterprise, or the buyer's answer in that enterprise's thread."""
    if not body.strip():
        raise WorkflowError("내용을 적어 주세요.")
    if not request.enterprises.filter(pk=enterprise.pk).exists():
        raise WorkflowError("이 요청을 받은 기업이 아닙니다.")
    message = RequestMessage.objects.create(request=request, enterprise=enterprise, author=actor, body=body.strip())
    link = reverse("buying:request_detail", args=[request.pk])
    if actor.enterprise_id == enterprise.pk:
        notify(
            recipient=request.requested_by,
            title=f"견적 문의: {request.title}",
            body=f"{enterprise.name}: {body}",
            link=link,
        )
    else:
        _tell_enterprise(enterprise, f"문의 답변: {request.title}", body, link)
    return message


@transaction.atomic
def attachment_add(*, actor, request: QuoteRequest, stage: str, enterprise, file, label: str) -> Attachment:
    attachment = Attachment.objects.create(
        request=request,
        enterprise=enterprise,
        stage=stage,
        file=file,
        label=label.strip()[:200] or "첨부",
        uploaded_by=actor,
    )
    audit(actor=actor, action="buying.attachment.added", obj=request, after={"stage": stage, "label": attachment.label})
    return attachment


# --- corrections after the claim: asked by the buyer, decided by the district or the center --------------


def _program_staff():
    from procure.accounts.models import Role, User

    return User.objects.filter(is_active=True, role__in=[Role.DISTRICT_ADMIN, Role.CENTER_STAFF])


@transaction.atomic
def correction_request(*, actor, contract: Contract, kind: str, reason: str, amount: int | None = None):
    """A buyer asks to rescind (계약 해제) or claw back part of (환수) a claimed or paid contract."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.status not in (ContractStatus.CLAIMED, ContractStatus.PAID):
        raise WorkflowError("대금 청구나 지급을 마친 계약만 정정(환수·해제)을 요청합니다. 그 전에는 계약을 취소합니다.")
    if contract.corrections.filter(status=CorrectionStatus.REQUESTED).exists():
        raise WorkflowError("승인을 기다리는 정정 요청이 이미 있습니다.")
    if not reason.strip():
        raise WorkflowError("정정 사유를 적어 주세요.")
    remaining = _remaining(contract)
    if kind == CorrectionKind.RESCIND:
        amount = remaining
    elif kind == CorrectionKind.REFUND:
        if contract.status != ContractStatus.PAID:
            raise WorkflowError("환수는 지급을 마친 계약만 요청합니다.")
        if amount is None or isinstance(amount, bool) or not 0 < amount < remaining:
            raise WorkflowError(f"환수 금액은 1원부터 {remaining - 1:,}원까지입니다 (전액이면 계약 해제).")
    else:
        raise WorkflowError("알 수 없는 정정 구분입니다.")
    if remaining <= 0:
        raise WorkflowError("이미 전액 되돌린 계약입니다.")
    correction = ContractCorrection.objects.create(
        contract=contract, kind=kind, amount=amount, reason=reason.strip(), requested_by=actor
    )
    audit(
        actor=actor,
        action="buying.correction.requested",
        obj=contract,
        after={"kind": kind, "amount": amount, "reason": reason.strip(), "correction": correction.pk},
    )
    link = reverse("buying:contract_detail", args=[contract.pk])
    for staff in _program_staff():
        notify(
            recipient=staff,
            title=f"정정 승인 요청: {contract.title}",
            body=f"{contract.number} {correction.get_kind_display()} {amount:,}원. 사유: {reason.strip()}",
            link=link,
        )
    return correction


def _remaining(contract: Contract) -> int:
    if contract.purchase_id:
        record = PurchaseRecord.objects.filter(pk=contract.purchase_id).first()
        if record:
            return writer.reversible_amount(record)
    return contract.amount


@transaction.atomic
def correction_decide(*, actor, correction: ContractCorrection, approve: bool, note: str = "") -> ContractCorrection:
    """The district or the center approves (the ledger gets a reversal; a rescinded contract is 취소) or rejects."""
    correction = ContractCorrection.objects.select_for_update().get(pk=correction.pk)
    contract = Contract.objects.select_for_update().get(pk=correction.contract_id)
    if correction.status != CorrectionStatus.REQUESTED:
        raise WorkflowError("이미 결정한 정정 요청입니다.")
    if not approve and not note.strip():
        raise WorkflowError("반려 사유를 적어 주세요.")
    before = {"status": contract.status, "amount": _remaining(contract)}
    if approve:
        if contract.purchase_id:
            record = PurchaseRecord.objects.get(pk=contract.purchase_id)
            try:
                reversal = writer.line_reverse(
                    actor=actor,
                    record=record,
                    amount=correction.amount,
                    reason=f"{correction.get_kind_display()}: {correction.reason}",
                )
            except writer.LedgerError as error:
                raise WorkflowError(str(error)) from None
            correction.reversal_id = reversal.pk
        if correction.kind == CorrectionKind.RESCIND:
            contract.status = ContractStatus.CANCELLED
            contract.cancel_reason = f"계약 해제 (승인): {correction.reason}"
            contract.save(update_fields=["status", "cancel_reason"])
    correction.status = CorrectionStatus.APPROVED if approve else CorrectionStatus.REJECTED
    correction.decided_by = actor
    correction.decided_at = timezone.now()
    correction.decision_note = note.strip()
    correction.save()
    audit(
        actor=actor,
        action="buying.correction.approved" if approve else "buying.correction.rejected",
        obj=contract,
        before=before,
        after={
            "status": contract.status,
            "amount": _remaining(contract),
            "correction": correction.pk,
            "kind": correction.kind,
            "reversed": correction.amount if approve else 0,
            "note": note.strip(),
        },
    )
    link = reverse("buying:contract_detail", args=[contract.pk])
    verdict = "승인" if approve else "반려"
    title = f"정정 {verdict}: {contract.title}"
    body = f"{contract.number} {correction.get_kind_display()} {correction.amount:,}원. {note.strip()}".strip()
    notify(recipient=correction.requested_by, title=title, body=body, link=link)
    _tell_enterprise(contract.enterprise, title, body, link)
    return correction


# --- route rules ----------------------------------------------------------------------------------------

RULE_FIELDS = [
    "regime",
    "group",
    "kind_scope",
    "route",
    "max_amount",
    "min_vulnerable_share_bp",
    "basis",
    "effective_from",
    "effective_to",
    "verified",
]


@transaction.atomic
def route_rule_confirm(*, actor, rule: RouteRule) -> RouteRule:
    """The district administrator checked the figure against the decree's text: the UI stops warning."""
    before = snapshot(rule, RULE_FIELDS)
    rule.verified = True
    rule.save(update_fields=["verified"])
    audit(actor=actor, action="buying.routerule.confirmed", obj=rule, before=before, after=snapshot(rule, RULE_FIELDS))
    return rule
