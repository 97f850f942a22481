"""Benchmark: our validated ledger import vs pandas read_csv + to_sql + the ledger's indexes vs a raw bulk insert.

    .venv/bin/python bench/ledger_import/run.py [--rows 1000000] [--database-url postgres://…] [--smoke]

Prints one JSON document: {"rows", "rows_per_s", "pandas_rows_per_s" (with the indexes the ledger needs, and a
commit), "pandas_bare_to_sql_rows_per_s" (information only), "raw_rows_per_s", "ratio_vs_pandas",
"ratio_vs_raw", "rss_mb_100k", "rss_mb_1m"}. Goals: ratio_vs_pandas ≥ 1, ratio_vs_raw ≥ 0.5,
rss_mb_1m ≤ 1.5 × rss_mb_100k. Every measurement runs on a fresh, migrated database.
"""

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import (  # noqa: E402
    PYTHON,
    ROOT,
    database_url,
    environment,
    manage,
    run_measured,
    workdir,
    write_enterprises,
    write_institutions,
    write_ledger,
)


def our_import(url: str, ledger: Path, enterprises: Path) -> tuple[float, float, dict]:
    institutions = enterprises.with_name("institutions.csv")
    write_institutions(institutions)
    manage("import_institutions", str(institutions), url=url)
    manage("import_enterprises", str(enterprises), url=url)
    seconds, rss, stdout = run_measured(
        [PYTHON, str(ROOT / "manage.py"), "import_ledger", str(ledger), "--json"], environment(url)
    )
    return seconds, rss, json.loads(stdout)


# The indexes the ledger needs, on the CSV's own columns: the line's identity (what a re-import looks up), the
# supplier (recounts, an enterprise's sales) and department + date (department pages).
PEER_INDEXES = [
    ("bench_pandas_identity", '"기관명", "부서명", "계약일자", "계약명", "구분", "사업자등록번호"'),
    ("bench_pandas_supplier", '"사업자등록번호"'),
    ("bench_pandas_department_date", '"부서명", "계약일자"'),
]


def pandas_import(url: str, ledger: Path, *, with_indexes: bool) -> float:
    """read_csv + to_sql; with_indexes: then the ledger's three indexes and a commit (the same work as ours
    apart from validation, classification and roll-ups); without: the bare to_sql, kept as information."""
    import pandas as pd

    started = time.perf_counter()
    frame = pd.read_csv(ledger)
    if url.startswith("sqlite"):
        import sqlite3

        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        frame.to_sql("bench_pandas", connection, if_exists="replace", index=False, chunksize=50_000)
        if with_indexes:
            for name, columns in PEER_INDEXES:
                connection.execute(f"CREATE INDEX {name} ON bench_pandas ({columns})")
        connection.commit()
        connection.close()
    else:
        from sqlalchemy import create_engine, text

        engine = create_engine(url.replace("postgres://", "postgresql+psycopg://", 1))
        with engine.begin() as connection:
            frame.to_sql("bench_pandas", connection, if_exists="replace", index=False, chunksize=50_000)
            if with_indexes:
                for name, columns in PEER_INDEXES:
                    connection.execute(text(f"CREATE INDEX {name} ON bench_pandas ({columns})"))
        engine.dispose()
    return time.perf_counter() - started


def raw_insert(url: str) -> tuple[float, int]:
    """Re-insert exactly the rows our import wrote, with one executemany in one transaction (the limit)."""
    import os

    os.environ.update(environment(url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.db import connection, transaction

    from procure.ledger.imports import INSERT_COLUMNS

    columns = ", ".join(INSERT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM ledger_purchaserecord")  # noqa: S608
        rows = cursor.fetchall()
        cursor.execute("DELETE FROM ledger_purchaserecord")
    placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO ledger_purchaserecord ({columns}) VALUES ({placeholders})", rows)  # noqa: S608
    return time.perf_counter() - started, len(rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--small-rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=None, help="PostgreSQL server to use (default: SQLite files)")
    parser.add_argument(
        "--smoke", action="store_true", help="20,000 and 5,000 lines: that the bench still runs (CI), not a measure"
    )
    args = parser.parse_args()
    if args.smoke:
        args.rows, args.small_rows = 20_000, 5_000

    work = workdir()
    try:
        enterprises = work / "enterprises.csv"
        write_enterprises(enterprises)
        small, large = work / "ledger-small.csv", work / "ledger-large.csv"
        write_ledger(small, args.small_rows)
        write_ledger(large, args.rows)

        _, rss_small, _ = our_import(database_url(args.database_url, "procure_bench_small", work), small, enterprises)
        url = database_url(args.database_url, "procure_bench_large", work)
        seconds, rss_large, result = our_import(url, large, enterprises)
        assert result["created"] == args.rows and not result["errors"], result
        bare_seconds = pandas_import(url, large, with_indexes=False)
        pandas_seconds = pandas_import(url, large, with_indexes=True)
        raw_seconds, raw_rows = raw_insert(url)
        assert raw_rows == args.rows
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rows_per_s = args.rows / seconds
    pandas_rows_per_s = args.rows / pandas_seconds
    raw_rows_per_s = args.rows / raw_seconds
    print(
        json.dumps(
            {
                "rows": args.rows,
                "rows_per_s": round(rows_per_s),
                "pandas_rows_per_s": round(pandas_rows_per_s),
                "pandas_bare_to_sql_rows_per_s": round(args.rows / bare_seconds),
                "raw_rows_per_s": round(raw_rows_per_s),
                "ratio_vs_pandas": round(rows_per_s / pandas_rows_per_s, 3),
                "ratio_vs_raw": round(rows_per_s / raw_rows_per_s, 3),
                "rss_mb_100k": round(rss_small, 1),
                "rss_mb_1m": round(rss_large, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
