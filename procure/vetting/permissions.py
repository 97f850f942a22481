"""Who may see and do what in vetting rounds."""

from procure.accounts.models import Role
from procure.accounts.permissions import has_role, speaks_for_an_enterprise
from procure.vetting.models import RoundStatus

can_manage_rounds = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF)
can_open_vetting = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF, Role.ENTERPRISE, Role.REVIEWER)
is_enterprise_member = speaks_for_an_enterprise
is_reviewer = has_role(Role.REVIEWER)


def is_reviewer_on(user, round_) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.REVIEWER
        and round_.status in {RoundStatus.REVIEWING, RoundStatus.DECIDED}
        and round_.reviewers.filter(pk=user.pk).exists()
    )


def can_view_round(user, round_) -> bool:
    if can_manage_rounds(user):
        return True
    if user.role == Role.ENTERPRISE:
        return round_.status != RoundStatus.DRAFT
    return is_reviewer_on(user, round_)


def can_view_application(user, application) -> bool:
    """Staff see every application; an enterprise only its own; a reviewer those of their rounds."""
    if can_manage_rounds(user):
        return True
    if user.role == Role.ENTERPRISE:
        return user.enterprise_id == application.enterprise_id
    return is_reviewer_on(user, application.round)
