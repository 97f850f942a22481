"""Who may use the buying pages."""

from procure.accounts.models import Role
from procure.accounts.permissions import has_role

can_check_routes = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER)
can_confirm_rules = has_role(Role.DISTRICT_ADMIN)
