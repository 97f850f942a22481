"""Who may do what with accounts, and the role predicates other apps build on."""

from procure.accounts.models import Role


def has_role(*roles: str):
    """A rule for @access: the signed-in user holds one of `roles` (superusers pass too)."""

    def rule(user) -> bool:
        return user.is_authenticated and (user.is_superuser or user.role in roles)

    rule.roles = frozenset(roles)
    rule.__name__ = "has_role_" + "_".join(roles)
    return rule


is_district_admin = has_role(Role.DISTRICT_ADMIN)
is_program_staff = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF)


def can_change_own_password(user) -> bool:
    return user.is_authenticated
