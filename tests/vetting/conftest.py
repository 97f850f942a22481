import datetime

import pytest
from django.utils import timezone

from procure.accounts.models import Role
from procure.enterprises.models import Certification, EnterpriseType
from procure.vetting import services
from procure.vetting.models import RoundStatus

TODAY = timezone.localdate()


@pytest.fixture
def local_member(make_user):
    """An enterprise member whose enterprise is in 관악구 and certified today."""
    member = make_user(Role.ENTERPRISE)
    member.enterprise.address = "서울특별시 관악구 신림로 1"
    member.enterprise.save()
    Certification.objects.create(enterprise=member.enterprise, type=EnterpriseType.COOPERATIVE)
    return member


@pytest.fixture
def open_round(center_staff):
    round_ = services.round_create(
        actor=center_staff, title="시험 모집", opens_on=TODAY - datetime.timedelta(days=1),
        closes_on=TODAY + datetime.timedelta(days=10), select_count=1, eligible_types=[], require_local=True,
    )
    services.round_set_status(actor=center_staff, round_=round_, status=RoundStatus.OPEN)
    return round_
