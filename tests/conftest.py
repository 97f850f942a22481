import datetime
import importlib

import pytest
from django.utils import timezone

from procure.accounts.models import Role
from procure.enterprises.models import Certification, EnterpriseType
from procure.vetting import services as vetting_services
from procure.vetting.models import RoundStatus
from tests.factories import BuyerFactory, DepartmentFactory, EnterpriseMemberFactory, UserFactory

ROLES = [Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER, Role.ENTERPRISE, Role.REVIEWER]


REFERENCE_DATA_MIGRATIONS = [
    "procure.catalog.migrations.0002_load_taxonomy",
    "procure.ledger.migrations.0002_default_regimes",
    "procure.catalog.migrations.0004_seed_synonyms",
    "procure.buying.migrations.0010_route_rules_every_group",  # the rules as they stand (it replaces 0002's seed)
]


def reference_data_load() -> None:
    from django.apps import apps

    for module in REFERENCE_DATA_MIGRATIONS:
        importlib.import_module(module).load(apps, None)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush the database after themselves, taking the data that migrations load
    (categories, counting regimes) with it; load it again, with the migrations' own functions."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    for module in REFERENCE_DATA_MIGRATIONS:
        importlib.import_module(module).load(apps, None)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Login throttling counts, cached figures and the search index live in the process; every test starts
    # with a clean slate (each test database starts its version counters from scratch).
    from django.core.cache import caches

    from procure.catalog import search, search_index

    for cache in caches.all():
        cache.clear()
    search_index.reset()
    search.forget_lists()
    search_index.lifecycle.VERSION_CHECK_SECONDS = 0  # tests change offerings and search right away
    yield
    for cache in caches.all():
        cache.clear()
    search_index.reset()


@pytest.fixture
def make_user(db):
    """A user of the given role, with the memberships that role needs."""

    def make(role: str, **kwargs):
        if role == Role.BUYER:
            return BuyerFactory(**kwargs)
        if role == Role.ENTERPRISE:
            return EnterpriseMemberFactory(**kwargs)
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def district_admin(make_user):
    return make_user(Role.DISTRICT_ADMIN, username="alice_district")


@pytest.fixture
def center_staff(make_user):
    return make_user(Role.CENTER_STAFF, username="carol_center")


@pytest.fixture
def buyer(make_user):
    return make_user(Role.BUYER, username="bob_buyer")


@pytest.fixture
def other_buyer(make_user):
    """A buyer in a different institution from `buyer`."""
    return make_user(Role.BUYER, username="dave_other", department=DepartmentFactory())


@pytest.fixture
def enterprise_member(make_user):
    return make_user(Role.ENTERPRISE, username="erin_enterprise")


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.REVIEWER, username="rita_reviewer")


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def make_local_member(make_user):
    """Enterprise members whose enterprises are in 관악구 and certified today."""

    def make():
        member = make_user(Role.ENTERPRISE)
        member.enterprise.address = "서울특별시 관악구 신림로 1"
        member.enterprise.save()
        Certification.objects.create(enterprise=member.enterprise, type=EnterpriseType.COOPERATIVE)
        return member

    return make


@pytest.fixture
def local_member(make_local_member):
    return make_local_member()


@pytest.fixture
def open_round(center_staff):
    round_ = vetting_services.round_create(
        actor=center_staff,
        title="시험 모집",
        opens_on=timezone.localdate() - datetime.timedelta(days=1),
        closes_on=timezone.localdate() + datetime.timedelta(days=10),
        select_count=1,
        eligible_types=[],
        require_local=True,
    )
    vetting_services.round_set_status(actor=center_staff, round_=round_, status=RoundStatus.OPEN)
    return round_


LEDGER_UNITS = [
    ("관악구청", "district_office", ["총무과", "일자리정책과"]),
    ("관악문화재단", "cultural_foundation", ["문화사업팀"]),
]


def declare_units(units=LEDGER_UNITS):
    """Institutions are reference data: declare the ones the generated ledgers name (tests.ledger.test_counting)."""
    from procure.institutions.models import Department, Institution

    for name, kind, departments in units:
        institution, _ = Institution.objects.get_or_create(name=name, defaults={"kind": kind})
        for department in departments:
            Department.objects.get_or_create(institution=institution, name=department)


@pytest.fixture
def declared_units(request):
    marker = request.node.get_closest_marker("django_db")
    request.getfixturevalue("transactional_db" if marker and marker.kwargs.get("transaction") else "db")
    declare_units()
