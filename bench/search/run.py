"""Benchmark: catalog search over generated offerings vs a naive icontains scan vs the bare index query
(`catalog.search.candidates`: reading the query and the index lookups and scoring arrays, without filtering,
ranking and hits).

    .venv/bin/python bench/search/run.py [--items 100000] [--queries 1000] [--database-url postgres://…]

Prints {"items", "queries", "p95_ms", "naive_p95_ms", "raw_p95_ms", "speedup_vs_naive", "ratio_vs_raw",
"worker_rss_mb", "web_workers", "index_files_mb", "analyse_seconds", "analyser_process_rss_mb"}. The offerings are
analysed by `search_reindex` in its own process (the task worker's stand-in: kiwipiepy lives there), which also
writes the index files; the queries are timed in a child standing in for a web worker (no analyser), then run
again in two children at once that map the same files. Per web worker of that pair: peak RSS, and at the end RSS,
PSS (shared pages split between the processes that map them) and private memory.
"""

import argparse
import json
import os
import random
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import PYTHON, ROOT, database_url, environment, run_measured, workdir  # noqa: E402

NOUNS = {
    "PRINT": ["현수막", "리플릿", "배너", "명함", "책자", "포스터"],
    "CATER": ["도시락", "뷔페", "다과", "간식", "케이터링"],
    "CLEAN": ["청소", "방역", "소독", "방제"],
    "GIFT": ["기념품", "에코백", "텀블러", "손수건", "굿즈"],
    "EDU": ["교육", "강의", "체험", "워크숍"],
    "EVENT": ["행사", "무대", "음향", "축제"],
    "REPAIR": ["집수리", "도배", "장판", "보수"],
    "GREEN": ["화분", "조경", "화단"],
    "MEDIA": ["영상", "사진", "촬영"],
    "CARE": ["돌봄", "방문요양", "안부확인"],
}
MODIFIERS = [
    "친환경",
    "대형",
    "소형",
    "프리미엄",
    "맞춤",
    "관악",
    "주민",
    "행사용",
    "사무실",
    "어르신",
    "어린이",
    "야외",
]
SUFFIXES = ["제작", "납품", "운영", "서비스", "대행", "세트", "용역", "시공"]
QUERY_FORMS = ["{n}", "{m} {n}", "{n} {s}", "{m}{n}", "{n} 필요합니다", "다음 주 {m} {n} 50개"]


def generate(url: str, items: int) -> None:
    os.environ.update(environment(url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from procure.catalog.models import Category, Offering
    from procure.catalog.search import build_document, index_changed
    from procure.enterprises.models import Certification, Enterprise

    rng = random.Random(5)
    categories = {c.code: c for c in Category.objects.all()}
    from common import business_no

    enterprises = Enterprise.objects.bulk_create(
        [Enterprise(name=f"벤치기업{n:04d} 협동조합", business_no=business_no("99942", n)) for n in range(1000)]
    )
    Certification.objects.bulk_create([Certification(enterprise=e, type="coop") for e in enterprises])
    batch = []
    for index in range(items):
        code = rng.choice(list(NOUNS))
        noun = rng.choice(NOUNS[code])
        name = f"{rng.choice(MODIFIERS)} {noun} {rng.choice(SUFFIXES)} {index}"
        offering = Offering(
            enterprise=enterprises[index % 1000],
            name=name,
            kind="goods",
            category=categories[code],
            description=f"{noun} {rng.choice(SUFFIXES)}, {rng.choice(MODIFIERS)} 고객 맞춤 {rng.choice(SUFFIXES)}",
        )
        offering.enterprise = enterprises[index % 1000]
        offering.category = categories[code]
        offering.search_text = build_document(offering)
        batch.append(offering)
        if len(batch) == 5000:
            Offering.objects.bulk_create(batch)
            batch = []
    if batch:
        Offering.objects.bulk_create(batch)
    index_changed()


def queries(count: int) -> list[str]:
    rng = random.Random(9)
    result = []
    for _ in range(count):
        noun = rng.choice(rng.choice(list(NOUNS.values())))
        result.append(rng.choice(QUERY_FORMS).format(n=noun, m=rng.choice(MODIFIERS), s=rng.choice(SUFFIXES)))
    return result


WORKER = r"""
import json, os, statistics, sys, time
sys.path.insert(0, os.environ["PROCURE_ROOT"])
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
import django
django.setup()
from django.db.models import Q
from procure.catalog.models import Offering
from procure.catalog.search import candidates, current_index, read_query, search

def p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]

texts = json.load(open(sys.argv[1], encoding="utf-8"))
ours, naive, raw = [], [], []
# Warm-up: the first search maps the index files; one pass over the queries fills the per-process lookups built
# on first use (spelling and loanword keys, a term's categories), so that ours and raw meet the same warm state
# (timed in the same pass, ours paid them and raw, right after it, found them made).
for text in texts:
    search(text, limit=10)
index = current_index()
# Each side in its own pass: with the naive query (hundreds of ms) between two searches, every search was the first
# of its second and paid the index's version check (one database query, once a second per process), which a busy
# web worker pays once a second, not once a search.
for text in texts:
    started = time.perf_counter(); search(text, limit=10); ours.append((time.perf_counter() - started) * 1000)
for text in texts:
    started = time.perf_counter(); candidates(text, index=index); raw.append((time.perf_counter() - started) * 1000)
for text in texts:
    words = [w.typed for w in read_query(text, index)]
    condition = Q()
    for word in words or [text]:
        condition |= Q(name__icontains=word) | Q(description__icontains=word)
    started = time.perf_counter(); list(Offering.objects.filter(condition)[:10]); naive.append((time.perf_counter() - started) * 1000)
memory = {}
for line in open("/proc/self/smaps_rollup"):
    name, _, value = line.partition(":")
    if name in ("Rss", "Pss", "Private_Clean", "Private_Dirty"):
        memory[name] = int(value.split()[0]) / 1024
print(json.dumps({"p50_ms": p(ours, .5), "p95_ms": p(ours, .95), "naive_p95_ms": p(naive, .95), "raw_p95_ms": p(raw, .95),
                  "rss_end_mb": memory["Rss"], "pss_mb": memory["Pss"],
                  "private_mb": memory["Private_Clean"] + memory["Private_Dirty"]}))
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--smoke", action="store_true", help="2,000 offerings and 100 queries: seconds, for CI")
    args = parser.parse_args()
    if args.smoke:
        args.items, args.queries = 2_000, 100
    work = workdir()
    try:
        url = database_url(args.database_url, "procure_bench_search", work)
        generate(url, args.items)
        # Index time: the analyser reads every offering in its own process (the task worker's stand-in).
        # It also writes the index files every web worker then maps (catalog/search_index.py).
        index_dir = work / "search-index"
        analyse_seconds, analyse_rss, _ = run_measured(
            [PYTHON, str(ROOT / "manage.py"), "search_reindex"],
            {**environment(url), "SEARCH_INDEX_DIR": str(index_dir)},
        )
        query_file = work / "queries.json"
        query_file.write_text(json.dumps(queries(args.queries), ensure_ascii=False), encoding="utf-8")
        script = work / "worker.py"
        script.write_text(WORKER, encoding="utf-8")
        env = {**environment(url), "PROCURE_ROOT": str(ROOT), "SEARCH_INDEX_DIR": str(index_dir)}
        # Timing: one web worker alone (as before). Memory: then two at once, as under gunicorn, both mapping the
        # same index files (their timings are not used: they share the two cores with each other and the database).
        _, _, stdout = run_measured([PYTHON, str(script), str(query_file)], env)
        figures = json.loads(stdout)
        with ThreadPoolExecutor(max_workers=2) as pool:
            runs = list(pool.map(lambda _: run_measured([PYTHON, str(script), str(query_file)], env), range(2)))
        workers = [
            {"peak_rss_mb": round(rss, 1), **{k: round(v, 1) for k, v in json.loads(out).items() if k.endswith("_mb")}}
            for _, rss, out in runs
        ]
        index_mb = sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file()) / 2**20
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        json.dumps(
            {
                "items": args.items,
                "queries": args.queries,
                "p95_ms": round(figures["p95_ms"], 2),
                "naive_p95_ms": round(figures["naive_p95_ms"], 2),
                "raw_p95_ms": round(figures["raw_p95_ms"], 2),
                "speedup_vs_naive": round(figures["naive_p95_ms"] / figures["p95_ms"], 2),
                "ratio_vs_raw": round(figures["p95_ms"] / figures["raw_p95_ms"], 2),
                "worker_rss_mb": max(w["peak_rss_mb"] for w in workers),
                "web_workers": workers,
                "index_files_mb": round(index_mb, 1),
                "analyse_seconds": round(analyse_seconds, 1),
                "analyser_process_rss_mb": round(analyse_rss, 1),
                "p50_ms": round(figures["p50_ms"], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
