"""The column lane (CSV read in whole columns, bulk writes) gives exactly what the row-by-row lane gives."""

import io
import random

import numpy as np
import pytest
from openpyxl import Workbook

from procure.core.imports import run_import
from procure.ledger.imports import LINE_COLUMNS, LedgerImporter
from procure.ledger.keys import SeenLines as _SeenLines
from procure.ledger.models import CategoryRollup, PurchaseRecord, Rollup
from procure.ledger.services import rollups_rebuild
from tests.ledger.test_counting import enterprises_csv, ledger_rows, to_csv

FIELDS = [*LINE_COLUMNS, "source"]


def awkward_rows():
    """Repeated identical lines, titles with odd spacing, amounts written with 원, a category."""
    rows = ledger_rows(seed=11, count=120)
    rows[3]["계약명"] = "  회의용   도시락\u3000구입 "
    rows[4]["계약금액"] = "1,500,000원"
    rows[5]["분류"] = ""
    for row in rows:
        row["분류"] = "CATER" if "도시락" in row["계약명"] else ""
    rows += [dict(rows[7]), dict(rows[7]), dict(rows[8])]
    return rows


def to_xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def snapshot():
    lines = sorted(PurchaseRecord.objects.values_list(*FIELDS), key=lambda line: line[10])
    monthly = sorted(
        Rollup.objects.values_list(
            "year", "month", "institution_id", "department_id", "kind", "held_types", "exclusion_id", "amount", "count"
        ),
        key=repr,
    )
    by_category = sorted(
        CategoryRollup.objects.values_list(
            "year", "institution_id", "department_id", "kind", "category_id", "held_types", "amount", "count"
        ),
        key=repr,
    )
    return lines, monthly, by_category


def import_file(data: bytes):
    result = run_import(LedgerImporter(), data, filename="ledger")
    assert result.ok, result.errors[:3]
    return result


@pytest.fixture
def enterprises(db):
    from procure.enterprises.imports import EnterpriseImporter

    assert run_import(EnterpriseImporter(), enterprises_csv()).ok


def row_lane_forbidden(self, table, errors):
    raise AssertionError("the column lane gave up")


@pytest.mark.django_db
def test_csv_columns_and_xlsx_rows_store_the_same_lines_and_rollups(enterprises, monkeypatch):
    rows = awkward_rows()
    with monkeypatch.context() as patch:
        patch.setattr(LedgerImporter, "_rows", row_lane_forbidden)
        import_file(to_csv(rows))
    by_columns = snapshot()
    assert len(by_columns[0]) == len(rows) and by_columns[1]
    PurchaseRecord.objects.all().delete()
    Rollup.objects.all().delete()
    CategoryRollup.objects.all().delete()
    import_file(to_xlsx(rows))
    assert snapshot() == by_columns


@pytest.mark.django_db
def test_rollups_summed_during_a_first_load_equal_a_rebuild_from_the_ledger(enterprises):
    import_file(to_csv(awkward_rows()))
    summed = snapshot()
    rollups_rebuild()
    assert snapshot() == summed


@pytest.mark.django_db
def test_a_first_load_keeps_the_ledger_indexes(enterprises):
    from django.db import connection

    import_file(to_csv(awkward_rows()))
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, PurchaseRecord._meta.db_table)
    # Every index the model declares, the partial ones (kept through the load) and the rebuilt ones.
    declared = {index.name for index in PurchaseRecord._meta.indexes} | {"purchase_identity_unique"}
    assert len(declared) == 6 and declared <= constraints.keys()
    assert constraints["purchase_identity_unique"]["unique"]


@pytest.mark.django_db
def test_a_later_import_adds_to_the_rollups_of_a_first_load(enterprises):
    rows = awkward_rows()
    import_file(to_csv(rows[:60]))
    result = import_file(to_csv(rows))
    assert (result.created, result.unchanged) == (len(rows) - 60, 60)
    after_two = snapshot()
    rollups_rebuild()
    assert snapshot() == after_two


def sequential_occurrences(seen: _SeenLines, keys) -> list[int]:
    """The reference: the Bloom filter asked about one key after another."""
    out = []
    for key in keys:
        positions = [(key >> shift) % seen.BITS for shift in (0, 16, 32, 48)]
        positions[0] = (positions[0] * 0x9E3779B1) % seen.BITS
        if all(seen.bits[p >> 3] & (1 << (p & 7)) for p in positions):
            seen.counts[key] = seen.counts.get(key, 0) + 1
            out.append(seen.counts[key])
            continue
        for p in positions:
            seen.bits[p >> 3] |= 1 << (p & 7)
        out.append(0)
    return out


@pytest.mark.parametrize("bits", [1 << 27, 1 << 10])  # a tiny filter forces false positives
def test_occurrences_of_a_chunk_equal_asking_key_by_key(bits, monkeypatch):
    monkeypatch.setattr(_SeenLines, "BITS", bits)
    rng = random.Random(3)
    keys = [rng.randrange(-(2**63), 2**63) for _ in range(400)]
    keys += [keys[5], keys[9], keys[5], keys[399]]
    rng.shuffle(keys)
    chunked, reference = _SeenLines(), _SeenLines()
    got = []
    for start in range(0, len(keys), 150):
        got += chunked.occurrences(np.array(keys[start : start + 150], dtype=np.int64)).tolist()
    assert got == sequential_occurrences(reference, keys)
    assert sorted(got)[-1] >= 2


def test_titles_read_in_bulk_equal_the_rule_applied_to_each():
    from procure.ledger.column_lane import NeedsRowByRow, _titles
    from procure.ledger.rules import LineRules

    rng = random.Random(5)
    alphabet = ["가", "나", "a", "1", " ", " ", "|", "\t", "\u3000", "\xa0", "\u2003", "\n"]
    for _ in range(300):
        titles = ["".join(rng.choices(alphabet, k=rng.randrange(1, 8))) for _ in range(rng.randrange(1, 6))]
        if rng.random() < 0.5:  # the common case: plain titles
            titles = ["".join(rng.choices(alphabet[:4], k=4)) + " 구입" for _ in titles]
        expected = [LineRules.title(t) for t in titles]
        if any(problem for _, problem in expected):
            with pytest.raises(NeedsRowByRow):
                _titles(np.array(titles, dtype=object), LineRules.title)
        else:
            assert _titles(np.array(titles, dtype=object), LineRules.title) == [value for value, _ in expected]


@pytest.mark.django_db
def test_an_amount_beyond_any_contract_is_refused(enterprises):
    rows = ledger_rows(count=5)
    rows[1]["계약금액"] = "900,000,000,000,000,000"
    result = run_import(LedgerImporter(), to_csv(rows), filename="ledger")
    assert [(e["row"], e["column"]) for e in result.errors] == [(3, "계약금액")]
    assert "100조" in result.errors[0]["message"]
    assert not PurchaseRecord.objects.exists()


@pytest.mark.django_db
def test_blank_lines_are_skipped_by_both_lanes(enterprises, monkeypatch):
    rows = ledger_rows(seed=3, count=40)
    header = list(rows[0])
    lines = [",".join(header)] + [",".join(f'"{row[h]}"' for h in header) for row in rows]
    blank = "," * (len(header) - 1)
    data = ("\r\n".join([*lines[:10], blank, *lines[10:], blank, blank]) + "\r\n").encode("cp949")
    with monkeypatch.context() as patch:
        patch.setattr(LedgerImporter, "_rows", row_lane_forbidden)
        result = import_file(data)
    assert (result.rows, result.created) == (40, 40)
    by_columns = snapshot()
    PurchaseRecord.objects.all().delete()
    Rollup.objects.all().delete()
    CategoryRollup.objects.all().delete()
    # With a column the importer does not read, a blank-looking line might not be blank: the row lane decides.
    extra = "\r\n".join([lines[0] + ",비고", *[line + ",-" for line in lines[1:10]], blank + ",", *lines[10:]])
    result = import_file((extra + "\r\n").encode("cp949"))
    assert (result.rows, result.created) == (40, 40)
    assert snapshot() == by_columns


@pytest.mark.django_db
@pytest.mark.parametrize("lane", ["columns", "rows"])
def test_progress_tells_lines_read_out_of_an_estimated_total(enterprises, monkeypatch, lane):
    from procure.ledger import column_lane

    if lane == "rows":  # a refused first value sends the file to the row lane
        monkeypatch.setattr(column_lane, "read_columns", lambda table, rules: _give_up())
    rows = ledger_rows(seed=9, count=25_000)
    calls = []
    result = run_import(LedgerImporter(), to_csv(rows), filename="l.csv", progress=lambda d, t: calls.append((d, t)))
    assert result.ok and len(calls) >= 2
    assert all(total >= done > 0 for done, total in calls)
    assert calls[-1][0] == 25_000 and abs(calls[-1][1] - 25_000) <= 2_500
    assert 12_500 <= calls[0][1] <= 50_000  # the first estimate is already the right size


def _give_up():
    from procure.ledger.column_lane import NeedsRowByRow

    raise NeedsRowByRow("test")
    yield


@pytest.mark.django_db
def test_undoing_a_first_load_empties_the_ledger_and_keeps_its_indexes(enterprises):
    from django.db import connection

    from procure.core.models import AuditEvent
    from procure.ledger.models import LedgerBatch
    from procure.ledger.services import batch_undo

    rows = awkward_rows()
    import_file(to_csv(rows))
    batch_undo(actor=None, batch=LedgerBatch.objects.get(), reason="다른 기관의 파일을 올림")
    assert not PurchaseRecord.objects.exists() and not Rollup.objects.exists() and not CategoryRollup.objects.exists()
    undone = AuditEvent.objects.get(action="ledger.batch.undone").after
    assert (undone["deleted"], undone["withdrawn"], undone["reason"]) == (len(rows), 0, "다른 기관의 파일을 올림")
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, PurchaseRecord._meta.db_table)
    assert {"purchase_identity_unique", "purchase_supplier_idx", "purchase_department_date_idx"} <= constraints.keys()
    assert import_file(to_csv(rows)).created == len(rows)  # the same file can come in again


@pytest.mark.django_db
def test_a_later_import_that_changes_lines_updates_the_rollups_without_recounting_the_year(enterprises, monkeypatch):
    """Amounts and categories changed, new lines added: the roll-ups take the old sums away and add the new
    ones (O(the file)); the result equals a rebuild from the ledger."""
    rows = awkward_rows()
    import_file(to_csv(rows[:80]))
    changed = [dict(row) for row in rows]
    changed[10]["계약금액"] = "7,777,000"
    changed[11]["분류"] = "CATER"
    changed[12]["계약금액"] = "1"
    with monkeypatch.context() as patch:
        patch.setattr("procure.ledger.services.rollups_rebuild", row_lane_forbidden)
        result = import_file(to_csv(changed))
    assert result.updated >= 2 and result.created == len(rows) - 80
    incremental = snapshot()
    rollups_rebuild()
    assert snapshot() == incremental
