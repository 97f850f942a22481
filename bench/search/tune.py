"""The grid the search's few parameters were chosen on — dev half A only (docs/performance.md).

    .venv/bin/python bench/search/tune.py

Prints one JSON line per setting with A's nDCG@10 and recall@10; half B is never scored here."""

import io
import itertools
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, database_url, environment, workdir  # noqa: E402
from quality import DEV, ndcg_at_10, recall_at_10  # noqa: E402

GRID = {
    "CONTEXT_FLOOR": [0.3, 0.4, 0.5],
    "STAND_IN_CAP": [True, False],
    "CATEGORY_CORE": [0.3, 0.6],
    "SHARE_NARROW": [0.35, 0.45, 0.55],  # thesaurus: a kind ↔ its broader word
    "THESAURUS": [True, False],  # the curated file's rows on or off
}


def main():
    url = database_url(None, "bench_search_tune", workdir())
    os.environ.update(environment(url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("import_catalog", str(DEV / "catalog_dev.csv"), stdout=io.StringIO())
    from procure.catalog import search as module
    from procure.catalog import thesaurus

    data = thesaurus.DATA
    empty = Path(workdir()) / "thesaurus-empty.tsv"
    empty.write_text("분류\t관계\t표제어\t관련어\t출처\n", encoding="utf-8")

    rows = [json.loads(line) for line in (DEV / "queries_dev.jsonl").read_text(encoding="utf-8").splitlines()][0::2]
    for values in itertools.product(*GRID.values()):
        setting = dict(zip(GRID, values, strict=True))
        for name, value in setting.items():
            if name == "SHARE_NARROW":
                thesaurus.SHARE_NARROW = value
                thesaurus._file_table.cache_clear()
                thesaurus._verb_stems.cache_clear()
            elif name == "THESAURUS":
                thesaurus._file_table.cache_clear()
                thesaurus._verb_stems.cache_clear()
                thesaurus.rows.cache_clear()
                thesaurus.DATA = data if value else empty
            else:
                setattr(module, name, value)
        ndcgs, recalls = [], []
        for row in rows:
            ranked = [h.name for h in module.search(row["q"], limit=10, visible_only=False)]
            ndcgs.append(ndcg_at_10(ranked, row["relevant"]))
            recall = recall_at_10(ranked, row["relevant"])
            if recall is not None:
                recalls.append(recall)
        print(json.dumps({**setting, "A_ndcg": round(sum(ndcgs) / len(ndcgs), 3),
                          "A_recall": round(sum(recalls) / len(recalls), 3)}))  # fmt: skip


if __name__ == "__main__":
    main()
