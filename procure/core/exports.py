"""Helpers every export uses."""

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value):
    """Stop a spreadsheet from running a text cell as a formula (CSV/XLSX injection).

    Numbers are left alone so that negative amounts stay numbers.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value
