"""Issue 26 §8: every 403 wrote its full traceback, twice, to the log. Now: one line, no traceback."""

import io
import logging

import pytest
from django.urls import reverse

from procure.accounts.models import Role


@pytest.mark.django_db
def test_a_403_is_logged_once_on_one_line(client, make_user):
    """What the configured console handlers write (Django's own and the root's), read from their streams."""
    client.force_login(make_user(Role.BUYER, username="oscar_officer"))
    written = io.StringIO()
    handlers = {
        handler
        for logger in (logging.getLogger(), logging.getLogger("django"))
        for handler in logger.handlers
        if type(handler) is logging.StreamHandler  # not pytest's capturing handlers
    }
    previous = {handler: handler.setStream(written) for handler in handlers}
    try:
        response = client.get(reverse("site:import_upload", args=["ledger"]))
    finally:
        for handler, stream in previous.items():
            handler.setStream(stream)
    assert response.status_code == 403
    assert written.getvalue().count("Forbidden (Permission denied): /imports/ledger/new/") == 1
    assert "Traceback" not in written.getvalue() and "PermissionDenied" not in written.getvalue()
