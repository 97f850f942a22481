"""A workbook that unpacks to far more than it weighs is refused before memory grows (issue 9, item 4)."""

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook

from procure.core.imports import run_import
from procure.ledger.imports import COLUMNS, LedgerImporter

BASE = Path(__file__).resolve().parents[2]

CHILD = """
import json, sys
import django
django.setup()
from procure.core.imports import run_import
from procure.ledger.imports import LedgerImporter
with open(sys.argv[1], "rb") as handle:
    result = run_import(LedgerImporter(), handle, dry_run=True, filename="bomb.xlsx")
# VmHWM: this process's own peak (ru_maxrss would carry the parent's peak across fork and exec).
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"errors": result.errors, "peak_kb": peak}))
"""


def shared_strings_bomb(path: Path, unpacked_mb: int) -> None:
    """A real workbook whose sharedStrings part unpacks to `unpacked_mb` MB (a few hundred KB packed)."""
    workbook = Workbook()
    workbook.active.append([c.korean for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for item in source.infolist():
            if not item.filename.endswith("sharedStrings.xml"):
                bomb.writestr(item, source.read(item))
        with bomb.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            block = ("<si><t>" + "가" * 4000 + "</t></si>").encode()
            for _ in range(unpacked_mb * 1024 * 1024 // len(block)):
                part.write(block)
            part.write(b"</sst>")


def test_a_shared_strings_bomb_is_refused_with_memory_bounded(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    shared_strings_bomb(bomb, unpacked_mb=400)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    done = subprocess.run(  # noqa: S603 — our own interpreter and script
        [sys.executable, "-c", CHILD, str(bomb)],
        cwd=BASE,
        capture_output=True,
        text=True,
        timeout=120,
        env={"DJANGO_SETTINGS_MODULE": "config.test_settings", "PATH": "/usr/bin:/bin"},
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert "지나치게 커지는 파일" in report["errors"][0]["message"]
    # The child imports Django, openpyxl, pandas and NumPy (~150 MB); unpacking the part would need > 1 GB.
    assert report["peak_kb"] < 300 * 1024, report


def test_a_workbook_that_claims_a_huge_sheet_is_read_by_its_real_rows():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.korean for c in COLUMNS])
    sheet.append(["관악구청", "", "2024-05-01", "도시락", "물품", "", "10,000", "업체", "220-81-62517", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    # Claim the largest sheet Excel allows: every row would be padded to 16,384 cells.
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {item.filename: source.read(item) for item in source.infolist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', parts[name])
    assert b"XFD1048576" in parts[name]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for filename, content in parts.items():
            target.writestr(filename, content)
    from procure.core.tabular import open_table

    table = open_table(out.getvalue(), COLUMNS)
    rows = list(table.rows())
    assert len(rows) == 1 and rows[0][1]["title"] == "도시락"


def test_run_import_refuses_a_bomb_in_korean(tmp_path, db):
    bomb = tmp_path / "bomb.xlsx"
    shared_strings_bomb(bomb, unpacked_mb=80)
    with bomb.open("rb") as handle:
        result = run_import(LedgerImporter(), handle, dry_run=True)
    assert result.errors and "XLSX" in result.errors[0]["message"]
