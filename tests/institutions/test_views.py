import pytest
from django.urls import reverse

from procure.core.models import AuditEvent
from procure.institutions.models import Department, Institution, InstitutionKind
from tests.factories import BuyerFactory, DepartmentFactory, InstitutionFactory


def test_district_admin_registers_an_institution_and_it_is_audited(client, district_admin):
    client.force_login(district_admin)
    response = client.post(
        reverse("institutions:create"), {"name": "관악청소년재단", "kind": InstitutionKind.OTHER, "is_active": "on"}
    )
    institution = Institution.objects.get(name="관악청소년재단")
    assert response.url == reverse("institutions:detail", args=[institution.pk])
    event = AuditEvent.objects.get(action="institutions.institution.created")
    assert event.actor == district_admin
    assert event.after["name"] == "관악청소년재단"


def test_duplicate_institution_name_is_refused_in_korean_and_nothing_written(client, district_admin):
    InstitutionFactory(name="관악구청")
    client.force_login(district_admin)
    response = client.post(reverse("institutions:create"), {"name": "관악구청", "kind": InstitutionKind.OTHER})
    assert response.status_code == 200
    assert "같은 이름의 기관이 이미 있습니다" in response.content.decode()
    assert Institution.objects.filter(name="관악구청").count() == 1


def test_renaming_an_institution_records_before_and_after(client, district_admin):
    institution = InstitutionFactory(name="관악문화재단")
    client.force_login(district_admin)
    client.post(
        reverse("institutions:update", args=[institution.pk]),
        {"name": "관악문화예술재단", "kind": institution.kind, "is_active": "on"},
    )
    event = AuditEvent.objects.get(action="institutions.institution.changed")
    assert event.before["name"] == "관악문화재단"
    assert event.after["name"] == "관악문화예술재단"


def test_adding_a_department_twice_is_refused(client, district_admin):
    institution = InstitutionFactory()
    client.force_login(district_admin)
    url = reverse("institutions:department_create", args=[institution.pk])
    client.post(url, {"name": "총무과", "is_active": "on"})
    response = client.post(url, {"name": "총무과", "is_active": "on"})
    assert "같은 이름의 부서가 이미 있습니다" in response.content.decode()
    assert institution.departments.filter(name="총무과").count() == 1


def test_deleting_a_department_asks_for_confirmation_first(client, district_admin):
    department = DepartmentFactory(name="폐지될과")
    client.force_login(district_admin)
    page = client.get(reverse("institutions:department_delete", args=[department.pk]))
    assert "삭제할까요?" in page.content.decode()
    assert Department.objects.filter(pk=department.pk).exists()
    client.post(reverse("institutions:department_delete", args=[department.pk]))
    assert not Department.objects.filter(pk=department.pk).exists()
    assert AuditEvent.objects.filter(action="institutions.department.deleted").exists()


def test_a_department_with_members_is_not_deleted(client, district_admin):
    member = BuyerFactory()
    client.force_login(district_admin)
    response = client.post(reverse("institutions:department_delete", args=[member.department.pk]), follow=True)
    assert "삭제할 수 없습니다" in response.content.decode()
    assert Department.objects.filter(pk=member.department.pk).exists()


def test_center_staff_see_institutions_but_cannot_change_them(client, center_staff):
    institution = InstitutionFactory()
    name, kind = institution.name, institution.kind
    client.force_login(center_staff)
    assert client.get(reverse("institutions:list")).status_code == 200
    assert client.get(reverse("institutions:detail", args=[institution.pk])).status_code == 200
    response = client.post(reverse("institutions:update", args=[institution.pk]), {"name": "바뀐이름", "kind": "other"})
    assert response.status_code == 403
    institution.refresh_from_db()
    assert (institution.name, institution.kind) == (name, kind)


def test_a_buyer_sees_their_own_institution_but_not_another(client, buyer, other_buyer):
    client.force_login(buyer)
    assert client.get(reverse("institutions:detail", args=[buyer.institution.pk])).status_code == 200
    assert client.get(reverse("institutions:detail", args=[other_buyer.institution.pk])).status_code == 403


@pytest.mark.django_db
def test_institution_list_is_paginated_and_filtered(client, center_staff):
    for n in range(25):
        InstitutionFactory(name=f"기관{n:02d}")
    InstitutionFactory(name="관악문화재단", kind=InstitutionKind.CULTURAL_FOUNDATION)
    client.force_login(center_staff)
    first = client.get(reverse("institutions:list")).content.decode()
    assert "전체 26건 중 1–20" in first
    filtered = client.get(reverse("institutions:list"), {"kind": InstitutionKind.CULTURAL_FOUNDATION}).content.decode()
    assert "관악문화재단" in filtered and "기관00" not in filtered


def test_admin_edits_are_audited_too(client, make_user):
    admin = make_user("district_admin", is_staff=True, is_superuser=True)
    institution = InstitutionFactory(name="예전이름")
    client.force_login(admin)
    client.post(
        f"/admin/institutions/institution/{institution.pk}/change/",
        {
            "name": "새이름",
            "kind": institution.kind,
            "is_active": "on",
            "departments-TOTAL_FORMS": "0",
            "departments-INITIAL_FORMS": "0",
        },
    )
    institution.refresh_from_db()
    assert institution.name == "새이름"
    event = AuditEvent.objects.get(action="institutions.institution.changed")
    assert (event.before["name"], event.after["name"]) == ("예전이름", "새이름")


def test_a_department_with_purchases_is_not_deleted(client, district_admin):
    from tests.factories import DepartmentFactory, PurchaseRecordFactory

    department = DepartmentFactory()
    PurchaseRecordFactory(department=department)
    client.force_login(district_admin)
    response = client.post(reverse("institutions:department_delete", args=[department.pk]), follow=True)
    assert response.status_code == 200 and "구매 기록이 있는 부서는 삭제할 수 없습니다" in response.content.decode()
    assert Department.objects.filter(pk=department.pk).exists()
    assert not AuditEvent.objects.filter(action="institutions.department.deleted").exists()
