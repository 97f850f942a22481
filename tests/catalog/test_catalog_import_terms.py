"""The catalog import never records an open-ended 예비사회적기업 designation: the type lasts 3 years at the most
and the catalog file carries no 지정일자, so a designation it brings is known from the day of the import and ends
at its longest term from then (center staff correct the dates from the designation letter)."""

import datetime

import pytest
from django.utils import timezone

from procure.catalog.imports import CatalogImporter
from procure.catalog.models import Offering
from procure.core.imports import run_import
from procure.core.models import AuditEvent
from procure.enterprises.models import Certification, term_end_limit
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
ROW = "기업명,사업자등록번호,기업유형,품목명,구분,분류,단가\n가나,220-81-62517,예비사회적기업,도시락,물품,CATER,12000\n"


def test_a_pre_social_enterprise_new_to_the_registry_gets_a_bounded_designation():
    result = run_import(CatalogImporter(), ROW.encode())
    assert result.errors == []
    today = timezone.localdate()
    certification = Certification.objects.get(enterprise__business_no="2208162517")
    assert (certification.valid_from, certification.valid_to) == (today, term_end_limit("pre_se", today))
    assert certification.valid_to < today.replace(year=today.year + 3)  # 3 years at the most, never open-ended
    event = AuditEvent.objects.get(action="enterprises.certification.imported")
    assert event.after["note"] == "지정일자 미확인"
    assert Offering.objects.filter(name="도시락").exists()


def test_a_designation_already_registered_keeps_its_own_dates():
    enterprise = EnterpriseFactory(business_no="2208162517", name="가나")
    start = datetime.date(2025, 3, 1)
    Certification.objects.create(
        enterprise=enterprise, type="pre_se", valid_from=start, valid_to=datetime.date(2028, 2, 28)
    )
    result = run_import(CatalogImporter(), ROW.encode())
    assert result.errors == []
    assert Offering.objects.filter(enterprise=enterprise, name="도시락").exists()
    assert list(enterprise.certifications.values_list("valid_from", flat=True)) == [start]
