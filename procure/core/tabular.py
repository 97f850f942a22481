"""Reading the spreadsheets people bring: CSV (UTF-8, UTF-8 with BOM, CP949/EUC-KR) or XLSX.

Every import in the project uses this module: it finds the header row's columns by their Korean
name or English alias, parses won amounts and dates in the forms officers write them, and collects
every problem as (row, column, Korean message) so a refused file names all its bad rows at once.
"""

import contextlib
import contextvars
import csv
import datetime
import io
import operator
import re
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from procure.core.text import josa, quoted, strip_control_characters

XLSX_MAGIC = b"PK\x03\x04"


class TableError(Exception):
    """The file as a whole cannot be read (not a spreadsheet, missing required columns…)."""

    def __init__(self, message: str, errors: list[dict] | None = None):
        super().__init__(message)
        self.errors = errors or [{"row": 1, "column": "", "message": message}]


@dataclass(frozen=True)
class Column:
    key: str
    korean: str
    english: str
    required: bool = False
    aliases: tuple[str, ...] = ()

    def names(self) -> set[str]:
        return {header_key(n) for n in (self.korean, self.english, *self.aliases)}


KEPT_ERRORS = 1000


@dataclass
class RowErrors:
    """Problems found while reading rows; a file with any is refused whole.

    Only the first KEPT_ERRORS are kept in memory (and shown); every one is counted, and written to
    `sink` (a text file, CSV) when one is given, so a file of two million bad rows needs no more memory
    than one of a thousand and people can still download the whole list."""

    items: list[dict] = field(default_factory=list)
    total: int = 0
    rows: int = 0  # rows with at least one problem
    sink: object = None
    _last_row: int | None = None

    def add(self, row: int, column: str, message: str) -> None:
        self.total += 1
        if row != self._last_row:
            self.rows += 1
            self._last_row = row
        if len(self.items) < KEPT_ERRORS:
            self.items.append({"row": row, "column": column, "message": message})
        if self.sink is not None:
            csv.writer(self.sink).writerow([row, column, message])

    def extend(self, errors: list[dict], *, keep: bool = False) -> None:
        """Add these; with `keep` (problems of the file as a whole) they are listed even past the limit."""
        for error in errors:
            if keep and len(self.items) >= KEPT_ERRORS:
                self.items.pop()
            self.add(error["row"], error["column"], error["message"])

    def __bool__(self) -> bool:
        return self.total > 0

    def sorted(self) -> list[dict]:
        return sorted(self.items, key=lambda e: (e["row"], e["column"]))


def header_key(name) -> str:
    # "주업종 / 주생산품(public_service_description)" and "주업종/주생산품" are the same column.
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", str(name or ""))
    return re.sub(r"[\s_\-·]", "", text).lower()


_UNKNOWN_ENCODING = "파일의 문자 인코딩을 알 수 없습니다. UTF-8 또는 CP949(EUC-KR) CSV, 또는 XLSX로 저장해 주세요."
_SNIFF_BYTES = 1 << 20


def _detect_encoding(head: bytes) -> str:
    """Decide from the first megabyte; a multi-byte character cut at its end is not an error."""
    try:
        head.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 3 and len(head) == _SNIFF_BYTES:
            return "utf-8-sig"
    try:
        head.decode("cp949")
        return "cp949"
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 1 and len(head) == _SNIFF_BYTES:
            return "cp949"
    raise TableError(_UNKNOWN_ENCODING)


@dataclass(frozen=True)
class CsvFormat:
    encoding: str
    delimiter: str


def csv_format(stream: BinaryIO) -> CsvFormat:
    """The encoding and delimiter of a CSV file, decided from its first megabyte (the stream is rewound)."""
    stream.seek(0)
    head = stream.read(_SNIFF_BYTES)
    stream.seek(0)
    encoding = _detect_encoding(head)
    sample = head[:4096].decode(encoding, errors="ignore")
    return CsvFormat(encoding, "\t" if sample.count("\t") > sample.count(",") else ",")


# --- how much work reading one file may take ------------------------------------------------------------
#
# A file's check runs under a CPU-time budget (`parse_deadline`, set by the import job's check): the readers below
# look at the thread's CPU clock every few hundred rows and refuse the file in Korean once the budget is spent, so
# no file, however it is built, keeps the worker busy longer than that.

TOO_COMPLEX = (
    "파일이 너무 복잡합니다. 검사에 처리 시간 {seconds:,}초를 넘게 써서 멈췄습니다. "
    "필요한 시트·열·행만 남기거나 CSV로 저장해 다시 올려 주세요."
)
_DEADLINE: contextvars.ContextVar[tuple[float, int] | None] = contextvars.ContextVar("parse_deadline", default=None)
_CHECK_EVERY = 256  # rows between two looks at the clock (a look costs about a microsecond)


class TooComplex(TableError):
    pass


@contextlib.contextmanager
def parse_deadline(seconds: int | None):
    """Refuse (TooComplex, TOO_COMPLEX) any file read in this block once the thread has used `seconds` of CPU.

    Rows are looked at between reads; what a library does before the first row (openpyxl reads every sheet's XML
    once when it opens a workbook) is bounded too, on the main thread (the task worker's), by a CPU timer."""
    if not seconds:
        yield
        return
    token = _DEADLINE.set((time.thread_time() + seconds, seconds))
    previous = None
    on_main = threading.current_thread() is threading.main_thread()
    if on_main:

        def too_long(signum, frame):
            raise TooComplex(TOO_COMPLEX.format(seconds=seconds))

        previous = signal.signal(signal.SIGVTALRM, too_long)
        signal.setitimer(signal.ITIMER_VIRTUAL, seconds + 1)  # the row checks usually answer first
    try:
        yield
    finally:
        if on_main:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            signal.signal(signal.SIGVTALRM, previous)
        _DEADLINE.reset(token)


def _within_deadline(rows: Iterator[list]) -> Iterator[list]:
    deadline = _DEADLINE.get()
    if deadline is None:
        yield from rows
        return
    limit, seconds = deadline
    for number, values in enumerate(rows):
        if number % _CHECK_EVERY == 0 and time.thread_time() > limit:
            raise TooComplex(TOO_COMPLEX.format(seconds=seconds))
        yield values


def _csv_rows(stream: BinaryIO) -> Iterator[list]:
    found = csv_format(stream)
    encoding, delimiter = found.encoding, found.delimiter
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        yield from _within_deadline(csv.reader(text, delimiter=delimiter))
    except UnicodeDecodeError:
        raise TableError(_UNKNOWN_ENCODING) from None
    finally:
        if not stream.closed:
            text.detach()  # leave the caller's file open


# A workbook is a zip; what it unpacks to is checked before anything is unpacked (zip bombs). Python's
# zipfile never reads past a member's declared size, so the declared sizes are the real bounds.
XLSX_MAX_UNPACKED = 1024 * 1024 * 1024  # all parts together
XLSX_MAX_SHARED_STRINGS = 64 * 1024 * 1024  # read into memory whole by openpyxl
XLSX_MAX_RATIO = 200  # unpacked / packed, for parts over a few megabytes (XML of real sheets packs ~10-20×)
XLSX_MAX_PARTS = 10_000
XLSX_MAX_ROWS = 1_048_576  # Excel's own limit
# Cells further right than this are not read. openpyxl pads every row with empty cells up to its last cell, so a
# 26 KB workbook of 230,000 rows each holding one cell in column XFD (16,384) made 3.8 billion empty cells and
# kept the worker busy for minutes (issue 26); no import has more than a few dozen columns.
XLSX_MAX_COLUMNS = 512
_XLSX_TOO_BIG = (
    "XLSX 파일을 풀면 지나치게 커지는 파일이라 열지 않았습니다 ({what}). "
    "엑셀에서 필요한 시트만 남기거나 CSV로 저장해 올려 주세요."
)


def check_xlsx_limits(stream: BinaryIO) -> None:
    """Refuse a workbook that would unpack to more than we are willing to hold, before reading it."""
    import zipfile

    position = stream.tell()
    try:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TableError("XLSX 파일을 열 수 없습니다. 파일이 손상되었거나 엑셀 형식이 아닙니다.") from None
    finally:
        stream.seek(position)
    if len(parts) > XLSX_MAX_PARTS:
        raise TableError(_XLSX_TOO_BIG.format(what=f"구성 파일 {len(parts):,}개"))
    total = sum(part.file_size for part in parts)
    if total > XLSX_MAX_UNPACKED:
        raise TableError(_XLSX_TOO_BIG.format(what=f"풀면 {total // (1024 * 1024):,}MB"))
    for part in parts:
        if part.filename.lower().endswith("sharedstrings.xml") and part.file_size > XLSX_MAX_SHARED_STRINGS:
            raise TableError(_XLSX_TOO_BIG.format(what=f"문자열 {part.file_size // (1024 * 1024):,}MB"))
        if part.file_size > 8 * 1024 * 1024 and part.file_size > XLSX_MAX_RATIO * max(part.compress_size, 1):
            raise TableError(_XLSX_TOO_BIG.format(what=f"압축률 {part.file_size // max(part.compress_size, 1):,}배"))


def _without_padding(values: tuple) -> list:
    """The row without the empty cells openpyxl added up to XLSX_MAX_COLUMNS: the last filled cell is found by
    halving (each step one count in C), not by walking back cell by cell."""
    if values.count(None) == len(values):
        return []
    low, high = 0, len(values)  # values[high:] is all empty; values[low:] is not
    while high - low > 1:
        middle = (low + high) // 2
        if values[middle:].count(None) == len(values) - middle:
            high = middle
        else:
            low = middle
    return list(values[:high])


def _xlsx_rows(stream: BinaryIO) -> Iterator[list]:
    from openpyxl import load_workbook

    check_xlsx_limits(stream)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except TableError:  # out of time (parse_deadline)
        raise
    except Exception:  # noqa: BLE001 — any parse failure means "not a workbook we can read"
        raise TableError("XLSX 파일을 열 수 없습니다. 파일이 손상되었거나 엑셀 형식이 아닙니다.") from None
    try:
        sheet = workbook.worksheets[0]
        # The sheet's own claim of its size is not trusted: a claimed A1:XFD1048576 would pad every row.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True, max_col=XLSX_MAX_COLUMNS)
        for number, values in enumerate(_within_deadline(rows), start=1):
            if number > XLSX_MAX_ROWS:
                raise TableError(f"행이 {XLSX_MAX_ROWS:,}개를 넘습니다. 파일을 나누어 올려 주세요.")
            yield _without_padding(values)
    except TableError:
        raise
    except Exception:  # noqa: BLE001 — a part that is broken past the first rows
        raise TableError("XLSX 파일을 끝까지 읽지 못했습니다. 파일이 손상되었는지 확인해 주세요.") from None
    finally:
        workbook.close()


def iter_raw_rows(stream: BinaryIO) -> Iterator[list]:
    head = stream.read(2048)
    stream.seek(0)
    if head.startswith(XLSX_MAGIC):
        return _xlsx_rows(stream)
    if b"\x00" in head:
        raise TableError("CSV 또는 XLSX 파일이 아닙니다.")
    return _csv_rows(stream)


@dataclass
class Table:
    """Data rows as dicts keyed by Column.key, with their spreadsheet row numbers (header = 1)."""

    columns: dict[str, int]
    raw: Iterator[list]
    header_row: int = 1
    headers: list[str] = field(default_factory=list)
    # The file itself, what it is ("csv" or "xlsx") and the column mapping it was opened with: an importer of
    # very large files may read the stream in its own way, and open it afresh with open_table.
    stream: BinaryIO | None = None
    kind: str = "csv"
    mapping: dict | None = None

    def has_header(self, *names: str) -> bool:
        keys = {header_key(h) for h in self.headers}
        return any(header_key(n) in keys for n in names)

    def rows(self) -> Iterator[tuple[int, dict]]:
        number = self.header_row
        keys = list(self.columns)
        indexes = [self.columns[k] for k in keys]
        width = max(indexes, default=-1) + 1
        pick = operator.itemgetter(*indexes) if len(indexes) > 1 else None
        for values in self.raw:
            number += 1
            first = values[0] if values else None
            # Fast path: a first cell with text means a row; otherwise look at every cell (blank lines are not rows).
            if not (isinstance(first, str) and first.strip()) and not any(
                v not in (None, "") and str(v).strip() for v in values
            ):
                continue
            if pick is not None and len(values) >= width:
                yield number, dict(zip(keys, pick(values), strict=True))
            else:
                yield (
                    number,
                    {key: (values[index] if index < len(values) else None) for key, index in self.columns.items()},
                )


def open_table(
    source: bytes | BinaryIO, columns: list[Column], *, header_search_rows: int = 5, mapping: dict | None = None
) -> Table:
    """Find the header (within the first few lines, for files with a title line) and map its columns.

    `source` is the file's bytes or a seekable binary file; files are read as a stream, so a large
    one is never held in memory whole."""
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    stream.seek(0)
    head = stream.read(len(XLSX_MAGIC))
    if not head:
        raise TableError("빈 파일입니다.")
    stream.seek(0)
    raw = iter_raw_rows(stream)
    wanted = {c.key: c.names() for c in columns}
    # A saved column mapping ("this file calls 계약금액 '총계약금액'") takes precedence over the aliases.
    for key, header in (mapping or {}).items():
        if key in wanted and header:
            wanted[key] = {header_key(header)}
    best: tuple[int, dict, int] | None = None
    seen = []
    for line_number, values in enumerate(raw, start=1):
        seen.append(values)
        found = {}
        for index, value in enumerate(values):
            key = header_key(value)
            for column_key, names in wanted.items():
                if key in names and column_key not in found:
                    found[column_key] = index
        if best is None or len(found) > len(best[1]):
            best = (line_number, found, line_number)
        if len(found) == len(columns) or line_number >= header_search_rows:
            break
    if best is None:
        raise TableError("빈 파일입니다.")
    header_row, found_columns, _ = best
    headers = [clean_text(v) for v in seen[header_row - 1]]
    missing = [c.korean for c in columns if c.required and c.key not in found_columns]
    if missing:
        names = ", ".join(f"‘{m}’" for m in missing)
        raise TableError(
            f"필수 열 {names}{josa(names, '이/가')} 없습니다.",
            [{"row": header_row, "column": m, "message": f"필수 열 {quoted(m, '이/가')} 없습니다."} for m in missing],
        )
    remaining = seen[header_row:]

    def chained():
        yield from remaining
        yield from raw

    return Table(
        columns=found_columns,
        raw=chained(),
        header_row=header_row,
        headers=headers,
        stream=stream,
        kind="xlsx" if head == XLSX_MAGIC else "csv",
        mapping=mapping,
    )


# --- value parsers: each returns the value or raises ValueError with a Korean message ---------


_SPACES = re.compile(r"\s+")


def clean_text(value) -> str:
    if value is None:
        return ""
    if type(value) is not str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value)
    text = strip_control_characters(value).strip()
    # Most cells have no runs of whitespace; skip the regular expression for them.
    if "  " in text or "\t" in text or "\n" in text or "\r" in text or "\u3000" in text or "\xa0" in text:
        text = _SPACES.sub(" ", text)
    return text


_WON_SUFFIX = re.compile(r"(원|KRW)$", re.IGNORECASE)
_INTEGER = re.compile(r"-?\d+")


def parse_won(value) -> int:
    """'1,234,000', '1234000', '1,234,000원', 1234000 (a number cell) → 1234000."""
    if isinstance(value, bool):
        raise ValueError("금액은 숫자로 입력해 주세요.")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("금액은 원 단위 정수로 입력해 주세요.")
        return int(value)
    text = clean_text(value).replace(",", "").replace(" ", "")
    if text.isdecimal():  # not isdigit(): '¹' is a digit to Python that int() refuses
        return int(text)
    text = _WON_SUFFIX.sub("", text.replace("₩", ""))
    if not _INTEGER.fullmatch(text):
        raise ValueError(
            f"금액 {quoted(clean_text(value), '을/를')} 읽을 수 없습니다. 1,234,000 처럼 원 단위 숫자로 입력해 주세요."
        )
    return int(text)


EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_date(value) -> datetime.date:
    """2024-05-29, 2024.05.29, 2024/5/29, 20240529, an Excel date cell or serial number."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial day number
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        value = str(int(value))
    text = clean_text(value).rstrip(".")
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    match = re.fullmatch(r"(\d{4})[-./ ]\s*(\d{1,2})[-./ ]\s*(\d{1,2})", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    if not match:
        match = re.fullmatch(r"(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일", text)
    if not match:
        raise ValueError(f"날짜 {quoted(text, '을/를')} 읽을 수 없습니다. 2024-05-29 형식으로 입력해 주세요.")
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"{quoted(text, '은/는')} 없는 날짜입니다.") from None
