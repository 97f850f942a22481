"""Figures from another database (issue 24, item 4): the figures' cache is shared by every database on the machine
(files under var/cache), while `figures_version()` is a counter of each database that another one — a restored
backup, a staging copy, a test run — reaches too. A second database at the same counter must get its own figures,
not the first one's, and `performance_report` must not stumble on an institution that only the first one has."""

import datetime
import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command

from procure.core.dbidentity import database_identity_renew
from procure.institutions.models import Department, Institution
from procure.ledger.models import LedgerState, PurchaseRecord
from procure.ledger.services import figures_version, rollups_rebuild
from procure.performance.selectors import regime_for, report, year_figures
from tests.factories import DepartmentFactory, PurchaseRecordFactory

YEAR = 2025


@pytest.fixture
def file_cache(settings, tmp_path):
    """The default cache as production configures it without Redis: files on the machine's disk."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache" / "default"),
        },
    }
    yield cache
    cache.clear()


def _ledger(amount: int) -> Department:
    department = DepartmentFactory()
    PurchaseRecordFactory(department=department, amount=amount, contract_date=datetime.date(YEAR, 3, 3))
    rollups_rebuild()
    return department


def _become_another_database(*, amount: int, at_version: int) -> Department:
    """What a second database on the machine looks like from here: another ledger (the first one's institution
    does not exist there), a counter that stands at the same number, and a token of its own."""
    PurchaseRecord.objects.all().delete()
    rollups_rebuild()
    Department.objects.all().delete()
    Institution.objects.all().delete()
    department = _ledger(amount)
    LedgerState.objects.filter(pk=1).update(version=at_version)
    database_identity_renew()
    return department


@pytest.mark.django_db
def test_a_second_database_at_the_same_figures_version_gets_its_own_figures(file_cache):
    first = _ledger(5_000_000)
    version = figures_version()
    regime = regime_for(None)
    figures = year_figures(year=YEAR, regime=regime)
    assert set(figures.institutions) == {first.institution_id} and figures.district.total == 5_000_000

    second = _become_another_database(amount=7_000_000, at_version=version)
    assert figures_version() == version

    figures = year_figures(year=YEAR, regime=regime)
    assert set(figures.institutions) == {second.institution_id}
    assert figures.district.total == 7_000_000


@pytest.mark.django_db
def test_performance_report_on_a_fresh_database_names_its_own_institutions(file_cache):
    _ledger(5_000_000)
    version = figures_version()
    regime = regime_for(None)
    report(year=YEAR, regime=regime)  # fills the shared cache

    second = _become_another_database(amount=7_000_000, at_version=version)
    out = io.StringIO()
    call_command("performance_report", "--year", str(YEAR), "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert [row["institution"] for row in document["institutions"]] == [second.institution.name]
    assert document["institutions"][0]["total_amount"] == 7_000_000


@pytest.mark.django_db
def test_the_same_database_still_reads_its_figures_from_the_cache(file_cache, django_assert_num_queries):
    _ledger(5_000_000)
    regime = regime_for(None)
    year_figures(year=YEAR, regime=regime)
    # The identity and the version are read; the roll-ups are not summed again.
    with django_assert_num_queries(2):
        assert year_figures(year=YEAR, regime=regime).district.total == 5_000_000
