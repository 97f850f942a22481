"""Who may use the buying pages."""

from procure.accounts.models import Role
from procure.accounts.permissions import has_role

can_check_routes = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER)
can_confirm_rules = has_role(Role.DISTRICT_ADMIN)

is_buyer = has_role(Role.BUYER)
can_see_buying = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER, Role.ENTERPRISE)
is_program_staff = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF)


def can_view_request(user, request) -> bool:
    """Staff see all; a buyer their institution's; an enterprise the requests addressed to it."""
    if is_program_staff(user):
        return True
    if user.role == Role.BUYER:
        return user.institution_id == request.institution_id
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return request.enterprises.filter(pk=user.enterprise_id).exists()
    return False


def can_act_as_buyer(user, obj) -> bool:
    """Award, inspect, pay, cancel: the buyers of the department that asked (a buyer of the institution when
    it asked for the whole institution)."""
    if user.role != Role.BUYER or user.institution_id != obj.institution_id:
        return False
    return obj.department_id is None or obj.department_id == user.department_id


def can_view_contract(user, contract) -> bool:
    if is_program_staff(user):
        return True
    if user.role == Role.BUYER:
        return user.institution_id == contract.institution_id
    return user.role == Role.ENTERPRISE and user.enterprise_id == contract.enterprise_id
