"""import_catalog (docs/formats.md §2): offerings, one row each; unknown enterprises are created."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from procure.catalog.indexing import offerings_analyse
from procure.catalog.models import Category, Offering, OfferingKind
from procure.catalog.search import build_document, index_changed
from procure.core.business_no import normalize_business_no, validate_business_no
from procure.core.imports import Importer, ImportResult
from procure.core.money import won_problem
from procure.core.services import audit
from procure.core.tabular import Column, RowErrors, Table, clean_text, parse_won
from procure.core.text import quoted
from procure.enterprises.imports import parse_type
from procure.enterprises.models import MAXIMUM_TERM_YEARS, Certification, Enterprise, term_end_limit
from procure.enterprises.signals import certifications_changed_send

COLUMNS = [
    Column("enterprise", "기업명", "enterprise", required=True),
    Column("business_no", "사업자등록번호", "business_no", required=True),
    Column("type", "기업유형", "type", required=True),
    Column("name", "품목명", "name", required=True),
    Column("kind", "구분", "kind", required=True),
    Column("category", "분류", "category", required=True),
    Column("description", "설명", "description"),
    Column("unit_price", "단가", "unit_price"),
    Column("unit", "단위", "unit"),
]
KINDS = {label: value for value, label in OfferingKind.choices} | {v: v for v in OfferingKind.values}
FIELDS = ["category_id", "description", "unit_price", "unit"]


@dataclass
class OfferingRow:
    row: int
    enterprise: str
    business_no: str
    type: str
    name: str
    kind: str
    category_id: int
    description: str
    unit_price: int | None
    unit: str


class CatalogImporter(Importer):
    kind = "catalog"
    label = "품목 목록"
    columns = COLUMNS

    def parse(self, table: Table, errors: RowErrors, progress=None) -> list[OfferingRow]:
        categories = {c.code: c.pk for c in Category.objects.all()} | {c.name: c.pk for c in Category.objects.all()}
        records = []
        self.row_count = 0
        for number, raw in table.rows():
            self.row_count += 1
            before = errors.total
            enterprise = clean_text(raw["enterprise"])
            if not enterprise:
                errors.add(number, "기업명", "기업명이 비어 있습니다.")
            business_text = clean_text(raw["business_no"])
            try:
                validate_business_no(business_text)
            except ValidationError as error:
                errors.add(
                    number, "사업자등록번호", error.messages[0] if business_text else "사업자등록번호가 비어 있습니다."
                )
            try:
                type_ = parse_type(raw["type"])
            except ValueError as error:
                errors.add(number, "기업유형", str(error))
                type_ = ""
            name = clean_text(raw["name"])
            if not name:
                errors.add(number, "품목명", "품목명이 비어 있습니다.")
            kind = KINDS.get(clean_text(raw["kind"]).replace(" ", ""))
            if kind is None:
                errors.add(
                    number, "구분", f"구분 {quoted(clean_text(raw['kind']), '은/는')} 물품 또는 용역이어야 합니다."
                )
            category_text = clean_text(raw["category"])
            category_id = categories.get(category_text.upper(), categories.get(category_text))
            if category_id is None:
                errors.add(
                    number,
                    "분류",
                    f"분류 {quoted(category_text, '을/를')} 알 수 없습니다. 분류 코드(예: PRINT)로 입력해 주세요.",
                )
            unit_price = None
            if clean_text(raw.get("unit_price")):
                try:
                    unit_price = parse_won(raw["unit_price"])
                except ValueError as error:
                    errors.add(number, "단가", str(error))
                else:
                    if problem := won_problem(unit_price, label="단가", positive=False):
                        errors.add(number, "단가", problem)
            description = clean_text(raw.get("description"))
            limit = Offering._meta.get_field("description").max_length
            if len(description) > limit:
                errors.add(number, "설명", f"설명이 {limit:,}자를 넘습니다 (현재 {len(description):,}자). 줄여 주세요.")
            if errors.total == before:
                records.append(
                    OfferingRow(
                        number,
                        enterprise[:200],
                        normalize_business_no(business_text),
                        type_,
                        name[:200],
                        kind,
                        category_id,
                        description,
                        unit_price,
                        clean_text(raw.get("unit"))[:20],
                    )
                )
        return records

    def apply(self, records: list[OfferingRow], result: ImportResult, *, actor, source, progress=None):
        enterprises = {
            e.business_no: e for e in Enterprise.objects.filter(business_no__in={r.business_no for r in records})
        }
        existing = {
            (o.enterprise_id, o.name, o.kind): o
            for o in Offering.objects.filter(enterprise__in=enterprises.values()).select_related(
                "category", "enterprise"
            )
        }
        changed = []
        certified: set[str] = set()
        for record in records:
            enterprise = enterprises.get(record.business_no)
            if enterprise is None:
                enterprise = Enterprise.objects.create(business_no=record.business_no, name=record.enterprise)
                enterprises[record.business_no] = enterprise
            if not enterprise.certifications.filter(type=record.type).exists():
                # The file carries no 지정일자. A type with a longest term (예비사회적기업: 3 years) is recorded as
                # known from today and ends at its longest term from today — never open-ended, so it cannot count
                # forever; center staff correct the dates from the designation letter.
                today = timezone.localdate()
                bounded = record.type in MAXIMUM_TERM_YEARS
                certification = Certification.objects.create(
                    enterprise=enterprise,
                    type=record.type,
                    valid_from=today if bounded else None,
                    valid_to=term_end_limit(record.type, today) if bounded else None,
                )
                certified.add(enterprise.business_no)
                audit(
                    actor=actor,
                    action="enterprises.certification.imported",
                    obj=certification,
                    after={
                        "type": record.type,
                        "source": "catalog",
                        **source,
                        **(
                            {
                                "valid_from": str(today),
                                "valid_to": str(certification.valid_to),
                                "note": "지정일자 미확인",
                            }
                            if bounded
                            else {}
                        ),
                    },
                )
            values = {f: getattr(record, f) for f in FIELDS}
            offering = existing.get((enterprise.pk, record.name, record.kind))
            action = "unchanged"
            if offering is None:
                offering = Offering(enterprise=enterprise, name=record.name, kind=record.kind, **values)
                action = "created"
            elif any(getattr(offering, f) != v for f, v in values.items()):
                for f, v in values.items():
                    setattr(offering, f, v)
                action = "updated"
            if action != "unchanged":
                offering.search_text = build_document(offering)
                offering.save()
                existing[(enterprise.pk, record.name, record.kind)] = offering
                changed.append(offering)
            result.count(record.row, action, f"{enterprise.name} — {record.name}")
        if changed:
            # The import runs where the analyser fits (a command, or the task worker): analyse right away.
            offerings_analyse(ids=[o.pk for o in changed])
            index_changed()
        # Purchases already in the ledger follow the certifications this list brought.
        certifications_changed_send(sender=Certification, business_nos=certified)
        audit(
            actor=actor,
            action="catalog.import.applied",
            after={**source, **{k: v for k, v in result.as_json().items() if k != "errors"}},
        )
