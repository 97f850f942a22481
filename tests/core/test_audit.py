import datetime

import pytest

from procure.core.models import AuditEvent
from procure.core.services import audit


@pytest.mark.django_db
def test_audit_records_actor_action_object_and_before_after(district_admin, buyer):
    event = audit(
        actor=district_admin,
        action="accounts.user.role_changed",
        obj=buyer,
        before={"role": "buyer", "since": datetime.date(2024, 1, 2)},
        after={"role": "center_staff"},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == district_admin
    assert stored.action == "accounts.user.role_changed"
    assert stored.object_id == str(buyer.pk)
    assert stored.before == {"role": "buyer", "since": "2024-01-02"}
    assert stored.after == {"role": "center_staff"}
    assert stored.created_at is not None


@pytest.mark.django_db
def test_audit_without_a_user_is_recorded_as_the_system():
    event = audit(actor=None, action="enterprises.certification.expired")
    assert event.actor is None
    assert event.actor_label == "시스템"


def test_audit_list_in_admin_is_read_only(client, make_user):
    admin = make_user("district_admin", is_staff=True, is_superuser=True)
    audit(actor=admin, action="core.test.done", obj=admin)
    client.force_login(admin)
    listing = client.get("/admin/core/auditevent/")
    assert listing.status_code == 200
    assert "core.test.done" in listing.content.decode()
    assert client.get("/admin/core/auditevent/add/").status_code == 403


def test_admin_lists_read_in_korean_and_won(client, make_user):
    import datetime

    from django.urls import reverse

    from procure.accounts.models import Role
    from procure.core.models import AuditEvent
    from tests.factories import DepartmentFactory, PurchaseRecordFactory

    admin = make_user(Role.DISTRICT_ADMIN, is_staff=True, is_superuser=True)
    PurchaseRecordFactory(
        department=DepartmentFactory(),
        amount=7_000_000,
        held_types="certified_se,coop",
        contract_date=datetime.date(2025, 3, 2),
    )
    AuditEvent.objects.create(action="vetting.sheet.submitted", object_repr="채점표")
    client.force_login(admin)
    purchases = client.get(reverse("admin:ledger_purchaserecord_changelist")).content.decode()
    assert "7,000,000원" in purchases and "인증사회적기업, 협동조합" in purchases and "certified_se" not in purchases
    audit = client.get(reverse("admin:core_auditevent_changelist")).content.decode()
    assert "채점표 제출" in audit


@pytest.mark.django_db
def test_audited_save_audits_a_change_once_and_an_unchanged_save_not_at_all(district_admin):
    from procure.core.services import KEEP, audited_save
    from procure.institutions.models import Institution

    institution = Institution(name="관악구청", kind=Institution._meta.get_field("kind").choices[0][0])
    assert audited_save(institution, actor=district_admin, action="probe.created", fields=["name", "kind"])
    created = AuditEvent.objects.get(action="probe.created")
    assert created.before is None and created.after["name"] == "관악구청"
    assert not audited_save(
        institution, actor=district_admin, action="probe.changed", fields=["name"], changes={"name": "관악구청"}
    )
    assert audited_save(
        institution,
        actor=district_admin,
        action="probe.changed",
        fields=["name"],
        changes={"name": "관악구", "kind": KEEP},
    )
    changed = AuditEvent.objects.get(action="probe.changed")
    assert (changed.before, changed.after) == ({"name": "관악구청"}, {"name": "관악구"})
    institution.refresh_from_db()
    assert institution.name == "관악구"
