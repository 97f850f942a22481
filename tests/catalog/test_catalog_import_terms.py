"""The catalog import never makes up a 예비사회적기업 designation: it has a longest term (3 years) and so needs the
지정일자 the catalog file does not carry; the enterprise list brings it first."""

import datetime

import pytest

from procure.catalog.imports import CatalogImporter
from procure.catalog.models import Offering
from procure.core.imports import run_import
from procure.enterprises.models import Certification
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
ROW = "기업명,사업자등록번호,기업유형,품목명,구분,분류,단가\n가나,220-81-62517,예비사회적기업,도시락,물품,CATER,12000\n"


def test_a_pre_social_enterprise_unknown_to_the_registry_is_refused_and_nothing_written():
    result = run_import(CatalogImporter(), ROW.encode())
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "기업유형")]
    assert "지정일자" in result.errors[0]["message"]
    assert not Offering.objects.exists() and not Certification.objects.exists()


def test_a_pre_social_enterprise_already_registered_with_its_dates_may_list_offerings():
    enterprise = EnterpriseFactory(business_no="2208162517", name="가나")
    start = datetime.date(2025, 3, 1)
    Certification.objects.create(
        enterprise=enterprise, type="pre_se", valid_from=start, valid_to=datetime.date(2028, 2, 28)
    )
    result = run_import(CatalogImporter(), ROW.encode())
    assert result.errors == []
    assert Offering.objects.filter(enterprise=enterprise, name="도시락").exists()
    assert list(enterprise.certifications.values_list("valid_from", flat=True)) == [start]  # none made up
