"""Exclusions and counting regimes change the figures only through services — the admin included — and every
change is audited (issue 10, item 5)."""

import datetime

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from procure.accounts.models import Role
from procure.core.models import AuditEvent
from procure.ledger import services as ledger_services
from procure.ledger.models import Exclusion, PurchaseRecord, Rollup
from procure.ledger.services import rollups_rebuild
from procure.performance import services
from procure.performance.models import Regime
from procure.performance.selectors import regime_for, year_figures
from tests.performance.test_dashboards import YEAR, purchase


@pytest.fixture
def ledger(buyer):
    department = buyer.department
    purchase(department, datetime.date(YEAR, 3, 2), 2_000_000, held="certified_se", title="백신 접종 위탁")
    purchase(department, datetime.date(YEAR, 4, 2), 1_000_000, held="coop", title="도시락")
    purchase(department, datetime.date(YEAR, 5, 2), 7_000_000, title="복사용지")
    rollups_rebuild()
    return department


def district(regime_code="district"):
    figures = year_figures(year=YEAR, regime=regime_for(regime_code)).district
    return figures.total, figures.se


@pytest.fixture
def district_admin_client(client, make_user):
    admin = make_user(Role.DISTRICT_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client, admin


def test_an_exclusion_applies_changes_and_goes_through_the_service(ledger, district_admin):
    assert district() == (10_000_000, 3_000_000)
    rule = ledger_services.exclusion_save(
        actor=district_admin, exclusion=Exclusion(), name="백신 구매 제외", title_contains="백신"
    )
    regime = regime_for("district")
    services.regime_save(actor=district_admin, regime=regime, exclusions=[rule])
    assert district() == (8_000_000, 1_000_000)
    assert PurchaseRecord.objects.get(title="백신 접종 위탁").exclusion == rule

    ledger_services.exclusion_save(actor=district_admin, exclusion=rule, title_contains="도시락")
    assert district() == (9_000_000, 2_000_000)
    kinds = ["ledger.exclusion.created", "ledger.exclusion.changed"]
    actions = list(AuditEvent.objects.filter(action__in=kinds).values_list("action", flat=True))
    assert sorted(actions) == ["ledger.exclusion.changed", "ledger.exclusion.created"]
    changed = AuditEvent.objects.get(action="ledger.exclusion.changed")
    assert (changed.before["title_contains"], changed.after["title_contains"]) == ("백신", "도시락")


def test_deleting_an_exclusion_counts_its_lines_again(ledger, district_admin):
    rule = ledger_services.exclusion_save(
        actor=district_admin, exclusion=Exclusion(), name="제외", title_contains="백신"
    )
    services.regime_save(actor=district_admin, regime=regime_for("district"), exclusions=[rule])
    assert district() == (8_000_000, 1_000_000)
    ledger_services.exclusion_delete(actor=district_admin, exclusion=rule)
    assert district() == (10_000_000, 3_000_000)
    assert not Exclusion.objects.exists() and AuditEvent.objects.filter(action="ledger.exclusion.deleted").exists()


def test_roll_ups_never_vanish_when_an_exclusion_is_deleted_behind_the_services_back(ledger, district_admin):
    rule = ledger_services.exclusion_save(
        actor=district_admin, exclusion=Exclusion(), name="제외", title_contains="백신"
    )
    assert Rollup.objects.filter(exclusion=rule).exists()
    with pytest.raises(ProtectedError):
        rule.delete()


def test_the_admin_edits_and_deletes_exclusions_through_the_service(ledger, district_admin_client):
    client, _ = district_admin_client
    response = client.post(
        reverse("admin:ledger_exclusion_add"),
        {"name": "백신 제외", "reason": "", "title_contains": "백신", "supplier_business_no": ""},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    rule = Exclusion.objects.get()
    assert PurchaseRecord.objects.get(title="백신 접종 위탁").exclusion == rule
    services.regime_save(actor=None, regime=regime_for("district"), exclusions=[rule])
    assert district() == (8_000_000, 1_000_000)
    client.post(reverse("admin:ledger_exclusion_delete", args=[rule.pk]), {"post": "yes"})
    assert not Exclusion.objects.exists()
    assert district() == (10_000_000, 3_000_000)
    assert AuditEvent.objects.filter(action="ledger.exclusion.deleted").exists()


def test_a_regime_edit_changes_the_figures_at_once_and_is_audited(ledger, district_admin):
    assert district("national") == (10_000_000, 2_000_000)
    national = regime_for("national")
    services.regime_save(actor=district_admin, regime=national, counted_types=["certified_se", "coop"])
    assert district("national") == (10_000_000, 3_000_000)
    services.regime_save(actor=district_admin, regime=national, denominator_kinds=["services"])
    assert district("national")[0] == 0
    event = AuditEvent.objects.filter(action="performance.regime.changed").order_by("pk").first()
    assert (event.before["counted_types"], event.after["counted_types"]) == (["certified_se"], ["certified_se", "coop"])


def test_the_admin_edits_a_regime_through_the_service(ledger, district_admin_client):
    client, _ = district_admin_client
    national = regime_for("national")
    response = client.post(
        reverse("admin:performance_regime_change", args=[national.pk]),
        {
            "code": "national",
            "name": national.name,
            "description": national.description,
            "counted_types": '["certified_se", "coop"]',
            "denominator_kinds": '["goods", "services", "works"]',
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert district("national") == (10_000_000, 3_000_000)
    assert AuditEvent.objects.filter(action="performance.regime.changed").exists()


def test_the_default_regime_cannot_be_deleted(district_admin):
    with pytest.raises(ValueError, match="기본 집계 기준"):
        services.regime_delete(actor=district_admin, regime=regime_for("district"))
    national = regime_for("national")
    services.regime_delete(actor=district_admin, regime=national)
    assert list(Regime.objects.values_list("code", flat=True)) == ["district"]
