"""Benchmark: the full district dashboard page vs a DuckDB in-memory GROUP BY over the same ledger rows.

    .venv/bin/python bench/dashboard/run.py [--rows 2000000] [--database-url postgres://…] [--smoke]

The page is served by Django (test client, production settings) from the roll-ups; DuckDB groups the raw
rows by the same keys the page needs (institution, department, month, kind, category, supplier types).
Prints {"rows", "page_ms", "duckdb_ms", "ratio", "page_cold_ms"} — medians of five runs after a first call
(page_cold_ms is that first call, which computes and caches the figures). Goal: ratio ≤ 1.
"""

import argparse
import datetime
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import INSTITUTIONS, ROOT, database_url, workdir  # noqa: E402

YEAR = 2025
HELD = [
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "certified_se",
    "pre_se",
    "social_coop",
    "village",
    "self_sufficiency",
    "coop",
    "certified_se,self_sufficiency",
]
KINDS = ["goods", "services", "works"]
CHUNK = 500_000


def setup_django(url: str) -> None:
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DEBUG": "0",
            "SECRET_KEY": "bench",
            "ALLOWED_HOSTS": "testserver",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "SECURE_COOKIES": "0",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


DUCK_COLUMNS = ["institution_id", "department_id", "contract_date", "kind", "category_id", "held_types", "amount"]


def fill(rows: int, duck) -> None:
    """Generate the ledger a chunk at a time with NumPy; PostgreSQL loads it with COPY (SQLite with multi-row
    inserts), DuckDB takes the same frames."""
    import csv
    import io

    import numpy as np
    import pandas as pd
    from django.db import connection, transaction

    from procure.catalog.models import Category
    from procure.institutions.models import Department, Institution
    from procure.ledger.imports import INSERT_COLUMNS
    from procure.ledger.models import LedgerBatch

    units = []
    for name, departments in INSTITUTIONS.items():
        institution = Institution.objects.create(name=name, kind="other")
        units += [(institution.pk, Department.objects.create(institution=institution, name=d).pk) for d in departments]
    unit_institution = np.array([u[0] for u in units])
    unit_department = np.array([u[1] for u in units])
    categories = np.array(list(Category.objects.values_list("pk", flat=True)))
    batch = LedgerBatch.objects.create(filename="bench", sha256="0").pk
    rng = np.random.default_rng(7)
    now = datetime.datetime.now(datetime.UTC).isoformat()
    duck.execute(
        "CREATE TABLE ledger (institution_id INT, department_id INT, contract_date DATE, kind VARCHAR, "
        "category_id INT, held_types VARCHAR, amount BIGINT)"
    )
    start = np.datetime64(f"{YEAR}-01-01")
    table = "ledger_purchaserecord"
    for offset in range(0, rows, CHUNK):
        size = min(rows, offset + CHUNK) - offset
        unit = rng.integers(len(units), size=size)
        index = np.arange(offset, offset + size)
        frame = pd.DataFrame(
            {
                "institution_id": unit_institution[unit],
                "department_id": unit_department[unit],
                "contract_date": (start + rng.integers(365, size=size)).astype(str),
                "title": pd.Series(index).map("계약 {}".format),
                "kind": np.array(KINDS)[rng.integers(3, size=size)],
                "method": "",
                "amount": rng.integers(10, 5000, size=size) * 10_000,
                "supplier_name": "업체",
                "supplier_business_no": "9999999999",
                "category_id": categories[rng.integers(len(categories), size=size)],
                "identity": index,
                "held_types": np.array(HELD)[rng.integers(len(HELD), size=size)],
                "exclusion_id": None,
                "source": "import",
                "batch_id": batch,
                "created_at": now,
            }
        )[INSERT_COLUMNS]
        if connection.vendor == "postgresql":
            text = io.StringIO()
            frame.to_csv(text, header=False, index=False, quoting=csv.QUOTE_NONNUMERIC)
            text.seek(0)
            # Quoted empty strings stay empty strings; exclusion_id (empty) is NULL.
            statement = f"COPY {table} ({', '.join(INSERT_COLUMNS)}) FROM STDIN (FORMAT csv, FORCE_NULL (exclusion_id))"
            with transaction.atomic(), connection.cursor() as cursor, cursor.copy(statement) as copy:
                while block := text.read(1 << 20):
                    copy.write(block)
        else:
            placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(INSERT_COLUMNS)}) VALUES ({placeholders})",
                    frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None),
                )
        duck_frame = frame[DUCK_COLUMNS].copy()
        duck_frame["contract_date"] = pd.to_datetime(duck_frame["contract_date"])
        duck.register("chunk", duck_frame)
        duck.execute("INSERT INTO ledger SELECT * FROM chunk")
        duck.unregister("chunk")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")


def import_after(lines: int, work: Path, page) -> dict:
    """A `lines`-line file imported into the filled ledger (the real importer, check and apply): its time, the
    roll-up step's time (incremental: rollups_add), the page's first request after it, and what recounting the
    year's roll-ups from the ledger (rollups_rebuild of every institution) would have cost instead."""
    from common import write_ledger

    import procure.ledger.imports as imports
    from procure.core.imports import run_import
    from procure.ledger.models import Rollup
    from procure.ledger.services import rollups_rebuild

    path = work / "more.csv"
    write_ledger(path, lines)
    timing = {}
    incremental = imports.rollups_add

    def timed(changes):
        started = time.perf_counter()
        incremental(changes)
        timing["rollups"] = time.perf_counter() - started

    imports.rollups_add = timed
    started = time.perf_counter()
    with path.open("rb") as handle:
        result = run_import(imports.LedgerImporter(), handle, filename="more.csv")
    seconds = time.perf_counter() - started
    imports.rollups_add = incremental
    assert result.ok and result.created == lines, result.errors[:3]
    cold_started = time.perf_counter()
    page()
    page_after_ms = (time.perf_counter() - cold_started) * 1000
    totals = sorted(Rollup.objects.filter(year=YEAR).values_list("institution_id", "department_id", "month", "amount"))
    pairs = set(Rollup.objects.filter(year=YEAR).values_list("institution_id", "year"))
    started = time.perf_counter()
    rollups_rebuild(pairs=pairs)
    recount = time.perf_counter() - started
    rebuilt = sorted(Rollup.objects.filter(year=YEAR).values_list("institution_id", "department_id", "month", "amount"))
    assert sum(t[3] for t in totals) == sum(t[3] for t in rebuilt), "incremental roll-ups differ from a recount"
    return {
        "import_rows": lines,
        "import_seconds": round(seconds, 1),
        "rollups_incremental_seconds": round(timing["rollups"], 2),
        "rollups_recount_year_seconds": round(recount, 2),
        "page_first_after_import_ms": round(page_after_ms, 1),
    }


def partition_check() -> dict:
    """The ledger copied into a table partitioned by year (PostgreSQL), and the year-scoped reads timed on both:
    the roll-up GROUP BY of the year and a department's newest lines."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    columns = "institution_id, department_id, contract_date, kind, category_id, held_types, exclusion_id, amount"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_by_year (LIKE ledger_purchaserecord INCLUDING DEFAULTS) "
            "PARTITION BY RANGE (contract_date)"
        )
        for year in (YEAR - 1, YEAR, YEAR + 1):
            cursor.execute(
                f"CREATE TABLE bench_by_year_{year} PARTITION OF bench_by_year "
                f"FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01')"
            )
        cursor.execute("INSERT INTO bench_by_year SELECT * FROM ledger_purchaserecord")
        cursor.execute("CREATE INDEX ON bench_by_year (department_id, contract_date)")
        cursor.execute("ANALYZE bench_by_year")
        cursor.execute("SELECT department_id FROM ledger_purchaserecord LIMIT 1")
        department = cursor.fetchone()[0]

        def timed(table):
            def group():
                cursor.execute(
                    f"SELECT {columns.replace(', amount', '')}, SUM(amount), COUNT(*) FROM {table} "
                    f"WHERE contract_date >= '{YEAR}-01-01' AND contract_date <= '{YEAR}-12-31' "
                    f"GROUP BY {columns.replace(', amount', '')}"
                )
                cursor.fetchall()

            def newest():
                cursor.execute(
                    f"SELECT * FROM {table} WHERE department_id = %s ORDER BY contract_date DESC LIMIT 50",
                    [department],
                )
                cursor.fetchall()

            return median_ms(group, runs=3)[1], median_ms(newest)[1]

        plain_group, plain_newest = timed("ledger_purchaserecord")
        parted_group, parted_newest = timed("bench_by_year")
        cursor.execute("DROP TABLE bench_by_year")
    return {
        "year_group_by_ms": {"plain": round(plain_group, 1), "partitioned": round(parted_group, 1)},
        "department_newest_ms": {"plain": round(plain_newest, 2), "partitioned": round(parted_newest, 2)},
    }


def median_ms(action, runs: int = 5) -> tuple[float, float]:
    """(first call, median of the next `runs`) in milliseconds."""
    started = time.perf_counter()
    action()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return first, statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--import-rows", type=int, default=0, help="then import a file of this many lines")
    parser.add_argument("--partitions", action="store_true", help="also time a copy partitioned by year (PG)")
    parser.add_argument(
        "--smoke", action="store_true", help="5,000 rows and a 1,000-line import: that the bench still runs (CI)"
    )
    args = parser.parse_args()
    if args.smoke:
        args.rows, args.import_rows = 5_000, 1_000
    work = workdir()
    try:
        url = database_url(args.database_url, "procure_bench_dashboard", work)
        setup_django(url)
        import duckdb
        from django.test import Client

        from procure.accounts.models import Role, User
        from procure.ledger.services import rollups_rebuild

        duck = duckdb.connect(":memory:")
        started = time.perf_counter()
        fill(args.rows, duck)
        load_seconds = time.perf_counter() - started
        staff = User.objects.create(username="bench", role=Role.CENTER_STAFF)
        client = Client()
        client.force_login(staff)

        def page():
            response = client.get("/performance/", {"year": YEAR})
            assert response.status_code == 200, response.status_code

        def group_by():
            # The figures the page shows: units by month and supplier types, and categories by supplier types.
            duck.execute(
                "SELECT institution_id, department_id, month(contract_date) AS m, kind, held_types, sum(amount) "
                "FROM ledger WHERE year(contract_date) = ? "
                "GROUP BY institution_id, department_id, m, kind, held_types",
                [YEAR],
            ).fetchall()
            duck.execute(
                "SELECT institution_id, category_id, held_types, sum(amount) FROM ledger "
                "WHERE year(contract_date) = ? GROUP BY institution_id, category_id, held_types",
                [YEAR],
            ).fetchall()

        started = time.perf_counter()
        rollups_rebuild()
        rollups_seconds = time.perf_counter() - started
        page_cold_ms, page_ms = median_ms(page)
        _, duckdb_ms = median_ms(group_by)
        extra = {"load_seconds": round(load_seconds, 1), "rollups_full_rebuild_seconds": round(rollups_seconds, 2)}
        if args.partitions:
            extra["partitions"] = partition_check()
        if args.import_rows:
            extra.update(import_after(args.import_rows, work, page))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        json.dumps(
            {
                "rows": args.rows,
                "page_ms": round(page_ms, 1),
                "duckdb_ms": round(duckdb_ms, 1),
                "ratio": round(page_ms / duckdb_ms, 3),
                "page_cold_ms": round(page_cold_ms, 1),
                **extra,
            }
        )
    )


if __name__ == "__main__":
    main()
