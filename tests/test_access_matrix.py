"""Every URL of the site, for an anonymous visitor and for each role.

Adding a view without an @access rule, or without a row in EXPECTED, makes this test fail:
decide who may open the page, then write it down here.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from procure.accounts.models import Role
from procure.core.models import Notification
from tests.factories import DepartmentFactory

ANYONE = "anyone"
SIGNED_IN = "signed_in"
DA, CS, BU, EN, RV = Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER, Role.ENTERPRISE, Role.REVIEWER

# url name → (who may open it, how to build its arguments from the `world` fixture)
EXPECTED = {
    "core:home": (ANYONE, None),
    "core:inbox": (SIGNED_IN, None),
    "core:notification_open": (SIGNED_IN, lambda w: {"pk": w["notification"].pk}),
    "core:notifications_read_all": (SIGNED_IN, None),
    "accounts:login": (ANYONE, None),
    "accounts:logout": (ANYONE, None),
    "accounts:profile": (SIGNED_IN, None),
    "accounts:password_change": (SIGNED_IN, None),
    "accounts:password_change_done": (SIGNED_IN, None),
    "accounts:password_reset": (ANYONE, None),
    "accounts:password_reset_done": (ANYONE, None),
    "accounts:password_reset_confirm": (ANYONE, lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "accounts:password_reset_complete": (ANYONE, None),
    "institutions:list": ({DA, CS}, None),
    "institutions:create": ({DA}, None),
    "institutions:detail": ({DA, CS, BU}, lambda w: {"pk": w["institution"].pk}),
    "institutions:update": ({DA}, lambda w: {"pk": w["institution"].pk}),
    "institutions:department_create": ({DA}, lambda w: {"pk": w["institution"].pk}),
    "institutions:department_update": ({DA}, lambda w: {"pk": w["department"].pk}),
    "institutions:department_delete": ({DA}, lambda w: {"pk": w["department"].pk}),
}


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin has its own staff check; see test_admin_requires_login.
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry


def test_every_view_declares_an_access_rule_and_an_expectation():
    patterns = dict(_named_patterns())
    missing_rule = [name for name, p in patterns.items() if not hasattr(p.callback, "access_rule")]
    assert missing_rule == [], f"views without @access: {missing_rule}"
    assert sorted(set(patterns) - set(EXPECTED)) == [], "add these URLs to EXPECTED"
    assert sorted(set(EXPECTED) - set(patterns)) == [], "EXPECTED names URLs that no longer exist"


@pytest.fixture
def world(buyer):
    # The buyer's own institution, so a buyer may open its page.
    department = DepartmentFactory(institution=buyer.institution)
    return {
        "institution": buyer.institution,
        "department": department,
        "notification": Notification.objects.create(recipient=buyer, title="시험 알림"),
        "buyer": buyer,
    }


def _may_open(rule, role) -> bool:
    if rule == ANYONE:
        return True
    if role is None:
        return False
    return rule == SIGNED_IN or role in rule


def _classify(response) -> str:
    if response.status_code == 403:
        return "denied"
    if response.status_code == 302 and response.url.startswith(reverse("accounts:login")):
        return "login"
    return "open"


@pytest.mark.parametrize("role", [None, *[r.value for r in (DA, CS, BU, EN, RV)]], ids=lambda r: r or "anonymous")
def test_access_matrix(client, make_user, world, role):
    if role == BU:
        user = world["buyer"]
    elif role:
        user = make_user(role)
    if role:
        client.force_login(user)
    failures = []
    for name, (rule, make_kwargs) in EXPECTED.items():
        url = reverse(name, kwargs=make_kwargs(world) if make_kwargs else None)
        outcome = _classify(client.get(url))
        if _may_open(rule, role):
            expected = "open"
        else:
            expected = "login" if role is None else "denied"
        if outcome != expected:
            failures.append(f"{name} {url}: expected {expected}, got {outcome}")
    assert failures == []


@pytest.mark.django_db
def test_admin_requires_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_admin_refuses_a_signed_in_buyer(client, buyer):
    client.force_login(buyer)
    response = client.get("/admin/", follow=True)
    assert "site administration" not in response.content.decode().lower()
    assert response.redirect_chain[-1][0].startswith("/admin/login/")


def test_admin_opens_for_the_district_superuser(client, make_user):
    admin = make_user(DA, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "사회적경제 공공구매 플랫폼 관리" in response.content.decode()
