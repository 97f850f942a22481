from urllib.parse import quote as quote_name

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from procure.accounts.models import Role
from procure.buying import corrections, selectors
from procure.buying.changes import DIRECT, WITH_APPROVAL, contract_change, contract_change_decide
from procure.buying.deadlines import waiting
from procure.buying.documents import contract_context, quote_context
from procure.buying.forms import (
    AttachmentForm,
    AwardForm,
    ChangeDecisionForm,
    ChangeForm,
    QuoteForm,
    QuoteRequestForm,
    RouteQuestionForm,
    StepForm,
)
from procure.buying.models import Attachment, Contract, Quote, QuoteRequest, Regime, RequestStatus, RouteRule
from procure.buying.permissions import (
    can_act_as_buyer,
    can_check_routes,
    can_confirm_rules,
    can_see_buying,
    can_view_contract,
    can_view_request,
    is_buyer,
    is_program_staff,
)
from procure.buying.routes import contract_routes, supplier_routes
from procure.buying.selectors import scorecard
from procure.buying.services import (
    QUOTE_ROUTES,
    STEPS,
    SplitSuspected,
    attachment_add,
    contract_award,
    contract_step,
    estimate_of,
    message_post,
    quote_decline,
    quote_request_create,
    quote_submit,
    regime_of,
    route_rule_confirm,
    routes_for,
)
from procure.core.access import access
from procure.core.feedback import reported
from procure.core.pdf import PdfUnavailable, render_pdf
from procure.core.text import quoted
from procure.core.uploads import serve_upload


@access(can_check_routes)
def routes(request):
    """Which contract routes the rules allow, each with its legal basis."""
    form = RouteQuestionForm(request.GET or None, initial={"regime": Regime.LOCAL})
    answers, supplier = None, None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        supplier = data["enterprise"]
        question = {
            "amount": data["amount"],
            "kind": data["kind"],
            "works_type": (data["works_type"] or None) if data["kind"] == "works" else None,
            "regime": data["regime"],
            "day": data["day"],
        }
        if supplier:
            answers = supplier_routes(enterprise=supplier, **question)
        else:
            share = None if data["vulnerable_percent"] is None else f"{data['vulnerable_percent']}%"
            answers = contract_routes(supplier_types=set(data["types"]), vulnerable_share=share, **question)
    return render(request, "buying/routes.html", {"form": form, "answers": answers, "supplier": supplier})


@access(can_check_routes)
def rules(request):
    """The dated rules the answers come from; the unverified ones are marked."""
    return render(
        request,
        "buying/rules.html",
        {"rules": RouteRule.objects.all(), "can_confirm": can_confirm_rules(request.user)},
    )


@access(can_confirm_rules)
@require_POST
def rule_confirm(request, pk):
    rule = get_object_or_404(RouteRule, pk=pk)
    route_rule_confirm(actor=request.user, rule=rule)
    messages.success(request, f"‘{rule.basis}’ 한도 {rule.max_amount:,}원을 확인된 규칙으로 표시했습니다.")
    return redirect("buying:rules")


def _form_errors(form) -> str:
    """A form posted from a page that shows several forms: its Korean errors as one message."""
    return " ".join(error for errors in form.errors.values() for error in errors)


# --- the buying workflow --------------------------------------------------------------------------


def _request_for(request, pk) -> QuoteRequest:
    quote_request = get_object_or_404(QuoteRequest.objects.select_related("institution", "department"), pk=pk)
    if not can_view_request(request.user, quote_request):
        raise Http404  # another institution's or enterprise's request is simply not found
    return quote_request


def _contract_for(request, pk) -> Contract:
    contract = get_object_or_404(Contract.objects.select_related("enterprise", "institution", "department"), pk=pk)
    if not can_view_contract(request.user, contract):
        raise Http404
    return contract


@access(can_see_buying)
def request_list(request):
    user = request.user
    requests, contracts = selectors.requests_for(user), selectors.contracts_for(user)
    return render(
        request,
        "buying/request_list.html",
        {
            "page": Paginator(requests, 20).get_page(request.GET.get("page")),
            "contracts": contracts[:50],
            "can_create": is_buyer(user),
            "can_check_routes": can_check_routes(user),
        },
    )


@access(is_buyer)
def request_new(request):
    initial = {}
    if request.GET.getlist("enterprise"):  # from an offering, or every enterprise of a shortlist
        initial["enterprises"] = request.GET.getlist("enterprise")
    form = QuoteRequestForm(request.POST or None, initial=initial)
    split_warning = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            success = "견적을 요청했습니다. 기업이 답하면 알림으로 알려 드립니다."
            with reported(request, success, lets_through=(SplitSuspected,)) as outcome:
                created = quote_request_create(actor=request.user, enterprises=list(data.pop("enterprises")), **data)
        except SplitSuspected as suspected:
            split_warning = suspected.warning  # shown above the form; going on needs the reason
        else:
            if not outcome.refused:
                return redirect("buying:request_detail", pk=created.pk)
    return render(request, "buying/request_form.html", {"form": form, "split_warning": split_warning})


@access(can_see_buying)
def request_detail(request, pk):
    quote_request = _request_for(request, pk)
    user = request.user
    context = {
        "quote_request": quote_request,
        "contract": Contract.objects.filter(request=quote_request).first(),
        "attachment_form": AttachmentForm(),
    }
    attachments = quote_request.attachments.select_related("enterprise")
    threads = quote_request.messages.select_related("author", "enterprise")
    if user.role == Role.ENTERPRISE:
        mine = Quote.objects.filter(request=quote_request, enterprise=user.enterprise_id).first()
        context["my_quote"] = mine
        context["my_decline"] = quote_request.declines.filter(enterprise=user.enterprise_id).first()
        context["attachments"] = [a for a in attachments if a.enterprise_id in (None, user.enterprise_id)]
        context["my_thread"] = [m for m in threads if m.enterprise_id == user.enterprise_id]
        if quote_request.status == RequestStatus.OPEN:
            initial = (
                {
                    "supply_amount": mine.supply_amount,
                    "vat": mine.vat,
                    "valid_until": mine.valid_until,
                    "terms": mine.terms,
                }
                if mine
                else {}
            )
            context["quote_form"] = QuoteForm(initial=initial, tax_status=quote_request.tax_status)
    else:
        quotes = list(quote_request.quotes.select_related("enterprise"))
        today = timezone.localdate()
        for quote in quotes:
            quote.routes = routes_for(quote, today)
            quote.scorecard = scorecard(quote.enterprise)
            quote.award_form = AwardForm(
                answers=[a for a in quote.routes if a.route in QUOTE_ROUTES], prefix=f"q{quote.pk}"
            )
        context["quotes"] = quotes
        context["estimate"] = estimate_of(quote_request, quotes[0] if quotes else None)
        context["declines"] = quote_request.declines.select_related("enterprise")
        context["attachments"] = list(attachments)
        by_enterprise = {}
        for message in threads:
            by_enterprise.setdefault(message.enterprise, []).append(message)
        context["threads"] = by_enterprise
        context["can_write"] = can_act_as_buyer(user, quote_request)
        context["can_award"] = quote_request.status == RequestStatus.OPEN and can_act_as_buyer(user, quote_request)
    return render(request, "buying/request_detail.html", context)


@access(can_see_buying)
@require_POST
def quote_submit_view(request, pk):
    quote_request = _request_for(request, pk)
    if request.user.role != Role.ENTERPRISE:
        raise PermissionDenied
    form = QuoteForm(request.POST, tax_status=quote_request.tax_status)
    if form.is_valid():
        with reported(request, "견적을 보냈습니다."):
            quote_submit(
                actor=request.user, request=quote_request, enterprise=request.user.enterprise, **form.cleaned_data
            )
    else:
        messages.error(request, _form_errors(form))
    return redirect("buying:request_detail", pk=pk)


@access(can_see_buying)
@require_POST
def quote_decline_view(request, pk):
    quote_request = _request_for(request, pk)
    if request.user.role != Role.ENTERPRISE:
        raise PermissionDenied
    with reported(request, "견적을 사양했습니다. 요청한 담당자에게 알렸습니다."):
        quote_decline(
            actor=request.user,
            request=quote_request,
            enterprise=request.user.enterprise,
            reason=request.POST.get("reason", "")[:1000],
        )
    return redirect("buying:request_detail", pk=pk)


@access(is_buyer)
@require_POST
def award(request, pk):
    quote = get_object_or_404(Quote.objects.select_related("request", "enterprise"), pk=pk)
    if not can_view_request(request.user, quote.request):
        raise Http404
    if not can_act_as_buyer(request.user, quote.request):
        raise PermissionDenied
    answers = [a for a in routes_for(quote, timezone.localdate()) if a.route in QUOTE_ROUTES]
    form = AwardForm(request.POST, answers=answers, prefix=f"q{quote.pk}")
    if form.is_valid():
        with reported(request) as outcome:
            contract = contract_award(actor=request.user, quote=quote, **form.cleaned_data)
            outcome.success = f"계약했습니다 (계약번호 {contract.number})."
        if not outcome.refused:
            return redirect("buying:contract_detail", pk=contract.pk)
    else:
        messages.error(request, _form_errors(form))
    return redirect("buying:request_detail", pk=quote.request_id)


CHANGEABLE = DIRECT + WITH_APPROVAL


@access(can_see_buying)
def contract_detail(request, pk):
    contract = _contract_for(request, pk)
    user = request.user
    side = "enterprise" if user.role == Role.ENTERPRISE else ("buyer" if can_act_as_buyer(user, contract) else None)
    changes = list(contract.changes.select_related("requested_by", "decided_by"))
    steps = [
        (name, label, StepForm(prefix=name))
        for name, (states, who, _, label) in STEPS.items()
        if contract.status in states and who == side
    ]
    return render(
        request,
        "buying/contract_detail.html",
        {
            "contract": contract,
            "steps": steps,
            "change_form": ChangeForm() if side == "buyer" and contract.status in CHANGEABLE else None,
            "changes": changes,
            "change_decision_form": ChangeDecisionForm() if is_program_staff(user) else None,
            "correction_form": corrections.request_form_for(user, contract),
            "corrections": contract.corrections.select_related("requested_by", "decided_by"),
            "reversals": corrections.ledger_reversals(contract),
        },
    )


@access(can_see_buying)
@require_POST
def contract_step_view(request, pk, step):
    contract = _contract_for(request, pk)
    if step not in STEPS:
        raise Http404
    who = STEPS[step][1]
    if (who == "enterprise" and request.user.role != Role.ENTERPRISE) or (
        who == "buyer" and not can_act_as_buyer(request.user, contract)
    ):
        raise PermissionDenied
    form = StepForm(request.POST, prefix=step)
    if not form.is_valid():  # an out-of-range rating or an overlong note: nothing is recorded
        messages.error(request, _form_errors(form))
        return redirect("buying:contract_detail", pk=pk)
    with reported(request, f"{quoted(STEPS[step][3], '을/를')} 기록했습니다."):
        contract_step(
            actor=request.user,
            contract=contract,
            step=step,
            note=form.cleaned_data.get("note", ""),
            rating=form.cleaned_data.get("rating"),
        )
    return redirect("buying:contract_detail", pk=pk)


@access(can_check_routes)
def overdue_list(request):
    """Contracts whose 검수 or payment is late: all of them for the center, the institution's for a buyer."""
    only = request.user.institution_id if request.user.role == Role.BUYER else None
    items = waiting(today=timezone.localdate(), institution_id=only)
    return render(request, "buying/overdue.html", {"items": items})


def _pdf_response(request, *, context: dict, filename: str):
    html = render_to_string("buying/contract_pdf.html", {**context, "today": timezone.localdate()})
    try:
        pdf = render_pdf(html)
    except PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote_name(filename)}"
    return response


@access(can_see_buying)
def contract_pdf(request, pk):
    contract = _contract_for(request, pk)
    context = contract_context(contract, regime_of(contract.institution))
    return _pdf_response(request, context=context, filename=f"계약서-{contract.number}.pdf")


@access(can_see_buying)
def quote_pdf(request, pk):
    quote = get_object_or_404(Quote.objects.select_related("request", "enterprise"), pk=pk)
    if not can_view_request(request.user, quote.request) or (
        request.user.role == Role.ENTERPRISE and quote.enterprise_id != request.user.enterprise_id
    ):
        raise Http404
    context = quote_context(quote)
    return _pdf_response(request, context=context, filename=f"견적서-{quote.enterprise.name}-{quote.pk}.pdf")


# --- questions, attachments, changes ------------------------------------------------------------------


@access(can_see_buying)
@require_POST
def message_post_view(request, pk):
    quote_request = _request_for(request, pk)
    user = request.user
    if user.role == Role.ENTERPRISE:
        enterprise = user.enterprise
    elif can_act_as_buyer(user, quote_request):
        enterprise = get_object_or_404(quote_request.enterprises, pk=request.POST.get("enterprise"))
    else:
        raise PermissionDenied
    with reported(request, "글을 남겼습니다."):
        message_post(actor=user, request=quote_request, enterprise=enterprise, body=request.POST.get("body", "")[:2000])
    return redirect("buying:request_detail", pk=pk)


@access(can_see_buying)
@require_POST
def attachment_upload(request, pk):
    quote_request = _request_for(request, pk)
    user = request.user
    if user.role == Role.ENTERPRISE:
        contract = Contract.objects.filter(request=quote_request, enterprise=user.enterprise_id).first()
        stage, enterprise = ("completion" if contract else "quote"), user.enterprise
    elif can_act_as_buyer(user, quote_request):
        stage, enterprise = "request", None
    else:
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        with reported(request, "파일을 올렸습니다."):
            attachment_add(
                actor=user,
                request=quote_request,
                stage=stage,
                enterprise=enterprise,
                file=form.cleaned_data["file"],
                label=form.cleaned_data["label"],
            )
    else:
        messages.error(request, _form_errors(form))
    return redirect("buying:request_detail", pk=pk)


@access(can_see_buying)
def attachment_file(request, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("request"), pk=pk)
    if not can_view_request(request.user, attachment.request):
        raise Http404
    # An enterprise sees the buyer's files and its own, never another enterprise's quote.
    if request.user.role == Role.ENTERPRISE and attachment.enterprise_id not in (None, request.user.enterprise_id):
        raise Http404
    return serve_upload(attachment.file, download_name=f"첨부-{attachment.pk}", inline_images=False)


@access(is_buyer)
@require_POST
def contract_change_view(request, pk):
    contract = _contract_for(request, pk)
    if not can_act_as_buyer(request.user, contract):
        raise PermissionDenied
    form = ChangeForm(request.POST)
    if form.is_valid():
        with reported(request) as outcome:
            changed = contract_change(actor=request.user, contract=contract, **form.cleaned_data)
            outcome.success = (
                "계약을 변경했습니다."
                if changed.amount == form.cleaned_data["amount"]
                else "검수를 마친 계약이라 변경을 요청했습니다. 구 또는 지원센터가 승인하면 바뀝니다."
            )
    else:
        messages.error(request, _form_errors(form))
    return redirect("buying:contract_detail", pk=pk)


@access(is_program_staff)
@require_POST
def contract_change_decide_view(request, pk):
    """The district or the center approves or rejects a change asked for after 검수."""
    from procure.buying.models import ContractChange

    change = get_object_or_404(ContractChange.objects.select_related("contract"), pk=pk)
    if not can_view_contract(request.user, change.contract):
        raise PermissionDenied
    form = ChangeDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("buying:contract_detail", pk=change.contract_id)
    approve = request.POST.get("decision") == "approve"
    with reported(request, "변경을 승인했습니다." if approve else "변경 요청을 반려했습니다."):
        contract_change_decide(
            actor=request.user, change=change, approve=approve, note=form.cleaned_data.get("note", "")
        )
    return redirect("buying:contract_detail", pk=change.contract_id)
