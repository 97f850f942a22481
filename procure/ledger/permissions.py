from procure.accounts.models import Role
from procure.accounts.permissions import has_role

can_manage_ledger = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF)
