"""변경계약: a new contract amount with its reason, checked against the contract's route again.

Before 검수 the buyer changes the contract at once. After 검수 (inspected or claimed, not yet paid) the change is
only asked for and waits for the district's or the center's approval; a paid contract is corrected by 환수·해제
(workflow.correction_request). Every change keeps the estimate (추정가격) it was judged on, the amount before and
after and the reason (ContractChange), and is audited."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from procure.buying.models import Contract, ContractChange, ContractStatus, CorrectionStatus
from procure.buying.routes import supplier_routes
from procure.buying.services import WorkflowError, _program_staff, _tell_enterprise, estimate_of, regime_of
from procure.core.services import audit, notify
from procure.ledger.rules import MAX_AMOUNT

DIRECT = (ContractStatus.SIGNED, ContractStatus.COMPLETED, ContractStatus.FAILED)
WITH_APPROVAL = (ContractStatus.INSPECTED, ContractStatus.CLAIMED)


def _supply_for(contract: Contract, amount: int) -> int:
    """The price before VAT of `amount`, in the same proportion as the contract's."""
    if not contract.amount:
        return amount
    return (amount * contract.supply_amount + contract.amount // 2) // contract.amount


def _check_route(contract: Contract, supply: int) -> None:
    """Refuse a change that takes the contract past what its route allows (judged on the larger of the request's
    estimate and the new price before VAT)."""
    judged = max(supply, estimate_of(contract.request) or 0)
    answer = next(
        (
            a
            for a in supplier_routes(
                amount=judged,
                kind=contract.kind,
                works_type=contract.request.works_type or None,
                enterprise=contract.enterprise,
                regime=regime_of(contract.institution),
                day=contract.contract_date,
            )
            if a.route == contract.route
        ),
        None,
    )
    if answer is not None and answer.allowed is False:
        raise WorkflowError(
            f"바꾼 금액(공급가액 {supply:,}원)으로는 이 계약의 방법 ‘{answer.label}’을 쓸 수 없습니다: "
            f"{answer.reason}. 새로 계약해 주세요."
        )


def _apply(actor, contract: Contract, change: ContractChange) -> None:
    before = {"amount": contract.amount, "supply_amount": contract.supply_amount}
    contract.amount, contract.supply_amount = change.amount_after, change.supply_after
    contract.save(update_fields=["amount", "supply_amount"])
    audit(
        actor=actor,
        action="buying.contract.changed",
        obj=contract,
        before=before,
        after={
            "amount": contract.amount,
            "supply_amount": contract.supply_amount,
            "estimated_price": change.estimated_price,
            "reason": change.reason,
            "change": change.pk,
        },
    )
    _tell_enterprise(
        contract.enterprise,
        f"계약 변경: {contract.title}",
        f"계약금액 {change.amount_before:,}원 → {change.amount_after:,}원. 사유: {change.reason}",
        reverse("buying:contract_detail", args=[contract.pk]),
    )


@transaction.atomic
def contract_change(*, actor, contract: Contract, amount: int, reason: str) -> Contract:
    """A 변경계약: at once before 검수; after 검수 a request the district or the center approves."""
    contract = Contract.objects.select_for_update().select_related("request").get(pk=contract.pk)
    if contract.status not in DIRECT + WITH_APPROVAL:
        raise WorkflowError(
            "대금을 지급했거나 취소한 계약은 금액을 바꿀 수 없습니다. 지급한 계약은 정정(환수·해제)을 요청해 주세요."
        )
    if not reason.strip():
        raise WorkflowError("바꿀 금액과 사유를 적어 주세요.")
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_AMOUNT:
        raise WorkflowError("계약금액은 0원보다 크고 100조 원 이하여야 합니다.")
    if contract.changes.filter(status=CorrectionStatus.REQUESTED).exists():
        raise WorkflowError("승인을 기다리는 변경 요청이 이미 있습니다.")
    supply = _supply_for(contract, amount)
    _check_route(contract, supply)
    needs_approval = contract.status in WITH_APPROVAL
    change = ContractChange.objects.create(
        contract=contract,
        amount_before=contract.amount,
        amount_after=amount,
        supply_before=contract.supply_amount,
        supply_after=supply,
        estimated_price=contract.request.estimated_price,
        reason=reason.strip(),
        status=CorrectionStatus.REQUESTED if needs_approval else CorrectionStatus.APPROVED,
        requested_by=actor,
    )
    if not needs_approval:
        _apply(actor, contract, change)
        return contract
    audit(
        actor=actor,
        action="buying.contract.change_requested",
        obj=contract,
        before={"amount": contract.amount},
        after={"amount": amount, "reason": change.reason, "change": change.pk},
    )
    link = reverse("buying:contract_detail", args=[contract.pk])
    for staff in _program_staff():
        notify(
            recipient=staff,
            title=f"변경계약 승인 요청: {contract.title}",
            body=f"{contract.number} {contract.amount:,}원 → {amount:,}원 (검수 후). 사유: {change.reason}",
            link=link,
        )
    return contract


@transaction.atomic
def contract_change_decide(*, actor, change: ContractChange, approve: bool, note: str = "") -> ContractChange:
    """The district or the center approves a change asked for after 검수 (checked against the route again) or
    rejects it with a reason."""
    change = ContractChange.objects.select_for_update().get(pk=change.pk)
    contract = Contract.objects.select_for_update().select_related("request").get(pk=change.contract_id)
    if change.status != CorrectionStatus.REQUESTED:
        raise WorkflowError("이미 결정한 변경 요청입니다.")
    if not approve and not note.strip():
        raise WorkflowError("반려 사유를 적어 주세요.")
    if approve:
        if contract.status not in WITH_APPROVAL:
            raise WorkflowError("지급했거나 취소한 계약이라 변경을 승인할 수 없습니다.")
        _check_route(contract, change.supply_after)
        change.amount_before, change.supply_before = contract.amount, contract.supply_amount
    change.status = CorrectionStatus.APPROVED if approve else CorrectionStatus.REJECTED
    change.decided_by, change.decided_at, change.decision_note = actor, timezone.now(), note.strip()
    change.save()
    if approve:
        _apply(actor, contract, change)
    else:
        audit(
            actor=actor,
            action="buying.contract.change_rejected",
            obj=contract,
            after={"change": change.pk, "note": change.decision_note},
        )
    notify(
        recipient=change.requested_by,
        title=f"변경계약 {'승인' if approve else '반려'}: {contract.title}",
        body=f"{contract.number} {change.amount_before:,}원 → {change.amount_after:,}원. {note.strip()}".strip(),
        link=reverse("buying:contract_detail", args=[contract.pk]),
    )
    return change
