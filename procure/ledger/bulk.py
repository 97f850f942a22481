"""The fast lane of import_ledger: reading a CSV file in whole columns and writing lines in bulk.

Nothing here decides what a valid line is — `imports.LineRules` does, for both lanes. The column reader
applies those rules to each column's distinct values (a ledger repeats its institutions, dates, kinds and
suppliers on every line), and gives up (`NeedsRowByRow`) at the first value that is not plainly valid,
so the row-by-row lane can name every bad row with its number; the two lanes produce the same lines.
"""

import re
from collections.abc import Iterator
from typing import NamedTuple

import numpy as np
from django.db import connection

from procure.core.tabular import Table

BULK_ROWS = 20_000


class NeedsRowByRow(Exception):
    """A value needs the careful lane: an error to report, or a form only it reads."""


class Coded(NamedTuple):
    """One column of a chunk: its distinct validated values, and for each line the index of its value."""

    codes: np.ndarray
    values: list

    @classmethod
    def of(cls, items: list) -> "Coded":
        index: dict = {}
        codes = np.fromiter((index.setdefault(item, len(index)) for item in items), dtype=np.intp, count=len(items))
        return cls(codes, list(index))

    def per_line(self) -> list:
        return objects(self.values)[self.codes].tolist()


def objects(values: list) -> np.ndarray:
    """A one-dimensional array of Python objects (np.array would turn a list of tuples into a matrix)."""
    array = np.empty(len(values), dtype=object)
    for index, value in enumerate(values):  # distinct values: few
        array[index] = value
    return array


class Columns(NamedTuple):
    """Validated lines of one chunk: the title per line, every other field coded (same fields as
    imports.Line, in the same order)."""

    institution: Coded
    department: Coded
    day: Coded
    title: list
    kind: Coded
    method: Coded
    amount: Coded
    supplier: Coded
    business_no: Coded
    category_id: Coded

    def __len__(self) -> int:
        return len(self.title)

    @classmethod
    def of_lines(cls, lines: list) -> "Columns":
        fields = list(zip(*lines, strict=True))
        return cls(
            *(
                list(values) if name == "title" else Coded.of(values)
                for name, values in zip(cls._fields, fields, strict=True)
            )
        )


def read_columns(table: Table, rules, *, rows: int = BULK_ROWS) -> Iterator[Columns]:
    """Validated chunks of a CSV file, read by pandas' C parser; raises NeedsRowByRow."""
    import pandas as pd

    keys = list(table.columns)
    positions = [table.columns[k] for k in keys]
    # When the file has no column we do not read, a line whose cells are all empty is blank as the row
    # lane sees it and is skipped (a line with more cells than the header stops pandas, and the row lane
    # takes the file). Otherwise such a line may have text in an unread column: the rules refuse its empty
    # 기관명 and the row lane decides.
    every_column = sorted(positions) == list(range(len(table.headers)))
    table.stream.seek(0)
    try:
        # As a context manager, pandas leaves the caller's file open however the reading ends.
        with pd.read_csv(
            table.stream,
            encoding=table.csv.encoding,
            sep=table.csv.delimiter,
            header=None,
            skiprows=table.header_row,
            usecols=None if every_column else positions,
            dtype=object,
            na_filter=False,
            chunksize=rows,
            engine="c",
        ) as reader:
            for frame in reader:
                cells = {key: frame[position].to_numpy() for key, position in zip(keys, positions, strict=True)}
                size = len(frame)
                if every_column:
                    cells, size = _without_blank_lines(cells, size)
                if size:
                    yield _validated(cells, rules, size)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise NeedsRowByRow(str(error)) from None


def _without_blank_lines(cells: dict, size: int) -> tuple[dict, int]:
    blank = np.ones(size, dtype=bool)
    for column in cells.values():
        blank &= column == ""
    if not blank.any():
        return cells, size
    kept = ~blank
    return {key: column[kept] for key, column in cells.items()}, int(kept.sum())


def _by_distinct(cells, rule, size: int) -> Coded:
    """Apply `rule` (cell → (value, problem)) once per distinct cell; any problem → NeedsRowByRow."""
    import pandas as pd

    if cells is None:
        value, problem = rule(None)
        if problem:
            raise NeedsRowByRow(problem)
        return Coded(np.zeros(size, dtype=np.intp), [value])
    codes, distinct = pd.factorize(cells, use_na_sentinel=False)
    values = []
    for cell in distinct:
        value, problem = rule(cell)
        if problem:
            raise NeedsRowByRow(problem)
        values.append(value)
    return Coded(codes, values)


def _titles(cells, rule) -> list:
    """Titles are nearly all distinct, so one joined text tells whether any needs more than the plain case
    (not empty, no space at either end, no run of spaces, no other white space, at most 300 letters);
    a plain title is already what `rule` would make of it. Otherwise each title goes through `rule`."""
    titles = cells.tolist()
    try:
        joined = "|".join(titles)
    except TypeError:  # a cell that is not text
        return [_checked(rule, t) for t in titles]
    plain = (
        all(titles)
        and joined.isprintable()  # white space other than the ASCII space is not printable
        and "  " not in joined
        and "| " not in joined
        and " |" not in joined
        and not joined.startswith(" ")
        and not joined.endswith(" ")
        and max(map(len, titles)) <= 300
    )
    return titles if plain else [_checked(rule, t) for t in titles]


def _checked(rule, cell):
    value, problem = rule(cell)
    if problem:
        raise NeedsRowByRow(problem)
    return value


def _validated(cells: dict, rules, size: int) -> Columns:
    return Columns(
        institution=_by_distinct(cells.get("institution"), rules.institution, size),
        department=_by_distinct(cells.get("department"), rules.department, size),
        day=_by_distinct(cells.get("contract_date"), rules.contract_date, size),
        title=_titles(cells["title"], rules.title),
        kind=_by_distinct(cells.get("kind"), rules.kind, size),
        method=_by_distinct(cells.get("method"), rules.method, size),
        amount=_by_distinct(cells.get("amount"), rules.amount, size),
        supplier=_by_distinct(cells.get("supplier"), rules.supplier, size),
        business_no=_by_distinct(cells.get("supplier_business_no"), rules.business_no, size),
        category_id=_by_distinct(cells.get("category"), rules.category, size),
    )


# --- writing --------------------------------------------------------------------------------------


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
    is far cheaper than maintaining it line by line). Rebuilding checks every row, as inserting would."""

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
                    "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                    [self.table, self.table],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(f'DROP INDEX "{name}"')
                    self.dropped.append(definition)
            else:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                    [self.table],
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
