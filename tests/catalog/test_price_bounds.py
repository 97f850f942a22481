"""An offering's 단가 is bounded money (issue 24 item 5): from 0 to 100조 원 in the enterprise's form, the catalog
import, the admin's form and the services — 2⁶⁴ or 10¹⁵ is a Korean error and nothing is written."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from procure.catalog.imports import CatalogImporter
from procure.catalog.models import Category, Offering
from procure.catalog.services import offering_create, offering_update
from procure.core.imports import run_import
from procure.core.money import MAX_WON
from tests.factories import EnterpriseMemberFactory

pytestmark = pytest.mark.django_db
OVER = "단가가 100조 원을 넘습니다. 금액을 확인해 주세요."
NEGATIVE = "단가는 0원 이상이어야 합니다."
HUGE = [str(2**64), str(10**15), str(MAX_WON + 1)]


@pytest.fixture
def member():
    return EnterpriseMemberFactory()


def post_new(client, member, price):
    client.force_login(member)
    client.raise_request_exception = False
    return client.post(
        reverse("catalog:offering_new"),
        {"name": "에코백", "kind": "goods", "category": Category.objects.get(code="GIFT").pk, "unit_price": price},
    )


@pytest.mark.parametrize("price", HUGE)
def test_the_offering_form_refuses_a_price_past_100_trillion_won_in_korean(client, member, price):
    response = post_new(client, member, price)
    assert response.status_code == 200 and OVER in response.content.decode()
    assert not Offering.objects.exists()


def test_the_offering_form_says_why_a_negative_price_is_refused(client, member):
    """It used to be refused by the table's check constraint and reported as a duplicate name."""
    page = post_new(client, member, "-5").content.decode()
    assert NEGATIVE in page and "같은 이름과 구분의 품목이 이미 있습니다" not in page
    assert not Offering.objects.exists()
    assert post_new(client, member, str(MAX_WON)).status_code == 302
    assert Offering.objects.get().unit_price == MAX_WON


@pytest.mark.parametrize("price", HUGE)
def test_editing_an_offering_past_100_trillion_won_changes_nothing(client, member, price):
    post_new(client, member, "6000")
    offering = Offering.objects.get()
    response = client.post(
        reverse("catalog:offering_edit", args=[offering.pk]),
        {"name": "에코백", "kind": "goods", "category": offering.category_id, "unit_price": price},
    )
    assert response.status_code == 200 and OVER in response.content.decode()
    offering.refresh_from_db()
    assert offering.unit_price == 6000


def test_the_catalog_import_names_every_row():
    data = (
        "기업명,사업자등록번호,기업유형,품목명,구분,분류,단가\n"
        "가나,220-81-62517,협동조합,도시락,물품,CATER,12000\n"
        f"가나,220-81-62517,협동조합,뷔페,물품,CATER,{2**64}\n"
        '가나,220-81-62517,협동조합,다과,물품,CATER,"1,000,000,000,000,000"\n'
        "가나,220-81-62517,협동조합,떡,물품,CATER,-1\n"
        f"가나,220-81-62517,협동조합,한과,물품,CATER,{MAX_WON}\n"
    ).encode()
    result = run_import(CatalogImporter(), data)
    found = [(e["row"], e["column"], e["message"]) for e in result.errors]
    assert found == [(3, "단가", OVER), (4, "단가", OVER), (5, "단가", NEGATIVE)]
    assert not Offering.objects.exists()


@pytest.mark.parametrize(("price", "message"), [(2**64, OVER), (10**15, OVER), (-1, NEGATIVE)])
def test_the_services_refuse_it_whoever_calls(member, price, message):
    category = Category.objects.get(code="GIFT")
    fields = {"name": "에코백", "kind": "goods", "category": category}
    with pytest.raises(ValidationError) as refused:
        offering_create(actor=None, enterprise=member.enterprise, unit_price=price, **fields)
    assert refused.value.message_dict == {"unit_price": [message]}
    assert not Offering.objects.exists()
    offering = offering_create(actor=None, enterprise=member.enterprise, unit_price=6000, **fields)
    with pytest.raises(ValidationError):
        offering_update(actor=None, offering=offering, unit_price=price)
    offering.refresh_from_db()
    assert offering.unit_price == 6000


@pytest.mark.parametrize(("price", "message"), [(str(2**64), OVER), (str(10**15), OVER), ("-1", NEGATIVE)])
def test_the_admin_form_refuses_it_in_korean(make_user, member, price, message):
    from django.contrib import admin
    from django.test import RequestFactory

    from procure.accounts.models import Role

    request = RequestFactory().post("/")
    request.user = make_user(Role.DISTRICT_ADMIN, is_staff=True, is_superuser=True)
    data = {
        "enterprise": member.enterprise.pk,
        "name": "에코백",
        "kind": "goods",
        "category": Category.objects.get(code="GIFT").pk,
        "unit_price": price,
    }
    form = admin.site._registry[Offering].get_form(request)(data)
    assert not form.is_valid() and form.errors["unit_price"] == [message]


def test_the_offering_form_and_services_share_one_field_list_and_a_spec_sheet_change_is_audited(member):
    import inspect

    from django.core.files.uploadedfile import SimpleUploadedFile

    from procure.catalog.forms import OfferingForm
    from procure.catalog.services import OFFERING_EDITABLE, OFFERING_FIELDS
    from procure.core.models import AuditEvent

    assert list(OfferingForm._meta.fields) == OFFERING_EDITABLE
    created = [n for n in inspect.signature(offering_create).parameters if n not in ("actor", "enterprise")]
    updated = [n for n in inspect.signature(offering_update).parameters if n not in ("actor", "offering")]
    assert (created, updated) == (OFFERING_EDITABLE, OFFERING_FIELDS)
    offering = offering_create(
        actor=None,
        enterprise=member.enterprise,
        name="에코백",
        kind="goods",
        category=Category.objects.get(code="GIFT"),
    )
    sheet = SimpleUploadedFile("규격.pdf", b"%PDF-1.4 probe", content_type="application/pdf")
    offering_update(actor=None, offering=offering, spec_sheet=sheet)
    event = AuditEvent.objects.get(action="catalog.offering.changed", object_id=str(offering.pk))
    assert event.before["spec_sheet"] == "" and event.after["spec_sheet"].endswith(".pdf")
