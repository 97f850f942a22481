"""Undoing an import batch (services.batch_undo): "a counted purchase is never deleted, only reversed with who, when and
why". Lines a batch created are withdrawn by reversal lines carrying the reason (the originals stay); a year the
district closed refuses the undo in Korean; no reason, no undo; the same file imports again afterwards; the figures
(roll-ups) equal a rebuild. The first load of an empty ledger is the one batch that is emptied instead
(test_bulk_import)."""

import pytest
from django.db.models import Sum
from django.urls import reverse

from procure.catalog.models import Category
from procure.core.models import AuditEvent
from procure.ledger.models import CategoryRollup, Exclusion, LedgerBatch, PurchaseRecord, Rollup
from procure.ledger.services import BatchAlreadyUndone, BatchUndoRefused, batch_undo, rollups_rebuild
from procure.ledger.writer import line_reverse
from procure.performance.services import year_close, year_reopen
from tests.ledger.test_counting import command, imported, ledger_rows, to_csv  # noqa: F401 — `imported` is a fixture

pytestmark = pytest.mark.django_db


def counted_by_year() -> dict[int, tuple[int, int]]:
    """{year: (won, contracts)} as the figures count them."""
    result: dict[int, tuple[int, int]] = {}
    for year in (2023, 2024):
        sums = (
            PurchaseRecord.objects.counted()
            .filter(contract_date__year=year)
            .aggregate(won=Sum("amount"), lines=Sum("line_count"))
        )
        result[year] = (sums["won"] or 0, sums["lines"] or 0)
    return result


def rollups() -> list:
    return sorted(
        Rollup.objects.values_list("year", "month", "institution_id", "department_id", "amount", "count"), key=repr
    )


@pytest.fixture
def second_file(request, tmp_path):
    """A second file of 20 new lines on top of the first load; returns (its path, its batch)."""
    request.getfixturevalue("imported")
    rows = ledger_rows(seed=11, count=20)
    for n, row in enumerate(rows):
        row["계약명"] = f"추가 계약 {n}"
    path = tmp_path / "second.csv"
    path.write_bytes(to_csv(rows))
    code, result = command("import_ledger", str(path), "--json")
    assert code == 0 and result["created"] == 20
    return path, LedgerBatch.objects.order_by("-pk").first()


def test_undo_withdraws_the_lines_by_reversals_with_the_reason_and_the_file_imports_again(second_file, center_staff):
    path, batch = second_file
    first_load = LedgerBatch.objects.order_by("pk").first()
    before = counted_by_year()
    lines_before = PurchaseRecord.objects.count()
    originals = set(PurchaseRecord.objects.filter(batch=batch).values_list("pk", flat=True))
    command("import_ledger", str(path), "--json")  # idempotent: nothing new
    assert PurchaseRecord.objects.count() == lines_before

    batch_undo(actor=center_staff, batch=batch, reason="다른 해의 파일을 올림")

    # Nothing deleted: every original is there, each with one reversal that nets it out and says why and who.
    assert set(PurchaseRecord.objects.filter(batch=batch).values_list("pk", flat=True)) == originals
    reversals = PurchaseRecord.objects.filter(reversal_of__in=originals)
    assert reversals.count() == 20 and PurchaseRecord.objects.count() == lines_before + 20
    for reversal in reversals.select_related("reversal_of"):
        assert reversal.amount == -reversal.reversal_of.amount and reversal.line_count == -1
        assert "다른 해의 파일을 올림" in reversal.note and "second.csv" in reversal.note
        assert reversal.entered_by == center_staff
        assert reversal.contract_date == reversal.reversal_of.contract_date
    # The figures are those before the second file; the roll-ups kept equal a rebuild.
    first_only = {
        year: (
            before[year][0]
            - sum(r.amount for r in PurchaseRecord.objects.filter(pk__in=originals, contract_date__year=year)),
            before[year][1] - PurchaseRecord.objects.filter(pk__in=originals, contract_date__year=year).count(),
        )
        for year in before
    }
    assert counted_by_year() == first_only
    kept = rollups()
    rollups_rebuild()
    assert rollups() == kept
    batch.refresh_from_db()
    assert batch.undone_by == center_staff and batch.undone_at is not None
    event = AuditEvent.objects.get(action="ledger.batch.undone")
    assert event.actor_id == center_staff.pk
    assert (event.after["reason"], event.after["withdrawn"], event.after["deleted"]) == ("다른 해의 파일을 올림", 20, 0)
    assert not LedgerBatch.objects.get(pk=first_load.pk).undone_at
    with pytest.raises(BatchAlreadyUndone):
        batch_undo(actor=center_staff, batch=batch, reason="다시")

    # The same file comes in again as new lines (the withdrawn ones were keyed out of its way), and counts again.
    code, result = command("import_ledger", str(path), "--json")
    assert code == 0 and (result["created"], result["updated"]) == (20, 0)
    assert counted_by_year() == before


def test_undo_is_refused_once_a_year_it_counts_in_is_closed_and_allowed_after_reopening(
    second_file, district_admin, center_staff
):
    _, batch = second_file
    lines = PurchaseRecord.objects.count()
    years = set(PurchaseRecord.objects.filter(batch=batch).dates("contract_date", "year"))
    year = max(day.year for day in years)
    year_close(actor=district_admin, year=year)
    with pytest.raises(BatchUndoRefused) as refused:
        batch_undo(actor=center_staff, batch=batch, reason="잘못 올림")
    assert f"{year}년 실적은 마감(확정)되어" in str(refused.value)
    assert PurchaseRecord.objects.count() == lines
    batch.refresh_from_db()
    assert batch.undone_at is None
    assert not AuditEvent.objects.filter(action="ledger.batch.undone").exists()

    year_reopen(actor=district_admin, year=year, reason="가져오기 오류 정정")
    batch_undo(actor=center_staff, batch=batch, reason="잘못 올림")
    assert PurchaseRecord.objects.filter(reversal_of__batch=batch).count() == 20


@pytest.mark.usefixtures("imported")
def test_a_first_load_in_a_closed_year_is_not_emptied(district_admin, center_staff):
    year_close(actor=district_admin, year=2023)
    with pytest.raises(BatchUndoRefused, match="2023년"):
        batch_undo(actor=center_staff, batch=LedgerBatch.objects.get(), reason="처음부터 다시")
    assert PurchaseRecord.objects.count() == 160


def test_undo_without_a_reason_is_refused(second_file, center_staff):
    _, batch = second_file
    with pytest.raises(BatchUndoRefused, match="사유"):
        batch_undo(actor=center_staff, batch=batch, reason="   ")
    assert not PurchaseRecord.objects.exclude(reversal_of=None).exists()


def test_only_program_staff_may_undo_and_a_closed_year_is_said_on_the_page(
    client, second_file, buyer, center_staff, district_admin
):
    _, batch = second_file
    url = reverse("ledger:batch_undo", args=[batch.pk])
    client.force_login(buyer)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "잘못 올림"}).status_code == 403
    assert not PurchaseRecord.objects.exclude(reversal_of=None).exists()

    year = max(day.year for day in PurchaseRecord.objects.filter(batch=batch).dates("contract_date", "year"))
    year_close(actor=district_admin, year=year)
    client.force_login(center_staff)
    page = client.post(url, {"reason": "잘못 올림"})
    assert page.status_code == 200 and "마감(확정)되어" in page.content.decode()
    assert not PurchaseRecord.objects.exclude(reversal_of=None).exists()
    year_reopen(actor=district_admin, year=year, reason="정정")
    done = client.post(url, {"reason": "잘못 올림"})
    assert done.status_code == 302 and PurchaseRecord.objects.filter(reversal_of__batch=batch).count() == 20


def test_the_admin_deletes_no_purchase_line_and_no_batch(client, second_file, make_user):
    from procure.accounts.models import Role

    _, batch = second_file
    record = PurchaseRecord.objects.filter(batch=batch).first()
    admin = make_user(Role.DISTRICT_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    lines = PurchaseRecord.objects.count()
    assert client.get(reverse("admin:ledger_purchaserecord_delete", args=[record.pk])).status_code == 403
    assert (
        client.post(reverse("admin:ledger_purchaserecord_delete", args=[record.pk]), {"post": "yes"}).status_code == 403
    )
    assert client.post(reverse("admin:ledger_ledgerbatch_delete", args=[batch.pk]), {"post": "yes"}).status_code == 403
    bulk = client.post(
        reverse("admin:ledger_purchaserecord_changelist"),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert PurchaseRecord.objects.count() == lines and LedgerBatch.objects.filter(pk=batch.pk).exists()


# --- Corrections recorded around a batch (review of 1e37fc8) -------------------------------------------------------


def rollups_as_rebuilt() -> bool:
    """Both roll-ups as kept equal a rebuild from the ledger (no department sorts as None: keyed by repr)."""

    def both():
        return rollups(), sorted(
            CategoryRollup.objects.values_list("year", "institution_id", "category_id", "exclusion_id", "amount"),
            key=repr,
        )

    kept = both()
    rollups_rebuild()
    return both() == kept


def counted_won() -> int:
    """The won the figures count: held-out copies and excluded lines (제외 규칙) not."""
    return PurchaseRecord.objects.counted().filter(exclusion=None).aggregate(won=Sum("amount"))["won"] or 0


def import_rows(tmp_path, rows, name):
    path = tmp_path / name
    path.write_bytes(to_csv(rows))
    code, result = command("import_ledger", str(path), "--json")
    assert code == 0, result["errors"][:3]
    return path, LedgerBatch.objects.order_by("-pk").first()


def test_a_changed_line_reversed_before_the_batch_gets_its_amount_back(request, tmp_path, center_staff):
    """The review's case: 74,724,297원, a 1,000원 환수, a later file says 99,000,000, the file is undone."""
    rows = [dict(row) for row in request.getfixturevalue("imported")[0]]
    rows[0]["계약금액"] = "74,724,297"
    _, first = import_rows(tmp_path, rows, "first-fix.csv")
    record = PurchaseRecord.objects.get(pk=int(next(iter(first.previous_values))))
    line_reverse(actor=center_staff, record=record, reason="과다 지급 환수", amount=1_000)
    before = counted_won()
    rows[0]["계약금액"] = "99,000,000"
    _, batch = import_rows(tmp_path, rows, "later.csv")
    assert list(batch.previous_values) == [str(record.pk)]
    assert counted_won() == before + 99_000_000 - 74_724_297

    batch_undo(actor=center_staff, batch=batch, reason="금액을 잘못 올림")

    record.refresh_from_db()
    assert record.amount == 74_724_297
    assert counted_won() == before
    assert rollups_as_rebuilt()
    event = AuditEvent.objects.get(action="ledger.batch.undone")
    assert (event.after["restored"], event.after["not_restored"]) == (1, [])


def test_a_changed_line_reversed_after_the_batch_refuses_the_undo_and_writes_nothing(request, tmp_path, center_staff):
    rows = [dict(row) for row in request.getfixturevalue("imported")[0]]
    rows[0]["계약금액"] = "99,000,000"
    _, batch = import_rows(tmp_path, rows, "later.csv")
    record = PurchaseRecord.objects.get(pk=int(next(iter(batch.previous_values))))
    line_reverse(actor=center_staff, record=record, reason="과다 지급 환수", amount=30_000_000)
    before, lines, kept = counted_won(), PurchaseRecord.objects.count(), rollups()

    with pytest.raises(BatchUndoRefused, match="환수·해제"):
        batch_undo(actor=center_staff, batch=batch, reason="금액을 잘못 올림")

    record.refresh_from_db()
    batch.refresh_from_db()
    assert record.amount == 99_000_000 and batch.undone_at is None
    assert (counted_won(), PurchaseRecord.objects.count(), rollups()) == (before, lines, kept)
    assert not AuditEvent.objects.filter(action="ledger.batch.undone").exists()


def test_a_batch_whose_new_lines_were_reversed_refuses_the_undo_so_no_clawback_is_lost(second_file, center_staff):
    """Withdrawing only what is left and re-importing the file would bring the line back whole, the 환수 lost."""
    path, batch = second_file
    record = PurchaseRecord.objects.filter(batch=batch).order_by("pk").first()
    line_reverse(actor=center_staff, record=record, reason="하자 환수", amount=5_000)
    before, lines, kept = counted_won(), PurchaseRecord.objects.count(), rollups()

    with pytest.raises(BatchUndoRefused, match="환수·해제") as refused:
        batch_undo(actor=center_staff, batch=batch, reason="다른 해의 파일을 올림")
    assert record.title in str(refused.value)

    batch.refresh_from_db()
    assert batch.undone_at is None
    assert (counted_won(), PurchaseRecord.objects.count(), rollups()) == (before, lines, kept)
    assert PurchaseRecord.objects.filter(reversal_of=record).count() == 1
    # Re-importing the same file changes nothing: the 환수 still counts against its line.
    code, result = command("import_ledger", str(path), "--json")
    assert code == 0 and (result["created"], result["updated"]) == (0, 0)
    assert counted_won() == before


def test_undo_restores_the_exclusion_a_later_file_changed_with_the_category(request, tmp_path, center_staff):
    rows = [dict(row) for row in request.getfixturevalue("imported")[0]]
    plain, excluded = (
        Category.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in (("UNDOA", "시험 분류 가"), ("UNDOB", "시험 분류 나"))
    )
    rule = Exclusion.objects.create(name="시험 제외", reason="시험", category=excluded)
    for row in rows:
        row["분류"] = ""
    rows[0]["분류"] = plain.code
    _, first = import_rows(tmp_path, rows, "with-category.csv")
    record = PurchaseRecord.objects.get(pk=int(next(iter(first.previous_values))))
    assert (record.category_id, record.exclusion_id) == (plain.pk, None)
    before = counted_won()
    rows[0]["분류"] = excluded.code
    _, batch = import_rows(tmp_path, rows, "recategorised.csv")
    assert batch.previous_values[str(record.pk)]["exclusion_id"] is None  # recorded with the other values
    record.refresh_from_db()
    assert (record.category_id, record.exclusion_id) == (excluded.pk, rule.pk)
    assert counted_won() == before - record.amount

    batch_undo(actor=center_staff, batch=batch, reason="분류를 잘못 적음")

    record.refresh_from_db()
    assert (record.category_id, record.exclusion_id) == (plain.pk, None)
    assert counted_won() == before
    assert rollups_as_rebuilt()
