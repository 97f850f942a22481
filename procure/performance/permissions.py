"""Who may see which figures: program staff see all; a buyer their own institution; anyone the disclosure."""

from procure.accounts.models import Role
from procure.accounts.permissions import has_role

can_open_dashboards = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER)
can_see_all_institutions = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF)
can_open_enterprise_sales = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER, Role.ENTERPRISE)


def can_view_institution_figures(user, institution_id: int) -> bool:
    if can_see_all_institutions(user):
        return True
    return user.role == Role.BUYER and user.institution_id == institution_id


def can_view_enterprise_sales(user, enterprise_id: int) -> bool:
    if user.role == Role.ENTERPRISE:
        return user.enterprise_id == enterprise_id
    return can_open_dashboards(user)


can_close_years = has_role(Role.DISTRICT_ADMIN)
