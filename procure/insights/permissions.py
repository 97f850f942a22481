from procure.accounts.models import Role
from procure.accounts.permissions import has_role, is_program_staff

can_use_finder = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER)


def can_see_institution(user, institution) -> bool:
    """Staff see every institution; a buyer their own."""
    return is_program_staff(user) or (user.role == Role.BUYER and user.institution_id == institution.pk)
