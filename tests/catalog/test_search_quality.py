"""The development set of ../shared/data/dev: graded queries against its catalog (see its README).

The project is also judged on a larger hidden set of the same kind, so this guards behaviour, not rows.
"""

import io
import json
import math

import pytest
from django.core.management import call_command

from procure.catalog.search import search
from tests.shared_data import shared_data

DEV = shared_data() / "dev"


def ndcg_at_10(ranked: list[str], relevant: dict[str, int]) -> float:
    dcg = sum((2 ** relevant.get(name, 0) - 1) / math.log2(i + 2) for i, name in enumerate(ranked[:10]))
    ideal = sorted(relevant.values(), reverse=True)[:10]
    best = sum((2**grade - 1) / math.log2(i + 2) for i, grade in enumerate(ideal))
    return dcg / best if best else 0.0


def recall_at_10(ranked: list[str], relevant: dict[str, int]) -> float | None:
    exact = [name for name, grade in relevant.items() if grade == 2]
    if not exact:
        return None
    return len(set(ranked[:10]) & set(exact)) / min(10, len(exact))


@pytest.mark.django_db
def test_dev_set_ndcg_and_recall():
    if not (DEV / "catalog_dev.csv").exists():
        pytest.skip("../shared/data/dev is not available")
    call_command("import_catalog", str(DEV / "catalog_dev.csv"), stdout=io.StringIO())
    ndcgs, recalls = [], []
    for line in (DEV / "queries_dev.jsonl").read_text(encoding="utf-8").splitlines():
        query = json.loads(line)
        ranked = [hit.name for hit in search(query["q"], limit=10, visible_only=False)]
        ndcgs.append(ndcg_at_10(ranked, query["relevant"]))
        recall = recall_at_10(ranked, query["relevant"])
        if recall is not None:
            recalls.append(recall)
    assert sum(ndcgs) / len(ndcgs) >= 0.85
    assert sum(recalls) / len(recalls) >= 0.95
