"""The one way files are imported: parse and validate every row, then write all or nothing.

An importer (one per kind of file) declares its columns, turns rows into records (collecting every
bad row), and applies records inside a transaction. The command line (`import_*` commands) and the
web UI (ImportJob, run by the background worker) both call `run_import`, so the preview a person
sees is computed by the same code that writes.
"""

import contextlib
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from procure.core.exporters import Col, Exporter, Sheet, register_exporter
from procure.core.tabular import Column, RowErrors, Table, TableError, clean_text, iter_raw_rows, open_table

Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)  # the first KEPT_ERRORS, by row
    error_total: int = 0  # every problem found
    error_rows: int = 0  # rows with a problem
    headers: list[str] = field(default_factory=list)
    # What the importer can tell beyond counts (the ledger: money by institution, supplier matches, names to
    # create or map); shown in the preview and in --json as "preview".
    details: dict | None = None
    # (row, action, description) of the rows that create or change something, for previews.
    changes: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, row: int, action: str, description: str = "") -> None:
        setattr(self, action, getattr(self, action) + 1)
        if action != "unchanged" and len(self.changes) < 1000:
            self.changes.append((row, action, description))

    def as_json(self) -> dict:
        summary = {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
        }
        if self.error_total > len(self.errors):  # only the first ones are listed
            summary["error_total"] = self.error_total
        if self.details is not None:
            summary["preview"] = self.details
        return summary

    def summary_korean(self) -> str:
        if self.errors:
            return (
                f"{self.rows:,}행 중 {self.error_rows:,}행에 오류가 있어 아무것도 반영하지 않았습니다 "
                f"(오류 {self.error_total:,}건)."
            )
        return (
            f"{self.rows:,}행을 처리했습니다: 새로 등록 {self.created:,}, 변경 {self.updated:,}, "
            f"변경 없음 {self.unchanged:,}."
        )


class Importer:
    kind = ""
    label = ""
    columns: list[Column] = []

    def process(
        self,
        table: Table,
        errors: RowErrors,
        result: ImportResult,
        *,
        actor,
        source: dict,
        progress=None,
        dry_run: bool = False,
    ):
        """Validate and write. When importing, runs inside the import's transaction, which is rolled back if
        `errors` is not empty when it returns. A dry run (the check before confirmation) runs outside any
        transaction and must leave the database as it found it without holding its write lock for long:
        the default parses first, writing nothing, then applies in a short transaction that is rolled back.
        Importers of very large files override this to validate and write in chunks."""
        records = self.parse(table, errors, progress)
        result.rows = getattr(self, "row_count", len(records))
        if errors:
            return
        if dry_run:
            with rolled_back():
                self.apply(records, result, actor=actor, source=source, progress=progress)
        else:
            self.apply(records, result, actor=actor, source=source, progress=progress)

    def parse(self, table: Table, errors: RowErrors, progress: Progress | None = None) -> list:
        """Turn rows into records; report every problem to `errors`. Must not write."""
        raise NotImplementedError

    def apply(self, records: list, result: ImportResult, *, actor, source: dict, progress: Progress | None = None):
        """Write the records, counting each row in `result`."""
        raise NotImplementedError


def file_sha256(source) -> str:
    """SHA-256 of bytes or of a seekable binary file (read in blocks, then rewound)."""
    if isinstance(source, bytes | bytearray):
        return hashlib.sha256(source).hexdigest()
    digest = hashlib.sha256()
    for block in iter(lambda: source.read(1 << 20), b""):
        digest.update(block)
    source.seek(0)
    return digest.hexdigest()


def _first_line(data) -> list[str]:
    """The first line's cells, to offer them when columns must be matched by hand."""
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    stream.seek(0)
    try:
        first = next(iter_raw_rows(stream), [])
    except TableError:
        first = []
    stream.seek(0)
    return [clean_text(cell) for cell in first if clean_text(cell)]


class _Rollback(Exception):
    pass


@contextlib.contextmanager
def rolled_back():
    """A transaction that is always rolled back: see what a write would do, keep nothing."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def run_import(
    importer: Importer,
    data,
    *,
    actor=None,
    dry_run: bool = False,
    filename: str = "",
    progress: Progress | None = None,
    mapping: dict | None = None,
    errors_sink=None,
) -> ImportResult:
    """Import `data` (bytes or a seekable binary file) with `importer`, all or nothing.

    `mapping` names, for columns whose header differs, the header this file uses ({"amount": "총계약금액"}).
    `errors_sink`, a text file, receives every error as a CSV line (the result keeps the first ones only).
    A problem with the file as a whole — even one found deep into it, such as a byte that is not text
    past the first megabyte — refuses the file with its Korean message; it never escapes as an exception."""
    result = ImportResult()
    errors = RowErrors(sink=errors_sink)
    sha256 = file_sha256(data)
    try:
        table = open_table(data, importer.columns, mapping=mapping)
    except TableError as error:
        errors.extend(error.errors)
        result.headers = _first_line(data)
        _refused(result, errors)
        return result
    result.headers = [h for h in table.headers if h]
    source = {"filename": filename, "sha256": sha256}
    try:
        if dry_run:
            importer.process(table, errors, result, actor=actor, source=source, progress=progress, dry_run=True)
        else:
            with transaction.atomic():
                importer.process(table, errors, result, actor=actor, source=source, progress=progress)
                if errors:
                    raise _Rollback
    except _Rollback:
        pass
    except TableError as error:  # raised while reading rows: the whole import is rolled back
        errors.extend(error.errors, keep=True)
    if errors:
        _refused(result, errors)
    return result


def run_records(importer: Importer, records: list[dict], *, actor=None, filename: str = "") -> ImportResult:
    """Import records (dicts keyed by the importer's column keys) by the same rules as a file, all or nothing.

    The records are never written out as text and read again: a value holding a tab, a line break or a header's
    words stays one value of one record (row numbers count records from 1)."""
    result = ImportResult()
    errors = RowErrors()
    keys = [column.key for column in importer.columns]
    table = Table(
        columns={key: index for index, key in enumerate(keys)},
        raw=iter([[record.get(key) for key in keys] for record in records]),
        header_row=0,
        headers=[column.korean for column in importer.columns],
        kind="records",
    )
    digest = hashlib.sha256(json.dumps(records, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()
    source = {"filename": filename, "sha256": digest}
    result.headers = table.headers
    try:
        with transaction.atomic():
            importer.process(table, errors, result, actor=actor, source=source)
            if errors:
                raise _Rollback
    except _Rollback:
        pass
    if errors:
        _refused(result, errors)
    return result


def _refused(result: ImportResult, errors: RowErrors) -> None:
    """Nothing was written: a refused file reports its rows and its errors only."""
    result.errors = errors.sorted()
    result.error_total = errors.total
    result.error_rows = errors.rows
    result.created = result.updated = result.unchanged = 0
    result.changes = []


IMPORTERS: dict[str, type[Importer]] = {}


def register_importer(importer_class: type[Importer]) -> type[Importer]:
    """Apps register their importers in AppConfig.ready(); the web UI offers every registered kind."""
    IMPORTERS[importer_class.kind] = importer_class
    return importer_class


@register_exporter
class ImportTemplateExporter(Exporter):
    """The empty form of an import (its headers) and a sheet explaining each column."""

    identifier = "core.import_template"
    verbose_name = "가져오기 양식"
    formats = ("xlsx",)

    def __init__(self, *, importer: type[Importer]):
        self.importer = importer

    def filename(self) -> str:
        return f"{self.importer.kind}-template"

    def sheets(self):
        columns = self.importer.columns
        yield Sheet("양식", [Col(c.korean, width=16) for c in columns], [])
        yield Sheet(
            "설명",
            [Col("열", width=20), Col("영문 이름", width=24), Col("필수")],
            ([c.korean, c.english, "필수" if c.required else ""] for c in columns),
        )
