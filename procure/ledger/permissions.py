from procure.accounts.models import Role
from procure.accounts.permissions import has_role

can_manage_ledger = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF)
can_enter_purchases = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER)


def purchases_entered_by_hand_visible_to(user, queryset):
    """Program staff see every institution's; a buyer their own department's."""
    if can_manage_ledger(user):
        return queryset
    return queryset.filter(institution_id=user.institution_id, department_id=user.department_id)


def lines_of_institution_visible_to(user, queryset):
    """Program staff see every institution's lines; a buyer their institution's."""
    if can_manage_ledger(user):
        return queryset.all()
    return queryset.filter(institution_id=user.institution_id)
