"""How fast could any validated import into the ledger table be? The database's share alone, vs pandas.

    .venv/bin/python bench/ledger_import/floor.py [--rows 1000000] [--database-url postgres://…]

Imports a generated ledger once (to have exactly the lines our import stores), then times, in one
transaction, what no importer of this schema can avoid: writing those lines with the fastest writer we
have (bulk.insert_lines, no indexes), building the table's indexes and constraints, and committing. No
reading, validation or hashing is counted. Prints {"rows", "insert_s", "indexes_s", "commit_s", "floor_s",
"pandas_s", "floor_ratio_vs_pandas"}: a floor_ratio_vs_pandas below 1 means that even an importer whose
own work took no time at all would be slower than pandas' read_csv + to_sql + the same indexes (the peer
of run.py).
"""

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import database_url, environment, workdir, write_enterprises, write_ledger  # noqa: E402
from run import our_import, pandas_import  # noqa: E402


def database_floor(url: str) -> tuple[float, float, float, int]:
    os.environ.update(environment(url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.db import connection, transaction

    from procure.ledger import bulk, column_lane
    from procure.ledger.imports import INSERT_COLUMNS, LINE_COLUMNS
    from procure.ledger.models import PurchaseRecord

    table = PurchaseRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(INSERT_COLUMNS)} FROM {table}")  # noqa: S608
        rows = cursor.fetchall()
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    constants = dict(zip(INSERT_COLUMNS[len(LINE_COLUMNS) :], rows[0][len(LINE_COLUMNS) :], strict=True))
    if connection.vendor == "sqlite":
        constants = {k: str(v) if not isinstance(v, int) else v for k, v in constants.items()}
    columns = [list(column) for column in zip(*(row[: len(LINE_COLUMNS)] for row in rows), strict=True)]
    columns[2] = [str(day) for day in columns[2]]
    del rows
    transaction.set_autocommit(False)
    structures = bulk.SecondaryStructures(table)
    structures.drop()
    connection.ensure_connection()
    started = time.perf_counter()
    for start in range(0, len(columns[0]), column_lane.BULK_ROWS):
        bulk.insert_lines(
            connection.connection,
            table,
            LINE_COLUMNS,
            [column[start : start + column_lane.BULK_ROWS] for column in columns],
            constants,
        )
    inserted = time.perf_counter()
    structures.rebuild()
    indexed = time.perf_counter()
    connection.commit()
    committed = time.perf_counter()
    return inserted - started, indexed - inserted, committed - indexed, len(columns[0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None, help="PostgreSQL server to use (default: SQLite files)")
    args = parser.parse_args()
    work = workdir()
    try:
        enterprises, ledger = work / "enterprises.csv", work / "ledger.csv"
        write_enterprises(enterprises)
        write_ledger(ledger, args.rows)
        url = database_url(args.database_url, "procure_bench_floor", work)
        our_import(url, ledger, enterprises)
        pandas_seconds = pandas_import(url, ledger, with_indexes=True)
        insert_s, indexes_s, commit_s, rows = database_floor(url)
        assert rows == args.rows
    finally:
        shutil.rmtree(work, ignore_errors=True)
    floor = insert_s + indexes_s + commit_s
    print(
        json.dumps(
            {
                "rows": rows,
                "insert_s": round(insert_s, 2),
                "indexes_s": round(indexes_s, 2),
                "commit_s": round(commit_s, 2),
                "floor_s": round(floor, 2),
                "pandas_s": round(pandas_seconds, 2),
                "floor_ratio_vs_pandas": round(pandas_seconds / floor, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
