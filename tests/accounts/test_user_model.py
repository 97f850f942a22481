import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from procure.accounts.models import Role, User
from tests.factories import DepartmentFactory


@pytest.mark.django_db
def test_a_buyer_must_belong_to_an_institution_and_department():
    with pytest.raises(IntegrityError):
        User.objects.create(username="nobody", role=Role.BUYER)


@pytest.mark.django_db
def test_an_enterprise_member_must_belong_to_an_enterprise():
    with pytest.raises(IntegrityError):
        User.objects.create(username="nobody", role=Role.ENTERPRISE)


@pytest.mark.django_db
def test_a_buyers_department_must_be_in_the_buyers_institution():
    department = DepartmentFactory()
    other = DepartmentFactory()
    user = User(username="mixed", role=Role.BUYER, institution=other.institution, department=department)
    with pytest.raises(ValidationError, match="소속 기관의 부서"):
        user.full_clean()
