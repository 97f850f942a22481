"""Text people type or files carry, made safe to keep and to export."""

import re

# C0 controls but tab, newline and carriage return; DEL; C1 controls. Spreadsheets refuse them
# (openpyxl raises IllegalCharacterError) and no screen shows them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(text: str) -> str:
    if text.isprintable():  # the common case, decided in C
        return text
    return _CONTROL.sub("", text)
