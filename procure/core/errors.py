"""One kind of refusal for every service (issue 31): `ServiceError`.

A service that refuses an action raises a subclass of `ServiceError` whose message is Korean and meant for the
person who asked (a buyer, an officer, center staff) — views show it as it is, with `user_message(error)`, and
write nothing. Apps keep their own subclasses (buying's `WorkflowError`, vetting's `VettingError` …) so a caller
can tell them apart; a view that calls several services catches the base.

Some subclasses are also Django `ValidationError`s (events, surveys), so a form's `clean()` can raise them;
`user_message` reads both kinds the same way.
"""

from django.core.exceptions import ValidationError


class ServiceError(Exception):
    """A rule refused the action; the message is Korean and meant for the user."""


def user_message(error: Exception) -> str:
    """The Korean sentence(s) to show for a refused action."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
