"""Who may use the event pages."""

from procure.accounts.models import Role
from procure.accounts.permissions import has_role, is_program_staff

__all__ = ["is_program_staff", "can_edit_booth", "can_note", "takes_part"]

takes_part = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.BUYER, Role.ENTERPRISE)


def can_edit_booth(user, booth) -> bool:
    """Staff, or a member of the exhibiting enterprise (its capacity and categories)."""
    if is_program_staff(user):
        return True
    return user.is_authenticated and user.role == Role.ENTERPRISE and user.enterprise_id == booth.enterprise_id


def can_note(user, consultation) -> bool:
    """Staff, the enterprise at the booth, or the officer in the meeting may record how it went."""
    if can_edit_booth(user, consultation.booth):
        return True
    return user.is_authenticated and consultation.registration.user_id == user.pk
