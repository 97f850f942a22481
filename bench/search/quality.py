"""Search quality on ../shared/data/dev, honestly: the 50 graded queries split in two halves (A: the 1st, 3rd,
5th … query, used for tuning; B: the others, never tuned on), ours against a plain character-bigram TF-IDF over
name + description (the baseline the kept-aside set was scored with).

    .venv/bin/python bench/search/quality.py [--database-url …] [--show B] [--catalog F --queries F]

--catalog/--queries score another set of the same kind (bench/fresh/: written by a separate session that read
neither this code nor the dev queries).

Prints {"A": {"ours": {"ndcg", "recall"}, "baseline": {…}}, "B": {…}, "all": {…}}; --show lists the queries of a
half with our top three, for reading (not for adding rules).
"""

import argparse
import io
import json
import math
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import ROOT, database_url, environment, workdir  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "dev"


def ndcg_at_10(ranked, relevant):
    dcg = sum((2 ** relevant.get(name, 0) - 1) / math.log2(i + 2) for i, name in enumerate(ranked[:10]))
    ideal = sorted(relevant.values(), reverse=True)[:10]
    best = sum((2**grade - 1) / math.log2(i + 2) for i, grade in enumerate(ideal))
    return dcg / best if best else 0.0


def recall_at_10(ranked, relevant):
    exact = [name for name, grade in relevant.items() if grade == 2]
    if not exact:
        return None
    return len(set(ranked[:10]) & set(exact)) / min(10, len(exact))


class BigramTfidf:
    def __init__(self, documents):
        self.names = [name for name, _ in documents]
        grams = [Counter(self._grams(text)) for _, text in documents]
        df = Counter(g for doc in grams for g in doc)
        n = len(documents)
        self.idf = {g: math.log((n + 1) / (c + 1)) + 1 for g, c in df.items()}
        self.vectors = [self._unit({g: tf * self.idf[g] for g, tf in doc.items()}) for doc in grams]

    @staticmethod
    def _grams(text):
        text = "".join(text.lower().split())
        return [text[i : i + 2] for i in range(len(text) - 1)]

    @staticmethod
    def _unit(vector):
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {k: v / norm for k, v in vector.items()}

    def search(self, query, limit=10):
        q = self._unit({g: tf * self.idf.get(g, 0.0) for g, tf in Counter(self._grams(query)).items()})
        scored = [
            (sum(w * doc.get(g, 0.0) for g, w in q.items()), name)
            for doc, name in zip(self.vectors, self.names, strict=True)
        ]
        return [name for score, name in sorted(scored, key=lambda x: (-x[0], x[1])) if score > 0][:limit]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--show", choices=["A", "B"], default=None)
    parser.add_argument("--only", choices=["A", "B", "all"], default=None, help="score one half (tuning: A)")
    parser.add_argument("--catalog", default=DEV / "catalog_dev.csv", help="another catalog of the same format")
    parser.add_argument("--queries", default=DEV / "queries_dev.jsonl", help="graded queries judged on that catalog")
    args = parser.parse_args()
    if True:
        url = database_url(args.database_url, "bench_search_quality", workdir())
        os.environ.update(environment(url))
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("import_catalog", str(args.catalog), stdout=io.StringIO())
        from procure.catalog.models import Offering
        from procure.catalog.search import search

        baseline = BigramTfidf([(o.name, f"{o.name} {o.description}") for o in Offering.objects.all()])
        queries = [
            json.loads(line) for line in Path(args.queries).read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        halves = {"A": queries[0::2], "B": queries[1::2], "all": queries}
        report = {}
        for half, rows in halves.items():
            if args.only and half != args.only:
                continue
            report[half] = {}
            for label, run in (
                ("ours", lambda q: [h.name for h in search(q, limit=10, visible_only=False)]),
                ("baseline", baseline.search),
            ):
                ndcgs, recalls = [], []
                for row in rows:
                    ranked = run(row["q"])
                    ndcgs.append(ndcg_at_10(ranked, row["relevant"]))
                    recall = recall_at_10(ranked, row["relevant"])
                    if recall is not None:
                        recalls.append(recall)
                report[half][label] = {
                    "ndcg": round(sum(ndcgs) / len(ndcgs), 3),
                    "recall": round(sum(recalls) / len(recalls), 3),
                }
        print(json.dumps(report, ensure_ascii=False))
        if args.show:
            for row in halves[args.show]:
                ranked = [h.name for h in search(row["q"], limit=10, visible_only=False)]
                score = ndcg_at_10(ranked, row["relevant"])
                print(f"{score:.2f}  {row['q']}  →  {ranked[:3]}", file=sys.stderr)


if __name__ == "__main__":
    main()
