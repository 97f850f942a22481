"""Benchmark: the full district dashboard page vs a DuckDB in-memory GROUP BY over the same ledger rows.

    .venv/bin/python bench/dashboard/run.py [--rows 2000000] [--database-url postgres://…]

The page is served by Django (test client, production settings) from the roll-ups; DuckDB groups the raw
rows by the same keys the page needs (institution, department, month, kind, category, supplier types).
Prints {"rows", "page_ms", "duckdb_ms", "ratio", "page_cold_ms"} — medians of five runs after a first call
(page_cold_ms is that first call, which computes and caches the figures). Goal: ratio ≤ 1.
"""

import argparse
import datetime
import json
import os
import random
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
CHUNK = 100_000


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
    categories = list(Category.objects.values_list("pk", flat=True))
    batch = LedgerBatch.objects.create(filename="bench", sha256="0").pk
    rng = random.Random(7)
    now = datetime.datetime.now(datetime.UTC)
    placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
    duck.execute(
        "CREATE TABLE ledger (institution_id INT, department_id INT, contract_date DATE, kind VARCHAR, "
        "category_id INT, held_types VARCHAR, amount BIGINT)"
    )
    start = datetime.date(YEAR, 1, 1)
    for offset in range(0, rows, CHUNK):
        batch_rows = []
        for index in range(offset, min(rows, offset + CHUNK)):
            institution_id, department_id = units[rng.randrange(len(units))]
            day = start + datetime.timedelta(days=rng.randrange(365))
            line = {
                "institution_id": institution_id,
                "department_id": department_id,
                "contract_date": day,
                "title": f"계약 {index}",
                "kind": KINDS[rng.randrange(3)],
                "method": "",
                "amount": rng.randrange(10, 5000) * 10_000,
                "supplier_name": "업체",
                "supplier_business_no": "9999999999",
                "category_id": categories[rng.randrange(len(categories))],
                "identity": index,
                "held_types": HELD[rng.randrange(len(HELD))],
                "exclusion_id": None,
                "source": "import",
                "batch_id": batch,
                "created_at": now,
            }
            batch_rows.append(tuple(line[column] for column in INSERT_COLUMNS))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO ledger_purchaserecord ({', '.join(INSERT_COLUMNS)}) VALUES ({placeholders})", batch_rows
            )
        frame = pd.DataFrame(
            [tuple(row[INSERT_COLUMNS.index(c)] for c in DUCK_COLUMNS) for row in batch_rows],
            columns=DUCK_COLUMNS,
        )
        frame["contract_date"] = pd.to_datetime(frame["contract_date"])
        duck.register("chunk", frame)
        duck.execute("INSERT INTO ledger SELECT * FROM chunk")
        duck.unregister("chunk")


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
    args = parser.parse_args()
    work = workdir()
    try:
        url = database_url(args.database_url, "procure_bench_dashboard", work)
        setup_django(url)
        import duckdb
        from django.test import Client

        from procure.accounts.models import Role, User
        from procure.ledger.services import rollups_rebuild

        duck = duckdb.connect(":memory:")
        fill(args.rows, duck)
        rollups_rebuild()
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

        page_cold_ms, page_ms = median_ms(page)
        _, duckdb_ms = median_ms(group_by)
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
            }
        )
    )


if __name__ == "__main__":
    main()
