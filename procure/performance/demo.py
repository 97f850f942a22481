"""Targets and monthly plans for the demo institutions and departments (last year and this year)."""

import random

from django.utils import timezone

from procure.core.money import split_won
from procure.institutions.models import Department, Institution
from procure.performance.models import PurchasePlan, Target, TargetKind

INSTITUTION_TARGET_BP = {"관악구청": 900, "관악구의회": 500, "관악구시설관리공단": 700, "관악문화재단": 800}


def seed() -> dict[str, int]:
    rng = random.Random(2025)
    created = 0
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        for institution in Institution.objects.filter(name__in=INSTITUTION_TARGET_BP):
            _, made = Target.objects.get_or_create(
                year=year,
                institution=institution,
                department=None,
                defaults={"kind": TargetKind.RATIO, "ratio_bp": INSTITUTION_TARGET_BP[institution.name]},
            )
            created += made
        for department in Department.objects.filter(institution__name__in=INSTITUTION_TARGET_BP).order_by("pk"):
            amount = rng.randrange(10, 80) * 1_000_000
            _, made = Target.objects.get_or_create(
                year=year,
                institution=department.institution,
                department=department,
                defaults={"kind": TargetKind.AMOUNT, "amount": amount},
            )
            created += made
            for month, share in enumerate(split_won(amount, 12), start=1):
                _, made = PurchasePlan.objects.get_or_create(
                    year=year,
                    month=month,
                    institution=department.institution,
                    department=department,
                    defaults={"amount": share},
                )
                created += made
    return {"targets_and_plans": created}
