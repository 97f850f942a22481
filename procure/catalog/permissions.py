"""Who may do what in the catalog."""

from procure.accounts.models import Role
from procure.accounts.permissions import has_role, speaks_for_an_enterprise

is_enterprise_member = speaks_for_an_enterprise
can_keep_shortlist = has_role(Role.BUYER, Role.DISTRICT_ADMIN, Role.CENTER_STAFF)
can_moderate = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF)


def can_manage_offering(user, offering) -> bool:
    return user.is_authenticated and user.role == Role.ENTERPRISE and user.enterprise_id == offering.enterprise_id
