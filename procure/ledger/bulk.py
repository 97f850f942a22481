"""Writing a chunk of ledger lines in bulk (PostgreSQL COPY, multi-row SQLite INSERTs), and the table's
secondary structures dropped and rebuilt around a first load into an empty ledger."""

import re

import numpy as np
from django.db import connection


def insert_lines(database, table: str, columns: list[str], values: list[list], constants: dict) -> None:
    """Insert lines given as one list of values per column, plus the same `constants` on every line, as
    fast as the database allows: COPY on PostgreSQL, multi-row INSERT statements on SQLite.

    `database` is the DB-API connection of the import's transaction (this runs in the writer thread,
    where Django's `connection` would be another connection)."""
    if not values or not values[0]:
        return
    if database.__class__.__module__.startswith("psycopg"):
        names = ", ".join([*columns, *constants])
        with database.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # noqa: S608
            copy.write(_copy_text(values, constants))
        return
    _sqlite_insert(database, table, columns, values, constants)


def _copy_text(columns: list[list], constants: dict) -> str:
    """The lines in COPY's text format, built a column at a time (formatting line by line costs more
    than the database's own work). Validated text has no tabs or line breaks; backslashes are escaped."""
    formatted = []
    for values in columns:
        if all(type(value) is str for value in values):
            if any("\\" in value for value in values):
                values = [value.replace("\\", "\\\\") for value in values]
        else:  # numbers, and None for NULL
            values = ["\\N" if value is None else str(value) for value in values]
        formatted.append(values)
    tail = "".join("\t" + str(value) for value in constants.values())
    return (tail + "\n").join(map("\t".join, zip(*formatted, strict=True))) + tail + "\n"


def _sqlite_lines_per_statement(width: int) -> int:
    """As many lines as the bound-variable limit allows, up to 1,000: each statement runs without the GIL,
    and every return to Python lets the thread reading the file run instead."""
    import sqlite3

    limit = 32766 if sqlite3.sqlite_version_info >= (3, 32) else 999
    return max(1, min(1000, limit // width))


_SAFE_LITERAL = re.compile(r"[\w :.+-]*")


def _sql_literal(value) -> str:
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, str) and _SAFE_LITERAL.fullmatch(value):
        return f"'{value}'"
    raise ValueError(f"not a safe constant: {value!r}")


def _sqlite_insert(database, table: str, columns: list[str], values: list[list], constants: dict) -> None:
    """Constants are written into the statement (binding them on every line costs); many lines a statement."""
    one = "(" + ", ".join(["?"] * len(columns) + [_sql_literal(v) for v in constants.values()]) + ")"
    names = ", ".join([*columns, *constants])
    width, size = len(columns), len(values[0])
    per = _sqlite_lines_per_statement(width)
    # Line after line, as one flat list: numpy interleaves the columns without a Python loop per line.
    flat = np.array(values, dtype=object).T.ravel().tolist()
    step = width * per
    full = size // per * per
    sqlite_cursor = database.cursor()
    try:
        if full:
            statement = f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * per)}"  # noqa: S608
            sqlite_cursor.executemany(statement, (flat[start : start + step] for start in range(0, full * width, step)))
        if full < size:
            statement = f"INSERT INTO {table} ({names}) VALUES {one}"  # noqa: S608
            sqlite_cursor.executemany(
                statement, (flat[start : start + width] for start in range(full * width, size * width, width))
            )
    finally:
        sqlite_cursor.close()


class SecondaryStructures:
    """The ledger table's indexes and unique/foreign-key constraints, dropped for a first load into an
    empty ledger and rebuilt after it in the same transaction (building an index once over sorted data
    is far cheaper than maintaining it line by line). Rebuilding checks every row, as inserting would.

    Partial indexes stay: the lines a ledger import writes are not in them (no reversal, no platform copy, no
    source number), so keeping one costs a test of its condition per line, while rebuilding it would scan the
    whole table again (three scans of a million lines on SQLite)."""

    def __init__(self, table: str):
        self.table = table
        self.dropped: list[str] = []

    def drop(self) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                _check_deferred_now(cursor)
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
                    [self.table],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(f'ALTER TABLE {self.table} DROP CONSTRAINT "{name}"')
                    self.dropped.append(f'ALTER TABLE {self.table} ADD CONSTRAINT "{name}" {definition}')
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
                    "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass) AND indexname NOT IN "
                    "(SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = %s::regclass "
                    "AND indpred IS NOT NULL)",
                    [self.table, self.table, self.table],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(f'DROP INDEX "{name}"')
                    self.dropped.append(definition)
            else:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL "
                    "AND name NOT IN (SELECT name FROM pragma_index_list(%s) WHERE partial)",
                    [self.table, self.table],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(f'DROP INDEX "{name}"')
                    self.dropped.append(definition)

    def rebuild(self) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA threads = 2")  # sort for each index on a helper thread too
            else:
                _check_deferred_now(cursor)
            # Indexes first: a foreign key or unique constraint added afterwards can use them.
            for statement in sorted(self.dropped, key=lambda s: "ADD CONSTRAINT" in s):
                cursor.execute(statement)
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA threads = 0")
        self.dropped = []


def _check_deferred_now(cursor) -> None:
    """PostgreSQL refuses to alter a table with deferred foreign-key checks still queued: run them now."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
