import pytest


@pytest.fixture(autouse=True)
def _units(declared_units):
    """Every ledger test imports lines of the institutions declared here."""
