import pytest

from procure.accounts.models import Role
from tests.factories import BuyerFactory, DepartmentFactory, EnterpriseMemberFactory, UserFactory

ROLES = [Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER, Role.ENTERPRISE, Role.REVIEWER]


@pytest.fixture(autouse=True)
def _clear_cache():
    # Login throttling counts live in the cache; every test starts with a clean slate.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
