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
from procure.enterprises.models import Enterprise, EnterpriseQualification
from procure.enterprises.selectors import licence_holders_on
from procure.insights.classifier import PurchaseClassifier, catalog_examples
from procure.insights.models import CategoryMark
from procure.ledger.models import PurchaseRecord
from procure.performance.selectors import regime_for

_LOCK = threading.Lock()
_MODEL: dict = {}


def category_names() -> dict[str, str]:
    return dict(Category.objects.exclude(code="NONE").values_list("code", "name"))


def _holders_lookup():
    """licence code, day → names of active registered enterprises holding that licence on that day
    (enterprises.selectors.licence_holders_on), asked once per code and day and only for codes someone holds."""
    held = set(EnterpriseQualification.objects.approved().values_list("kind", flat=True).distinct())
    cache: dict[tuple[str, datetime.date], list[str]] = {}

    def holders(code: str, day: datetime.date | None) -> list[str]:
        if code not in held:
            return []
        day = day or timezone.localdate()
        if (code, day) not in cache:
            cache[code, day] = list(licence_holders_on(code, day).values_list("name", flat=True))
        return cache[code, day]

    return holders


def classifier() -> PurchaseClassifier:
    """Learnt from the catalog (offering names ×3, descriptions, category names ×3), from ledger lines bought
    from registered enterprises (labelled with the enterprise's main category) and from officers' marks (a marked
    category is an example ×3; every mark also decides its own title outright, for its institution or the whole
    district); knows the enterprises' licences (enterprises.selectors.licence_holders_on); rebuilt when offerings,
    marks or qualifications change."""
    marks = CategoryMark.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    licences = EnterpriseQualification.objects.aggregate(
        n=Count("pk"), last=Max("created_at"), reviewed=Max("reviewed_at")
    )
    # The counters start again in another database or a restored backup: the database's identity tells them apart.
    version = (
        database_identity(),
        SearchIndexState.objects.filter(pk=1).values_list("version", flat=True).first() or 0,
        marks["n"],
        marks["last"],
        tuple(licences.values()),
        timezone.localdate(),
    )
    with _LOCK:
        if _MODEL.get("version") != version:
            main: dict[int, Counter] = defaultdict(Counter)
            offerings = []
            for name, description, code, enterprise_id, number, kind in Offering.objects.values_list(
                "name", "description", "category__code", "enterprise_id", "enterprise__business_no", "kind"
            ):
                offerings.append((name, description, code, number, kind))
                main[enterprise_id][code] += 1
            examples, rentals, goods, _ = catalog_examples(category_names(), offerings)
            by_number = {
                number: main[pk].most_common(1)[0][0]
                for pk, number in Enterprise.objects.filter(pk__in=list(main)).values_list("pk", "business_no")
            }
            lines = PurchaseRecord.objects.filter(supplier_business_no__in=list(by_number)).values_list(
                "title", "supplier_business_no"
            )
            examples += [(title, by_number[number], 1) for title, number in lines.iterator(chunk_size=5000)]
            mark_rows = list(
                CategoryMark.objects.values_list("institution_id", "normalized_title", "title", "category")
            )
            marked: dict[tuple[int | None, str], str] = {
                (institution, key): code for institution, key, _, code in mark_rows
            }
            examples += [(title, code, 3) for _, _, title, code in mark_rows]
            model = PurchaseClassifier(examples, marked=marked, rentals=rentals, goods=goods, holders=_holders_lookup())
            _MODEL.update(version=version, model=model)
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
    """사업자등록번호 → the categories of that registered enterprise's offerings and declared fields (주요 분야): a
    line bought from it is one of them (classifier.classify's `supplier_categories`)."""
    found: dict[str, set[str]] = defaultdict(set)
    for number, code in Offering.objects.values_list("enterprise__business_no", "category__code").distinct():
        found[number].add(code)
    # An enterprise with no offering yet is still what it registered as (주요 분야).
    for number, code in Enterprise.objects.exclude(categories=None).values_list("business_no", "categories__code"):
        if number and code and code != "NONE":
            found[number].add(code)
    return {number: frozenset(codes) for number, codes in found.items()}


SURE_CONFIDENCE = 0.9  # a switchable line is "sure" at this confidence, and only with a named local enterprise


@dataclass
class LineVerdict:
    record: PurchaseRecord
    category: str
    se: bool
    switchable: bool
    reason: str = ""  # classifier.Verdict.reason: "marked" (an officer said so), "registered_supplier", …
    confidence: float = 0.0
    sure: bool = False
    detail: str = ""  # what the law calls the work, when a reference entry decided
    names: tuple = ()  # enterprises holding the licence the line needs

    @property
    def confidence_percent(self) -> str:
        return f"{self.confidence * 100:.0f}%"


def _percent(ratio: float, *, all_sure: bool) -> str:
    # "100%" only when every line counted is a sure match with a named enterprise.
    if ratio >= 0.9995 and not all_sure:
        return "100% 미만"
    return f"{ratio * 100:.1f}%"


@dataclass
class Opportunity:
    label: str
    total: int = 0
    se: int = 0
    sure: int = 0  # switchable spend the finder is sure of (confident, a named local enterprise)
    likely: int = 0  # switchable spend it thinks likely
    unjudged: int = 0  # spend of lines it could not judge (neither counted as switchable nor out of reach)
    by_category: Counter = field(default_factory=Counter)
    lines: list = field(default_factory=list)  # switchable lines, largest first (up to 200)
    out_of_reach: list = field(default_factory=list)  # lines judged NONE, not bought from an SE (up to 200)
    unjudged_lines: list = field(default_factory=list)  # lines it could not judge (up to 200)
    switchable_count: int = 0  # all of them, beyond the 200 kept
    sure_count: int = 0
    out_of_reach_count: int = 0
    unjudged_count: int = 0

    @property
    def switchable(self) -> int:
        return self.sure + self.likely

    @property
    def ratio_before(self) -> float:
        return self.se / self.total if self.total else 0.0

    @property
    def ratio_sure(self) -> float:
        return (self.se + self.sure) / self.total if self.total else 0.0

    @property
    def ratio_after(self) -> float:
        return (self.se + self.switchable) / self.total if self.total else 0.0

    @property
    def percent_before(self) -> str:
        return f"{self.ratio_before * 100:.1f}%"

    @property
    def percent_sure(self) -> str:
        return _percent(self.ratio_sure, all_sure=self.likely == 0 and self.unjudged == 0)

    @property
    def percent_after(self) -> str:
        """The upper end of the range: sure and likely switches together."""
        return _percent(self.ratio_after, all_sure=self.likely == 0 and self.unjudged == 0)

    @property
    def percent_range(self) -> str:
        if self.likely == 0:
            return self.percent_sure
        return f"{self.percent_sure} ~ {self.percent_after}"


def opportunities(*, institution, year: int, department=None) -> dict:
    """Per department (or one department): spend, SE spend, spend that could switch — as a range: sure (confident
    and a named local enterprise) and likely — the lines it could not judge, the ratio before and after, the
    switchable categories with their local suppliers. SE spend is counted as the district's default regime counts
    it (types held on the contract day, exclusions respected)."""
    regime = regime_for(None)
    counted = set(regime.counted_types) if regime else set()
    model = classifier()
    names = category_names()
    by_supplier = supplier_categories()
    suppliers = suppliers_by_category()
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
            institution_id=record.institution_id,
            day=record.contract_date,
        )
        judged = verdict.judged
        switchable = not se and judged and verdict.category != "NONE"
        named = bool(verdict.names) or bool(suppliers.get(verdict.category))
        sure = switchable and named and verdict.confidence >= SURE_CONFIDENCE
        for target in (unit, whole):
            target.total += record.amount
            target.se += record.amount if se else 0
            if switchable:
                if sure:
                    target.sure += record.amount
                else:
                    target.likely += record.amount
                target.by_category[verdict.category] += record.amount
            elif not se and not judged:
                target.unjudged += record.amount
        if se:
            continue
        if switchable:
            unit.switchable_count += 1
            unit.sure_count += sure
            kept = unit.lines
        elif not judged:  # neither counted as switchable nor as out of reach: the officer may say
            unit.unjudged_count += 1
            kept = unit.unjudged_lines
        else:  # shown too, so that an officer can correct a line the finder wrongly put out of reach
            unit.out_of_reach_count += 1
            kept = unit.out_of_reach
        if len(kept) < 200:
            kept.append(
                LineVerdict(
                    record,
                    verdict.category,
                    se,
                    switchable,
                    verdict.reason,
                    verdict.confidence,
                    sure,
                    verdict.detail,
                    verdict.names,
                )
            )
    for unit in units.values():
        whole.switchable_count += unit.switchable_count
        whole.sure_count += unit.sure_count
        whole.out_of_reach_count += unit.out_of_reach_count
        whole.unjudged_count += unit.unjudged_count
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
    lines = records.values_list(
        "title", "kind", "amount", "contract_date", "method", "supplier_business_no", "institution_id"
    )
    for title, kind, amount, day, method, number, institution_id in lines.iterator(chunk_size=2000):
        verdict = model.classify(
            title,
            kind=kind,
            amount=amount,
            method=method,
            supplier_categories=by_supplier.get(number, frozenset()),
            institution_id=institution_id,
            day=day,
        )
        if verdict.category != "NONE" and verdict.judged:
            spend[day.month, verdict.category] += amount
    return [
        {"month": month, "category": code, "label": names.get(code, code), "amount": amount}
        for (month, code), amount in sorted(spend.items(), key=lambda item: (item[0][0], -item[1]))
    ]
