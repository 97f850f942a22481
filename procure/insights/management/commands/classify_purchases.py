from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procure.core.business_no import normalize_business_no
from procure.core.tabular import Column, TableError, clean_text, open_table, parse_date, parse_won
from procure.insights.classifier import REASON_LABELS
from procure.insights.selectors import classifier, supplier_categories, suppliers_by_category

COLUMNS = [
    Column("title", "계약명", "title", required=True),
    Column("kind", "구분", "kind"),
    Column("amount", "계약금액", "amount"),
    Column("method", "계약방법", "method"),
    Column("supplier_business_no", "사업자등록번호", "supplier_business_no"),
    Column("contract_date", "계약일자", "contract_date"),
]
KINDS = {"물품": "goods", "용역": "services", "공사": "works"}


class Command(BaseCommand):
    help = (
        "구매실적 파일의 줄마다 분류(공급할 수 없으면 NONE), 확신도, 까닭과 공급할 수 있는 관내 기업을 "
        "답합니다. 기관별 표시는 적용되지 않고 구 전체 표시만 적용됩니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, file, json: bool = False, **options):
        import json as json_module

        path = Path(file)
        if not path.is_file():
            raise CommandError(f"파일을 찾을 수 없습니다: {file}")
        try:
            with path.open("rb") as stream:
                table = open_table(stream, COLUMNS)
                model = classifier()
                suppliers = suppliers_by_category()
                by_supplier = supplier_categories()
                rows = []
                for number, cells in table.rows():
                    try:
                        amount = parse_won(cells.get("amount")) if cells.get("amount") not in (None, "") else 0
                    except ValueError:
                        amount = 0
                    try:  # licences are held on a date: the contract's, else today
                        day = parse_date(cells.get("contract_date")) if cells.get("contract_date") else None
                    except ValueError:
                        day = None
                    kind = KINDS.get(clean_text(cells.get("kind")), clean_text(cells.get("kind")))
                    supplier = normalize_business_no(clean_text(cells.get("supplier_business_no")))
                    verdict = model.classify(
                        clean_text(cells.get("title")),
                        kind=kind,
                        amount=amount,
                        method=clean_text(cells.get("method")),
                        supplier_categories=by_supplier.get(supplier, frozenset()),
                        day=day,
                    )
                    if verdict.category == "NONE" or not verdict.judged:
                        candidates = []
                    else:
                        candidates = list(verdict.names) or suppliers.get(verdict.category, [])
                    rows.append(
                        {
                            "row": number,
                            "category": verdict.category,
                            "confidence": round(verdict.confidence, 3),
                            "judged": verdict.judged,
                            "reason": REASON_LABELS.get(verdict.reason, ""),
                            "detail": verdict.detail,
                            "candidates": candidates,
                        }
                    )
        except TableError as error:
            raise CommandError(str(error)) from error
        if json:
            self.stdout.write(json_module.dumps({"rows": rows}, ensure_ascii=False))
        else:
            for row in rows:
                judged = f"{row['confidence']:.0%}" if row["judged"] else "판단 못함"
                why = " — ".join(part for part in (row["reason"], row["detail"]) if part)
                self.stdout.write(
                    f"{row['row']:>6}  {row['category']:<8} {judged:<6} {', '.join(row['candidates'])}"
                    + (f"  ({why})" if why else "")
                )
