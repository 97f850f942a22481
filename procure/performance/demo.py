"""Targets and monthly plans for the demo institutions and departments (last year and this year).

They add up as a district's plan would: each department has an amount target spread over the months to the won;
each institution has a ratio target of the total purchases its plan states (기준 총구매액), chosen so that the
ratio of it covers its departments' targets, and its plan is that amount month by month."""

import random

from django.utils import timezone

from procure.core.money import split_won
from procure.institutions.models import Department, Institution
from procure.performance.models import PurchasePlan, Target, TargetKind

INSTITUTION_TARGET_BP = {"관악구청": 900, "관악구의회": 500, "관악구시설관리공단": 700, "관악문화재단": 800}
BASE_ROUNDING = 100_000_000  # 기준 총구매액 in 억 원


def _plan(year: int, department, institution, amount: int) -> int:
    made = 0
    for month, share in enumerate(split_won(amount, 12), start=1):
        _, created = PurchasePlan.objects.get_or_create(
            year=year, month=month, institution=institution, department=department, defaults={"amount": share}
        )
        made += created
    return made


def seed() -> dict[str, int]:
    rng = random.Random(2025)
    created = 0
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        for institution in Institution.objects.filter(name__in=INSTITUTION_TARGET_BP).order_by("pk"):
            departments_total = 0
            for department in Department.objects.filter(institution=institution).order_by("pk"):
                amount = rng.randrange(10, 80) * 1_000_000
                target, made = Target.objects.get_or_create(
                    year=year,
                    institution=institution,
                    department=department,
                    defaults={"kind": TargetKind.AMOUNT, "amount": amount},
                )
                created += made + _plan(year, department, institution, target.amount)
                departments_total += target.amount
            ratio_bp = INSTITUTION_TARGET_BP[institution.name]
            # The smallest base in 억 whose ratio covers the departments' targets.
            needed = -(-departments_total * 10000 // ratio_bp)
            base = max(-(-needed // BASE_ROUNDING), 1) * BASE_ROUNDING
            target, made = Target.objects.get_or_create(
                year=year,
                institution=institution,
                department=None,
                defaults={"kind": TargetKind.RATIO, "ratio_bp": ratio_bp, "base_amount": base},
            )
            created += made
            if target.planned_amount:
                created += _plan(year, None, institution, target.planned_amount)
    return {"targets_and_plans": created}
