from decimal import Decimal

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from procure.buying.forms import RouteQuestionForm
from procure.buying.models import Regime, RouteRule
from procure.buying.permissions import can_check_routes, can_confirm_rules
from procure.buying.routes import contract_routes
from procure.buying.services import route_rule_confirm
from procure.core.access import access
from procure.enterprises.selectors import enterprise_types_on


@access(can_check_routes)
def routes(request):
    """Which contract routes the rules allow, each with its legal basis."""
    form = RouteQuestionForm(request.GET or None, initial={"regime": Regime.LOCAL})
    answers, supplier = None, None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        supplier = data["enterprise"]
        if supplier:
            types = set(enterprise_types_on(supplier, data["day"]))
            share = None
            if supplier.employees and supplier.vulnerable_employees is not None:
                share = Decimal(supplier.vulnerable_employees) / Decimal(supplier.employees)
        else:
            types = set(data["types"])
            share = None if data["vulnerable_percent"] is None else f"{data['vulnerable_percent']}%"
        answers = contract_routes(
            amount=data["amount"],
            kind=data["kind"],
            supplier_types=types,
            vulnerable_share=share,
            regime=data["regime"],
            day=data["day"],
        )
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
