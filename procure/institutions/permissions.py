"""Who may see and manage institutions and departments."""

from procure.accounts.models import Role
from procure.accounts.permissions import has_role

can_manage_institutions = has_role(Role.DISTRICT_ADMIN)
can_view_institutions = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF)
# Buyers may open their own institution's page; can_view_institution() checks which one.
can_open_institution_page = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER)


def can_view_institution(user, institution) -> bool:
    """Program staff see every institution; a buyer only their own."""
    if can_view_institutions(user):
        return True
    return user.is_authenticated and user.role == Role.BUYER and user.institution_id == institution.pk
