"""Every path that changes certifications sends `certifications_changed`; the ledger and the search follow
(issue 10: domain events). Paths: the review in the site, the enterprise list import, the catalog import, the
admin (save and delete)."""

import datetime

import pytest
from django.urls import reverse

from procure.accounts.models import Role
from procure.catalog.imports import CatalogImporter
from procure.catalog.models import Category, Offering
from procure.catalog.search import build_document, index_changed, search
from procure.core.imports import run_import
from procure.enterprises import services
from procure.enterprises.imports import EnterpriseImporter
from procure.enterprises.models import Certification, CertificationStatus, EnterpriseType
from procure.enterprises.signals import certifications_changed
from procure.ledger.models import PurchaseRecord
from tests.factories import EnterpriseFactory, InstitutionFactory, PurchaseRecordFactory


@pytest.fixture
def supplier(db):
    """An enterprise with no certification yet, a purchase from it and an offering of it."""
    enterprise = EnterpriseFactory(name="들꽃 협동조합")
    PurchaseRecordFactory(
        institution=InstitutionFactory(),
        supplier_business_no=enterprise.business_no,
        contract_date=datetime.date(2025, 4, 1),
    )
    offering = Offering(
        enterprise=enterprise, name="천연 비누 선물세트", kind="goods", category=Category.objects.get(code="PRINT")
    )
    offering.search_text = build_document(offering)
    offering.save()
    index_changed()
    return enterprise


@pytest.fixture
def heard():
    calls = []

    def listener(sender, business_nos, **kwargs):
        calls.append(set(business_nos))

    certifications_changed.connect(listener, dispatch_uid="test-listener")
    yield calls
    certifications_changed.disconnect(dispatch_uid="test-listener")


def held(enterprise) -> str:
    return PurchaseRecord.objects.get(supplier_business_no=enterprise.business_no).held_types


def found(name: str) -> bool:
    return any(hit.name == name for hit in search(name, limit=5))


def assert_followed(enterprise, heard, type_="coop"):
    assert {enterprise.business_no} in heard
    assert held(enterprise) == type_
    assert found("천연 비누 선물세트")


def test_the_review_in_the_site(supplier, heard, make_user):
    assert held(supplier) == "" and not found("천연 비누 선물세트")
    member = make_user(Role.ENTERPRISE)
    request = services.certification_request(actor=member, enterprise=supplier, type=EnterpriseType.COOPERATIVE)
    assert heard == []  # a pending request changes nothing yet
    services.certification_review(actor=make_user(Role.CENTER_STAFF), certification=request, approve=True)
    assert_followed(supplier, heard)


def test_the_enterprise_list_import(supplier, heard):
    data = f"기업명,사업자등록번호,기업유형\r\n{supplier.name},{supplier.business_no},협동조합\r\n".encode()
    result = run_import(EnterpriseImporter(), data)
    assert result.ok, result.errors
    assert_followed(supplier, heard)


def test_the_catalog_import(supplier, heard):
    data = (
        "기업명,사업자등록번호,기업유형,품목명,구분,분류\r\n"
        f"{supplier.name},{supplier.business_no},협동조합,천연 비누 선물세트,물품,PRINT\r\n"
    ).encode()
    result = run_import(CatalogImporter(), data)
    assert result.ok, result.errors
    assert Certification.objects.filter(enterprise=supplier, type="coop").exists()
    assert_followed(supplier, heard)


def test_the_admin_save_and_delete(client, supplier, heard, make_user):
    admin = make_user(Role.DISTRICT_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:enterprises_certification_add"),
        {"enterprise": supplier.pk, "type": "coop", "status": CertificationStatus.APPROVED, "expiry_notice": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_followed(supplier, heard)
    certification = Certification.objects.get(enterprise=supplier)
    client.post(reverse("admin:enterprises_certification_delete", args=[certification.pk]), {"post": "yes"})
    assert not Certification.objects.filter(enterprise=supplier).exists()
    assert held(supplier) == "" and not found("천연 비누 선물세트")
