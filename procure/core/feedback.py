"""How a view tells the person what became of their action: one way for every app (issue 31 §3).

    with reported(request, "견적을 보냈습니다.") as outcome:
        quote_submit(...)
    return redirect(...)

The block calls a service. If it returns, the success message is shown (`outcome.success` may be set inside the
block when it names what was made); if the service refused (`ServiceError`, or a Django `ValidationError` a service
raised), its Korean message is shown as an error, nothing more runs in the block, and `outcome.refused` is true so
the view can choose where to go. Refusals the view answers itself (`lets_through`, e.g. a warning that asks for a
reason before going on) and any other exception (a bug) propagate.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError

from procure.core.errors import ServiceError, user_message


class reported:  # noqa: N801 — read as a phrase: `with reported(request, …)`
    def __init__(self, request, success: str = "", *, lets_through: tuple[type[Exception], ...] = ()) -> None:
        self.request = request
        self.success = success
        self.lets_through = lets_through
        self.refused = False

    def __enter__(self) -> "reported":
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        if error is None:
            if self.success:
                messages.success(self.request, self.success)
            return False
        if isinstance(error, ServiceError | ValidationError) and not isinstance(error, self.lets_through):
            self.refused = True
            messages.error(self.request, user_message(error))
            return True
        return False
