import io

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from procure.accounts.models import User


@pytest.mark.django_db
def test_home_explains_the_program_in_korean_to_every_audience(client):
    page = client.get(reverse("site:home")).content.decode()
    assert '<html lang="ko">' in page
    for text in ["사회적경제기업이란?", "구매담당자", "사회적경제기업", "구민 누구나", "지원센터", "본문 바로가기"]:
        assert text in page


def test_menu_follows_the_role(client, district_admin, buyer):
    client.force_login(buyer)
    assert "운영 관리" not in client.get("/").content.decode()
    client.force_login(district_admin)
    assert "운영 관리" in client.get("/").content.decode()


@pytest.mark.django_db
def test_pages_carry_security_headers(client):
    response = client.get(reverse("site:home"))
    policy = response["Content-Security-Policy"]
    # Scripts only from the static files: not 'self', under which uploads are served too.
    assert "script-src http://testserver/static/;" in policy
    assert "'self'" not in policy.split("script-src")[1].split(";")[0]
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_forms_are_protected_against_csrf(buyer):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(buyer)
    assert strict.post(reverse("site:notifications_read_all")).status_code == 403


@pytest.mark.django_db
def test_unknown_page_is_a_korean_404(client):
    response = client.get("/없는-페이지/")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_server_error_page_is_korean_and_needs_no_database():
    from procure.site.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "일시적인 오류" in response.content.decode()


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    from django.apps import apps

    def snapshot():
        rows = {}
        for model in apps.get_models():
            if model._meta.app_label in {"sessions", "admin", "contenttypes", "auth", "django_tasks_database"}:
                continue
            rows[model._meta.label] = sorted(model.objects.values_list(), key=repr)
        return rows

    call_command("seed_demo", "--quiet-personas", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", "--quiet-personas", stdout=io.StringIO())
    assert snapshot() == first
    assert 195 <= User.objects.filter(username__startswith="officer").count() <= 210
    assert set(User.objects.values_list("role", flat=True)) == {
        "district_admin",
        "center_staff",
        "buyer",
        "enterprise",
        "reviewer",
    }
    assert User.objects.get(username="buyer").check_password("gwanak-demo-2026")


def test_only_the_deepest_matching_menu_entry_is_marked_current(client, enterprise_member):
    client.force_login(enterprise_member)
    page = client.get(reverse("enterprises:profile_edit")).content.decode()
    assert page.count('aria-current="page"') == 1
    assert 'aria-current="page" class="is-active">우리 기업<' in page


def test_the_shortlist_is_one_click_away_and_its_link_can_be_copied(client, buyer):
    client.force_login(buyer)
    assert reverse("catalog:shortlist") in client.get("/").content.decode()
    assert "내 관심목록 보기" in client.get(reverse("catalog:search")).content.decode()
    page = client.get(reverse("catalog:shortlist")).content.decode()
    assert 'data-copy-target="share-url"' in page and "주소 복사" in page


@pytest.mark.django_db
def test_the_home_page_promises_only_what_exists(client):
    import re

    page = client.get("/").content.decode()
    links = sorted(set(re.findall(r'href="(/[^"#?]*)', page)) - {"/"})
    assert len(links) >= 5
    for link in links:  # every page the home page offers is there (or asks an anonymous visitor to sign in)
        assert client.get(link).status_code in (200, 302), link


@pytest.mark.django_db
def test_the_demo_is_alive_on_the_day_it_is_made():
    import datetime

    from django.utils import timezone

    from procure.ledger.models import PurchaseRecord
    from procure.vetting.models import Round, RoundStatus

    call_command("seed_demo", "--quiet-personas", stdout=io.StringIO())
    today = timezone.localdate()
    statuses = dict(Round.objects.values_list("status", "opens_on"))
    assert set(statuses) == {RoundStatus.OPEN, RoundStatus.REVIEWING, RoundStatus.DECIDED}
    open_round = Round.objects.get(status=RoundStatus.OPEN)
    assert open_round.opens_on <= today <= open_round.closes_on
    assert Round.objects.get(status=RoundStatus.REVIEWING).closes_on < today
    latest = PurchaseRecord.objects.filter(source="import").latest("contract_date").contract_date
    assert latest < today.replace(day=1) and latest >= today.replace(day=1) - datetime.timedelta(days=62)


@pytest.mark.django_db
def test_the_manage_hub_offers_collection_to_the_district_and_registry_checks_to_both(client, make_user):
    from procure.accounts.models import Role

    for role, sees_collection in ((Role.DISTRICT_ADMIN, True), (Role.CENTER_STAFF, False)):
        client.force_login(make_user(role))
        page = client.get(reverse("site:manage")).content.decode()
        assert (reverse("g2b:status") in page) is sees_collection
        assert reverse("enterprises:list_checks") in page and reverse("enterprises:business_status_list") in page
