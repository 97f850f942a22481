"""The one way data leaves as a spreadsheet: exporter classes, registered like importers, rendered by one renderer.

An exporter declares who may have it (`rule`, an access rule), the formats it offers, a file name, and yields
sheets — a title, columns (with a number format) and rows of plain values read from selectors. The renderers
write XLSX (openpyxl) or CSV (UTF-8 with BOM, for Excel) and neutralise every text cell in one place: cells
that start with = + - @ (or a tab/CR) cannot run as formulas and control characters are dropped
(core/exports.neutralize_cell). Model: pretix `base/exporter.py` (ListExporter).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

from procure.core.exports import neutralize_cell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
NUMBER_FORMATS = {
    "won": '#,##0"원"',
    "percent": "0.00%",
    "integer": "#,##0",
    "text": "@",
    "datetime": "yyyy-mm-dd hh:mm",
}
HEADER_FILL = "DDE7F7"


@dataclass(frozen=True)
class Col:
    title: str
    format: str = ""  # a key of NUMBER_FORMATS, or "" for as-is
    width: int | None = None


@dataclass
class Sheet:
    title: str
    columns: list[Col]
    rows: Iterable[Sequence]
    preamble: list[str] = field(default_factory=list)  # lines above the header (report title, date)


class Exporter:
    """Subclasses set identifier, verbose_name, rule and formats, take their parameters in __init__, and
    implement filename() and sheets()."""

    identifier = ""
    verbose_name = ""
    rule = None  # an access rule (procure.core.access), checked by export_response's caller
    formats: tuple[str, ...] = ("xlsx", "csv")

    def filename(self) -> str:
        raise NotImplementedError

    def sheets(self) -> Iterator[Sheet]:
        raise NotImplementedError


EXPORTERS: dict[str, type[Exporter]] = {}


def register_exporter(exporter_class: type[Exporter]) -> type[Exporter]:
    """Apps register their exporters (a decorator on the class); the registry lists every export there is."""
    EXPORTERS[exporter_class.identifier] = exporter_class
    return exporter_class


def _local(value):
    """Times are written as Asia/Seoul wall-clock time (a spreadsheet has no time zones)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _cell(value):
    return neutralize_cell(_local(value))


def render_xlsx(exporter: Exporter) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for sheet in exporter.sheets():
        target = workbook.create_sheet(neutralize_cell(sheet.title)[:31] or "Sheet")
        for line in sheet.preamble:
            target.append([neutralize_cell(line)])
        target.append([neutralize_cell(column.title) for column in sheet.columns])
        for cell in target[target.max_row]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        formats = {i: NUMBER_FORMATS[c.format] for i, c in enumerate(sheet.columns) if c.format}
        for row in sheet.rows:
            target.append([_cell(value) for value in row])
            if formats:
                cells = target[target.max_row]
                for index, number_format in formats.items():
                    if index < len(cells):
                        cells[index].number_format = number_format
        for index, column in enumerate(sheet.columns, start=1):
            if column.width:
                target.column_dimensions[get_column_letter(index)].width = column.width
    if not workbook.worksheets:
        workbook.create_sheet("빈 시트")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_csv(exporter: Exporter) -> bytes:
    """Every sheet in turn (a sheet after the first starts with its title line); UTF-8 with BOM for Excel."""
    text = io.StringIO()
    writer = csv.writer(text)
    for number, sheet in enumerate(exporter.sheets()):
        if number:
            writer.writerow([])
            writer.writerow([neutralize_cell(f"[{sheet.title}]")])
        for line in sheet.preamble:
            writer.writerow([neutralize_cell(line)])
        writer.writerow([neutralize_cell(column.title) for column in sheet.columns])
        for row in sheet.rows:
            writer.writerow(["" if value is None else _text(_cell(value)) for value in row])
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def _text(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


RENDERERS = {"xlsx": (render_xlsx, XLSX_CONTENT_TYPE), "csv": (render_csv, CSV_CONTENT_TYPE)}


def export_response(exporter: Exporter, fmt: str = "xlsx") -> HttpResponse:
    """The rendered file as a download. The caller has checked the exporter's rule for the user."""
    if fmt not in exporter.formats or fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r} for {exporter.identifier}")
    render, content_type = RENDERERS[fmt]
    response = HttpResponse(render(exporter), content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(exporter.filename())}.{fmt}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
