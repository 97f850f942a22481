"""Purchase classification on ../shared/data/dev, honestly: the 200 labelled ledger lines split in two halves
(A: the 1st, 3rd, 5th … line, on which the method was chosen; B: the others, read once), ours against the keyword
rule. The model learns from `catalog_dev.csv` only, built as `insights.selectors.classifier` builds it from a
catalog (category names ×3, offering names ×3, descriptions ×1; rentals and goods offerings for the reference
checks); the labels are used only to score. No enterprise records a licence here, so every line needing one is
out of reach — as on a fresh registry.

    .venv/bin/python bench/insights/quality.py [--half A|B|all] [--show A] [--json] [--catalog F --ledger F]

--catalog/--ledger score another set of the same kind (bench/fresh/: written by a separate session that read
neither this code nor the dev rows).

Prints {"A": {"ours": {...}, "keyword": {...}}, "B": …, "all": …} with accuracy, NONE precision and recall and the
confusion counts; --show lists a half's misses (for reading, never for adding words).
"""

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "data" / "dev"

import importlib  # noqa: E402

from procure.insights.classifier import PurchaseClassifier, catalog_examples, confusion, keyword_baseline  # noqa: E402

TAXONOMY_NAMES = {
    code: name
    for code, name in importlib.import_module("procure.catalog.migrations.0002_load_taxonomy").TAXONOMY
    if code != "NONE"
}

KINDS = {"물품": "goods", "용역": "services", "공사": "works"}


def build(catalog_path=DEV / "catalog_dev.csv"):
    catalog = list(csv.DictReader(Path(catalog_path).read_text(encoding="utf-8").splitlines()))
    offerings = [(r["품목명"], r["설명"], r["분류"], r["사업자등록번호"].replace("-", ""), r["구분"]) for r in catalog]
    examples, rentals, goods, by_supplier = catalog_examples(TAXONOMY_NAMES, offerings)
    return PurchaseClassifier(examples, rentals=rentals, goods=goods), by_supplier


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--half", default="all", choices=["A", "B", "all"])
    parser.add_argument("--show", choices=["A", "B"])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--catalog", default=DEV / "catalog_dev.csv", help="another catalog of the same format")
    parser.add_argument("--ledger", default=DEV / "ledger_dev.csv", help="another labelled ledger (column 분류)")
    args = parser.parse_args()
    model, by_supplier = build(args.catalog)
    rows = list(csv.DictReader(Path(args.ledger).read_text(encoding="utf-8").splitlines()))
    halves = {"A": rows[0::2], "B": rows[1::2], "all": rows}
    wanted = ["A", "B", "all"] if args.half == "all" else [args.half]
    report = {}
    for half in wanted:
        lines = halves[half]
        verdicts = [
            model.classify(
                r["계약명"],
                kind=KINDS.get(r["구분"], r["구분"]),
                amount=int(r["계약금액"]),
                method=r["계약방법"],
                supplier_categories=by_supplier.get(r["사업자등록번호"].replace("-", ""), frozenset()),
            )
            for r in lines
        ]
        truth = [r["분류"] for r in lines]
        ours = confusion(truth, [v.category for v in verdicts])
        ours["unjudged"] = sum(not v.judged for v in verdicts)
        keyword = confusion(truth, [keyword_baseline(r["계약명"], TAXONOMY_NAMES) for r in lines])
        report[half] = {"ours": ours, "keyword": keyword}
        if args.show == half:
            for r, v in zip(lines, verdicts, strict=True):
                if v.category != r["분류"]:
                    print(f"{r['분류']:>8} ← {v.category:<8} {v.reason:<24} {v.confidence:.2f} {r['계약명']}")
    if not args.json:
        for half, found in report.items():
            o, k = found["ours"], found["keyword"]
            print(
                f"{half:>3}: ours {o['accuracy']:.3f} / NONE P {o['none_precision']} R {o['none_recall']}"
                f" (unjudged {o['unjudged']}); keyword {k['accuracy']:.3f} / {k['none_precision']}"
            )
    else:
        print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
