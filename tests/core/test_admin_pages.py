"""Every admin add page and a change page of every model with a row render (the form renderer finds the admin's
own widget templates, which exist only for Django's template engine)."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_admin_add_page_renders(admin_client):
    broken = []
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        response = admin_client.get(url)
        if response.status_code not in (200, 403):  # 403: an admin that allows no adding by hand
            broken.append((url, response.status_code))
    assert broken == []


def test_a_change_page_with_foreign_keys_renders_the_related_widget(admin_client, buyer):
    response = admin_client.get(reverse("admin:accounts_user_change", args=[buyer.pk]))
    assert response.status_code == 200
    assert "related-widget-wrapper" in response.content.decode()


def test_a_buyer_cannot_open_the_admin(client, buyer):
    client.force_login(buyer)
    response = client.get(reverse("admin:accounts_user_change", args=[buyer.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_route_limit_past_100_trillion_won_is_refused_in_the_admin(admin_client):
    from procure.buying.models import RouteRule

    rule = RouteRule.objects.first()
    url = reverse("admin:buying_routerule_change", args=[rule.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["max_amount"] = str(10**15)
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "100조 원을 넘습니다" in response.content.decode()
    rule.refresh_from_db()
    assert rule.max_amount < 10**15
