"""The opportunity finder: for an institution's ledger, which lines a local social economy enterprise could have
supplied, who, and what switching them would do to a department's share; and last year's buying calendar."""

from __future__ import annotations

import datetime
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils import timezone

from procure.catalog.models import Category, Offering, SearchIndexState
from procure.core.dbidentity import database_identity
from procure.enterprises.models import Enterprise
from procure.insights.classifier import PurchaseClassifier
from procure.insights.models import CategoryMark
from procure.ledger.models import PurchaseRecord
from procure.performance.selectors import regime_for

_LOCK = threading.Lock()
_MODEL: dict = {}


def category_names() -> dict[str, str]:
    return dict(Category.objects.exclude(code="NONE").values_list("code", "name"))


def classifier() -> PurchaseClassifier:
    """Learnt from the catalog (offering names ×3, descriptions, category names ×3), from ledger lines bought
    from registered enterprises (labelled with the enterprise's main category) and from officers' marks (a marked
    category is an example ×3; every mark also decides its own title outright); rebuilt when offerings or marks
    change."""
    marks = CategoryMark.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    # The counters start again in another database or a restored backup: the database's identity tells them apart.
    version = (
        database_identity(),
        SearchIndexState.objects.filter(pk=1).values_list("version", flat=True).first() or 0,
        marks["n"],
        marks["last"],
    )
    with _LOCK:
        if _MODEL.get("version") != version:
            examples = [(n.replace("·", " "), c, 3) for c, n in category_names().items()]
            main: dict[int, Counter] = defaultdict(Counter)
            for name, description, code, enterprise_id in Offering.objects.values_list(
                "name", "description", "category__code", "enterprise_id"
            ):
                examples += [(name, code, 3), (description, code, 1)]
                main[enterprise_id][code] += 1
            by_number = {
                number: main[pk].most_common(1)[0][0]
                for pk, number in Enterprise.objects.filter(pk__in=list(main)).values_list("pk", "business_no")
            }
            lines = PurchaseRecord.objects.filter(supplier_business_no__in=list(by_number)).values_list(
                "title", "supplier_business_no"
            )
            examples += [(title, by_number[number], 1) for title, number in lines.iterator(chunk_size=5000)]
            marks = list(CategoryMark.objects.values_list("normalized_title", "title", "category"))
            marked = {key: code for key, _, code in marks}
            examples += [(title, code, 3) for _, title, code in marks]
            _MODEL.update(version=version, model=PurchaseClassifier(examples, marked=marked))
        return _MODEL["model"]


def forget_model() -> None:
    _MODEL.clear()


def suppliers_by_category(day: datetime.date | None = None, limit: int = 5) -> dict[str, list[str]]:
    """Registered enterprises valid today with offerings in each category (most offerings first)."""
    day = day or timezone.localdate()
    valid = Enterprise.objects.valid_on(day).values("pk")
    rows = (
        Offering.objects.filter(enterprise__in=valid, is_hidden=False)
        .values("category__code", "enterprise__name")
        .annotate(n=Count("pk"))
        .order_by("category__code", "-n", "enterprise__name")
    )
    result: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if len(result[row["category__code"]]) < limit:
            result[row["category__code"]].append(row["enterprise__name"])
    return dict(result)


def supplier_categories() -> dict[str, frozenset[str]]:
    """사업자등록번호 → the categories of that registered enterprise's offerings: a line bought from it is one of
    them (classifier.classify's `supplier_categories`)."""
    found: dict[str, set[str]] = defaultdict(set)
    for number, code in Offering.objects.values_list("enterprise__business_no", "category__code").distinct():
        found[number].add(code)
    return {number: frozenset(codes) for number, codes in found.items()}


@dataclass
class LineVerdict:
    record: PurchaseRecord
    category: str
    se: bool
    switchable: bool
    reason: str = ""  # classifier.Verdict.reason: "marked" (an officer said so), "registered_supplier", …


@dataclass
class Opportunity:
    label: str
    total: int = 0
    se: int = 0
    switchable: int = 0
    by_category: Counter = field(default_factory=Counter)
    lines: list = field(default_factory=list)  # switchable lines, largest first (up to 200)
    out_of_reach: list = field(default_factory=list)  # lines judged NONE, not bought from an SE (up to 200)
    switchable_count: int = 0  # all of them, beyond the 200 kept
    out_of_reach_count: int = 0

    @property
    def ratio_before(self) -> float:
        return self.se / self.total if self.total else 0.0

    @property
    def ratio_after(self) -> float:
        return (self.se + self.switchable) / self.total if self.total else 0.0

    @property
    def percent_before(self) -> str:
        return f"{self.ratio_before * 100:.1f}%"

    @property
    def percent_after(self) -> str:
        return f"{self.ratio_after * 100:.1f}%"


def opportunities(*, institution, year: int, department=None) -> dict:
    """Per department (or one department): spend, SE spend, spend that could switch, the ratio before and after,
    the switchable categories with their local suppliers. SE spend is counted as the district's default regime
    counts it (types held on the contract day, exclusions respected)."""
    regime = regime_for(None)
    counted = set(regime.counted_types) if regime else set()
    model = classifier()
    names = category_names()
    by_supplier = supplier_categories()
    records = (
        PurchaseRecord.objects.contracts()
        .filter(institution=institution, contract_date__year=year)
        .select_related("department")
    )
    if department is not None:
        records = records.filter(department=department)
    units: dict[int | None, Opportunity] = {}
    whole = Opportunity(institution.name)
    for record in records.order_by("-amount").iterator(chunk_size=2000):
        unit = units.setdefault(
            record.department_id, Opportunity(record.department.name if record.department else "(부서 없음)")
        )
        se = record.exclusion_id is None and bool(set(record.held_types.split(",")) & counted)
        verdict = model.classify(
            record.title,
            kind=record.kind,
            amount=record.amount,
            method=record.method,
            supplier_categories=by_supplier.get(record.supplier_business_no, frozenset()),
        )
        switchable = not se and verdict.category != "NONE"
        for target in (unit, whole):
            target.total += record.amount
            target.se += record.amount if se else 0
            if switchable:
                target.switchable += record.amount
                target.by_category[verdict.category] += record.amount
        if switchable:
            unit.switchable_count += 1
            kept = unit.lines
        elif not se:  # shown too, so that an officer can correct a line the finder wrongly put out of reach
            unit.out_of_reach_count += 1
            kept = unit.out_of_reach
        else:
            continue
        if len(kept) < 200:
            kept.append(LineVerdict(record, verdict.category, se, switchable, verdict.reason))
    suppliers = suppliers_by_category()
    return {
        "institution": whole,
        "departments": sorted(units.values(), key=lambda u: -u.switchable),
        "category_names": names,
        "suppliers": suppliers,
    }


def buying_calendar(*, institution, department=None, year: int) -> list[dict]:
    """Last year's spend by month and category (what the department will likely buy again): the nudges
    "작년 3월에 인쇄물 1,200만원"."""
    model = classifier()
    names = category_names()
    by_supplier = supplier_categories()
    records = PurchaseRecord.objects.contracts().filter(institution=institution, contract_date__year=year - 1)
    if department is not None:
        records = records.filter(department=department)
    spend: dict[tuple[int, str], int] = Counter()
    lines = records.values_list("title", "kind", "amount", "contract_date", "method", "supplier_business_no")
    for title, kind, amount, day, method, number in lines.iterator(chunk_size=2000):
        verdict = model.classify(
            title, kind=kind, amount=amount, method=method, supplier_categories=by_supplier.get(number, frozenset())
        )
        if verdict.category != "NONE":
            spend[day.month, verdict.category] += amount
    return [
        {"month": month, "category": code, "label": names.get(code, code), "amount": amount}
        for (month, code), amount in sorted(spend.items(), key=lambda item: (item[0][0], -item[1]))
    ]
