"""Who may see and change enterprise records."""

from procure.accounts.models import Role
from procure.accounts.permissions import has_role, speaks_for_an_enterprise

can_review_registry = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF)
is_enterprise_member = speaks_for_an_enterprise


def can_edit_enterprise(user, enterprise) -> bool:
    """Program staff edit any profile; a member edits only their own enterprise's."""
    if can_review_registry(user):
        return True
    return user.is_authenticated and user.role == Role.ENTERPRISE and user.enterprise_id == enterprise.pk


def can_read_certification_document(user, certification) -> bool:
    return can_edit_enterprise(user, certification.enterprise)
