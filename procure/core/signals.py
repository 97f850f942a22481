"""Facts the kernel announces (docs/architecture.md, domain events). The task modules listen and put work on the
queue: they are the only modules that enqueue, and they import downward, so the code that asks for work never
imports the code that runs it (tests/test_name_floors.py checks there is no circle)."""

from django.dispatch import Signal

# notify() created an in-app notification that should also go out by mail: notification (the row).
notification_mail_wanted = Signal()

# An import job needs a phase run by the worker: job_id, phase ("check" or "apply").
import_phase_wanted = Signal()
