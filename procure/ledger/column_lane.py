"""The column lane of import_ledger: a CSV file read in whole columns by pandas' C parser.

Nothing here decides what a valid line is — `rules.LineRules` does, for both lanes. The reader applies those
rules to each column's distinct values (a ledger repeats its institutions, dates, kinds and suppliers on every
line) and gives up (`NeedsRowByRow`) at the first value that is not plainly valid, so the row-by-row lane can
name every bad row with its number; the two lanes produce the same lines.
"""

from collections.abc import Iterator
from typing import NamedTuple

import numpy as np

from procure.core.tabular import Table, csv_format

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
    found = csv_format(table.stream)  # rewinds
    try:
        # As a context manager, pandas leaves the caller's file open however the reading ends.
        with pd.read_csv(
            table.stream,
            encoding=found.encoding,
            sep=found.delimiter,
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


_PLAIN_WON = r"[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*"


def _amounts(cells, rule, size: int) -> Coded:
    """Amounts are a quarter distinct: the plain ones (1,234,000 or 1234000, not above the limit) are read
    by pandas and NumPy in C, exactly as `rule` reads them; every other form goes through `rule`."""
    import pandas as pd

    if cells is None:
        return _by_distinct(cells, rule, size)
    codes, distinct = pd.factorize(cells, use_na_sentinel=False)
    texts = pd.Series(distinct, dtype=object)
    plain = texts.str.fullmatch(_PLAIN_WON).fillna(False).to_numpy(dtype=bool) & (texts.str.len() <= 20).to_numpy()
    numbers = np.zeros(len(distinct), dtype=np.int64)
    if plain.any():
        numbers[plain] = texts[plain].str.replace(",", "", regex=False).to_numpy(dtype=str).astype(np.int64)
    from procure.ledger.rules import MAX_AMOUNT

    plain &= numbers <= MAX_AMOUNT
    values = numbers.tolist()
    for index in np.flatnonzero(~plain).tolist():
        values[index] = _checked(rule, distinct[index])
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
        amount=_amounts(cells.get("amount"), rules.amount, size),
        supplier=_by_distinct(cells.get("supplier"), rules.supplier, size),
        business_no=_by_distinct(cells.get("supplier_business_no"), rules.business_no, size),
        category_id=_by_distinct(cells.get("category"), rules.category, size),
    )


# --- writing --------------------------------------------------------------------------------------


_DONE = object()


def read_ahead(chunks: Iterator, depth: int = 2) -> Iterator:
    """The chunks of `chunks`, produced on a reader thread up to `depth` ahead of the consumer: pandas'
    tokenizer, NumPy and the database writer release the interpreter lock, so reading and validating the next
    chunk overlaps with working out and writing this one. An error in the reader is raised here; when the
    consumer stops early the reader stops too."""
    import queue
    import threading

    handoff: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        try:
            for chunk in chunks:
                if not put(chunk):
                    return
            put(_DONE)
        except BaseException as error:  # noqa: BLE001 — handed to the consumer, which raises it
            put(error)

    reader = threading.Thread(target=produce, name="ledger-reader", daemon=True)
    reader.start()
    try:
        while True:
            item = handoff.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        reader.join()
