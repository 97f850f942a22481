"""Issue 25 §3: 예비사회적기업 is designated for three years at the most. A period without an end ends three years
after its start; a form or an import asking for more is refused in Korean; figures as of each contract date
follow; the expiry notice comes before, as for any other type."""

import datetime

import pytest
from django.urls import reverse

from procure.enterprises.models import Certification, CertificationStatus, EnterpriseType, term_end_limit
from procure.enterprises.services import certifications_check_expiry
from procure.ledger.models import PurchaseRecord
from procure.ledger.services import LedgerClassifier
from tests.enterprises.test_import import run

pytestmark = pytest.mark.django_db
D = datetime.date
PRE = EnterpriseType.PRE_SOCIAL_ENTERPRISE


def test_the_limit_is_three_years_less_a_day_even_from_a_leap_day():
    assert term_end_limit(PRE, D(2023, 5, 1)) == D(2026, 4, 30)
    assert term_end_limit(PRE, D(2024, 2, 29)) == D(2027, 2, 28)
    assert term_end_limit(EnterpriseType.VILLAGE_ENTERPRISE, D(2023, 5, 1)) is None


def test_an_import_fills_in_the_end_and_refuses_a_longer_period(tmp_path):
    header = "기업명,사업자등록번호,기업유형,인증일자,만료일자\n"
    code, report = run(tmp_path, (header + "미성영상,2208162517,예비사회적기업,2023-05-01,\n").encode())
    assert code == 0
    certification = Certification.objects.get()
    assert certification.valid_to == D(2026, 4, 30)
    longer = header + "미성영상,2208162517,예비사회적기업,2023-05-01,2027-12-31\n무기한,1208147521,예비사회적기업,,\n"
    code, report = run(tmp_path, longer.encode())
    assert code != 0
    messages = {(e["row"], e["column"]): e["message"] for e in report["errors"]}
    assert "최대 3년" in messages[(2, "만료일자")] and "2026.04.30" in messages[(2, "만료일자")]
    assert "인증(지정)일자가 있어야" in messages[(3, "인증일자")]
    assert Certification.objects.get().valid_to == D(2026, 4, 30)  # nothing written


def test_the_enterprise_form_refuses_more_than_three_years(client, enterprise_member):
    client.force_login(enterprise_member)
    response = client.post(
        reverse("enterprises:certification_new"),
        {"type": PRE, "number": "예비-1", "issuer": "서울특별시", "valid_from": "2024-01-01", "valid_to": "2029-01-01"},
    )
    assert "최대 3년" in response.content.decode()
    assert not Certification.objects.exists()


def test_after_three_years_a_pre_se_supplier_no_longer_counts(enterprise_member):
    enterprise = enterprise_member.enterprise
    certification = Certification(enterprise=enterprise, type=PRE, valid_from=D(2022, 3, 1))
    certification.full_clean()  # no end given: three years
    certification.save()
    assert certification.valid_to == D(2025, 2, 28)
    classifier = LedgerClassifier(exclusions=[], business_nos={enterprise.business_no})
    assert classifier.held_types(enterprise.business_no, D(2025, 2, 28)) == PRE
    assert classifier.held_types(enterprise.business_no, D(2025, 3, 1)) == ""
    assert not PurchaseRecord.objects.exists()


def test_the_expiry_notice_comes_before_the_three_years_end(enterprise_member):
    today = D(2026, 3, 15)
    certification = Certification(
        enterprise=enterprise_member.enterprise, type=PRE, valid_from=D(2023, 5, 1), status=CertificationStatus.APPROVED
    )
    certification.full_clean()
    certification.save()
    assert certifications_check_expiry(today=today)["soon"] == 1
    assert enterprise_member.notifications.filter(title__contains="2026.04.30").exists()
