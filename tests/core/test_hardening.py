"""Smaller defects found by probing as an attacker and as a careless user (issue 9, items 8–11)."""

import pytest
from django.urls import reverse

from procure.accounts.models import Role
from procure.catalog.models import Category, Offering
from procure.core.templatetags.korean import highlight


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/enterprises/mine/"),
        ("get", "/enterprises/mine/edit/"),
        ("get", "/enterprises/mine/photos/new/"),
        ("post", "/enterprises/mine/photos/new/"),
        ("get", "/enterprises/mine/certifications/new/"),
        ("get", "/catalog/mine/"),
        ("post", "/catalog/mine/new/"),
    ],
)
def test_a_superuser_gets_a_clear_page_where_an_enterprise_is_needed(client, make_user, method, url):
    admin = make_user(Role.DISTRICT_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = getattr(client, method)(url)
    assert response.status_code == 403
    assert "기업 회원 계정으로만" in response.content.decode()


def test_superusers_menu_has_no_enterprise_entries(client, make_user):
    admin = make_user(Role.DISTRICT_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get("/").content.decode()
    assert reverse("enterprises:my_enterprise") not in page and reverse("catalog:my_offerings") not in page


@pytest.fixture
def offering(make_local_member):
    member = make_local_member()
    return Offering.objects.create(
        enterprise=member.enterprise, name="도시락", category=Category.objects.suppliable().first()
    )


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "https:evil.example", "/\\evil.example"]
)
def test_shortlist_never_redirects_off_site(client_for, buyer, offering, target):
    response = client_for(buyer).post(reverse("catalog:shortlist_toggle", args=[offering.pk]), {"next": target})
    assert response.status_code == 302
    assert response.url == reverse("catalog:shortlist")


def test_shortlist_returns_to_a_page_on_this_site(client_for, buyer, offering):
    page = reverse("catalog:search") + "?q=%EB%8F%84%EC%8B%9C%EB%9D%BD"
    response = client_for(buyer).post(reverse("catalog:shortlist_toggle", args=[offering.pk]), {"next": page})
    assert response.url == page


def test_highlight_marks_text_not_entities():
    assert str(highlight("a < b & c", ["lt"])) == "a &lt; b &amp; c"
    assert str(highlight("a < b & c", ["amp"])) == "a &lt; b &amp; c"
    assert str(highlight("<b>도시락</b>", ["도시락"])) == "&lt;b&gt;<mark>도시락</mark>&lt;/b&gt;"


def test_a_write_that_finds_the_database_locked_gets_a_korean_retry_page(client_for, buyer, offering, monkeypatch):
    from django.db import OperationalError

    from procure.catalog import services

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "shortlist_toggle", locked)
    client = client_for(buyer)
    client.raise_request_exception = False
    response = client.post(reverse("catalog:shortlist_toggle", args=[offering.pk]))
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "다시 시도해 주세요" in response.content.decode()


def test_a_database_that_is_down_gets_a_korean_503_and_the_next_request_works(client_for, buyer, offering, monkeypatch):
    from django.db import OperationalError

    from procure.catalog import services

    def refused(**kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(services, "shortlist_toggle", refused)
    client = client_for(buyer)
    client.raise_request_exception = False
    response = client.post(reverse("catalog:shortlist_toggle", args=[offering.pk]))
    assert response.status_code == 503 and "데이터베이스에 잠시 연결할 수 없습니다" in response.content.decode()
    monkeypatch.undo()
    assert client.get(reverse("catalog:search")).status_code == 200
