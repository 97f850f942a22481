"""Who may do what with accounts, and the role predicates other apps build on."""

from procure.accounts.models import Role


def has_role(*roles: str):
    """A rule for @access: the signed-in user holds one of `roles` (superusers pass too)."""

    def rule(user) -> bool:
        return user.is_authenticated and (user.is_superuser or user.role in roles)

    rule.roles = frozenset(roles)
    rule.__name__ = "has_role_" + "_".join(roles)
    return rule


def speaks_for_an_enterprise(user) -> bool:
    """Pages that act as "my enterprise" need an enterprise: a member of one, not a superuser (who has none)."""
    return user.is_authenticated and user.role == Role.ENTERPRISE and user.enterprise_id is not None


speaks_for_an_enterprise.roles = frozenset({Role.ENTERPRISE})
speaks_for_an_enterprise.denied_message = (
    "이 화면은 기업 회원 계정으로만 쓸 수 있습니다. 기업의 정보는 기업 목록에서, 관리는 운영 관리 화면에서 하세요."
)

is_district_admin = has_role(Role.DISTRICT_ADMIN)
is_program_staff = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF)


def can_change_own_password(user) -> bool:
    return user.is_authenticated
