"""Helpers every export uses."""

from procure.core.text import strip_control_characters

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value):
    """Stop a spreadsheet from running a text cell as a formula (CSV/XLSX injection), and drop control
    characters, which spreadsheets refuse (text typed before forms stripped them may still hold some).

    Numbers are left alone so that negative amounts stay numbers.
    """
    if not isinstance(value, str):
        return value
    value = strip_control_characters(value)
    if value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value
