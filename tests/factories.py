import datetime

import factory

from procure.accounts.models import Role, User
from procure.core.business_no import business_no_check_digit
from procure.enterprises.models import Enterprise
from procure.institutions.models import Department, Institution, InstitutionKind
from procure.ledger.models import PurchaseRecord

PASSWORD = "test-password-1234"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"시험기관{n}")
    kind = InstitutionKind.DISTRICT_OFFICE


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"시험과{n}")


def _business_no(n: int) -> str:
    first_nine = f"99970{n:04d}"
    return first_nine + str(business_no_check_digit(first_nine))


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"시험기업{n} 협동조합")
    business_no = factory.Sequence(_business_no)


class PurchaseRecordFactory(factory.django.DjangoModelFactory):
    """A ledger line; pass institution (or department) and whatever the test is about."""

    class Meta:
        model = PurchaseRecord

    department = None
    institution = factory.LazyAttribute(lambda o: o.department.institution if o.department else None)
    contract_date = datetime.date(2025, 4, 1)
    title = factory.Sequence(lambda n: f"시험 구매 {n}")
    kind = "goods"
    amount = 10_000
    supplier_name = "업체"
    supplier_business_no = "9999999999"
    identity = factory.Sequence(lambda n: 1_000_000 + n)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"사용자{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.CENTER_STAFF

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        password = kwargs.pop("password", PASSWORD)
        user = model_class(*args, **kwargs)
        user.set_password(password)
        user.save()
        return user


class BuyerFactory(UserFactory):
    role = Role.BUYER
    department = factory.SubFactory(DepartmentFactory)
    institution = factory.SelfAttribute("department.institution")


class EnterpriseMemberFactory(UserFactory):
    role = Role.ENTERPRISE
    enterprise = factory.SubFactory(EnterpriseFactory)
