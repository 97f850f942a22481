"""Logging filters (config/settings.py LOGGING)."""

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    """A 403 is a person reaching a page their role does not open — an answer, not a fault. Django logs it with the
    PermissionDenied's whole traceback; keep the one line (`Forbidden (Permission denied): /path`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
