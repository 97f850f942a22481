"""Benchmark: a year of 나라장터 contracts (20,000) and 종합쇼핑몰 납품요구 collected from a fake portal on 127.0.0.1 into a
fresh ledger, then collected again (nothing may change), against an import_ledger of a file with as many lines.

    .venv/bin/python bench/g2b/run.py [--contracts 20000] [--deliveries 5000] [--database-url postgres://…] [--smoke]

Prints one JSON document: {"contracts", "deliveries", "lines", "seconds", "lines_per_s", "calls", "rss_mb",
"again_seconds", "again_created", "again_updated", "import_lines", "import_rss_mb", "rss_ratio_vs_import"}.
Goals: every line written once (created == lines; the second run creates and updates nothing) and
rss_mb ≤ 1.5 × import_rss_mb (the import bench's memory goal: a year's collection holds no more than an import).
"""

import argparse
import datetime
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import PYTHON, ROOT, database_url, environment, manage, run_measured, workdir, write_ledger  # noqa: E402

sys.path.insert(0, str(ROOT))
from tests.g2b.fake_services import CONTRACT_PATH, MALL_PATH, FakePortal, business_no, contract, delivery  # noqa: E402

BUSINESSES = [
    ("물품", "수의계약"),
    ("일반용역", "일반경쟁"),
    ("기술용역", "제한경쟁"),
    ("공사", "지명경쟁"),
    ("물품", "일반경쟁"),
]


def fill(portal: FakePortal, *, contracts: int, deliveries: int, year: int, days: int, seed: int = 7) -> int:
    """Contracts and deliveries spread over `days` days of `year`; returns the number of ledger lines expected."""
    rng = random.Random(seed)
    start = datetime.date(year, 1, 1)
    lines = 0
    for n in range(contracts):
        day = start + datetime.timedelta(days=n % days)
        business, method = BUSINESSES[n % len(BUSINESSES)]
        members = [(f"업체{n % 300}", "100", business_no(n % 300))]
        if n % 10 == 0:  # a joint contract of two
            members = [
                (f"업체{n % 300}", "60.5", business_no(n % 300)),
                (f"업체{n % 301 + 400}", "39.5", business_no(400 + n % 301)),
            ]
        portal.add_contract(
            contract(
                f"R{year % 100}TE{n:08d}",
                day,
                business=business,
                method=method,
                amount=rng.randint(100_000, 90_000_000),
                members=members,
            )
        )
        lines += len(members)
    for n in range(deliveries):
        day = start + datetime.timedelta(days=n % days)
        portal.add_delivery(delivery(f"R{year % 100}DD{n:08d}", 1, day, amount=rng.randint(10_000, 5_000_000)))
        portal.add_delivery(
            delivery(f"R{year % 100}DD{n:08d}", 1, day, amount=rng.randint(10_000, 5_000_000), code="3210000")
        )
    return lines + deliveries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--contracts", type=int, default=20_000)
    parser.add_argument("--deliveries", type=int, default=5_000)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--smoke", action="store_true", help="2,000 contracts over 30 days: that the bench runs, not a measure"
    )
    args = parser.parse_args()
    contracts, deliveries, days = (2_000, 500, 30) if args.smoke else (args.contracts, args.deliveries, 365)
    year = 2025
    folder = workdir()
    with FakePortal() as portal:
        expected = fill(portal, contracts=contracts, deliveries=deliveries, year=year, days=days)
        url = database_url(args.database_url, "bench_g2b", folder)
        institutions = folder / "institutions.csv"
        institutions.write_text("기관명,기관유형,부서명,기관코드\n관악구청,구청,,3200000\n", encoding="utf-8")
        manage("import_institutions", str(institutions), url=url)
        env = {
            **environment(url),
            "DATA_GO_KR_SERVICE_KEY": "bench-key",
            "G2B_CONTRACT_URL": portal.base + CONTRACT_PATH,
            "G2B_MALL_URL": portal.base + MALL_PATH,
        }
        until = datetime.date(year, 1, 1) + datetime.timedelta(days=days - 1)
        command = [
            PYTHON,
            str(ROOT / "manage.py"),
            "collect_g2b",
            "--since",
            f"{year}-01-01",
            "--until",
            until.isoformat(),
            "--json",
        ]
        seconds, rss, stdout = run_measured([*command, "--refresh-days", "0"], env)
        first = json.loads(stdout)
        again_seconds, _, stdout = run_measured([*command, "--refresh-days", str(days)], env)
        again = json.loads(stdout)
    # The same number of lines through import_ledger, on a fresh database: the memory yardstick.
    import_url = database_url(args.database_url, "bench_g2b_import", folder)
    ledger = folder / "ledger.csv"
    write_ledger(ledger, expected)
    from common import write_enterprises, write_institutions

    write_institutions(folder / "institutions_import.csv")
    manage("import_institutions", str(folder / "institutions_import.csv"), url=import_url)
    write_enterprises(folder / "enterprises.csv")
    manage("import_enterprises", str(folder / "enterprises.csv"), url=import_url)
    _, import_rss, _ = run_measured(
        [PYTHON, str(ROOT / "manage.py"), "import_ledger", str(ledger), "--json"], environment(import_url)
    )
    result = {
        "contracts": contracts,
        "deliveries": deliveries,
        "lines": expected,
        "status": first["status"],
        "created": first["created"],
        "seconds": round(seconds, 1),
        "lines_per_s": round(first["created"] / seconds),
        "calls": first["calls"],
        "rss_mb": round(rss),
        "again_seconds": round(again_seconds, 1),
        "again_created": again["created"],
        "again_updated": again["updated"],
        "import_lines": expected,
        "import_rss_mb": round(import_rss),
        "rss_ratio_vs_import": round(rss / import_rss, 2),
    }
    print(json.dumps(result, ensure_ascii=False))
    if first["created"] != expected or again["created"] or again["updated"]:
        raise SystemExit("lines lost, doubled or changed")


if __name__ == "__main__":
    main()
