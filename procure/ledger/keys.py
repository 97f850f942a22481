"""The identity of a ledger line: the same contract gets the same key whether it is imported or typed in."""

import hashlib

FIRST = "\x1f0"  # the occurrence part of a line's key text, for its first occurrence in a file


def key_text(institution: str, department: str, day_iso: str, title: str, kind: str, business_no: str) -> str:
    return "\x1f".join((institution, department, day_iso, title, kind, business_no))


def identity(text: str, occurrence: int) -> int:
    """A signed 64-bit key (a small integer index is far cheaper than a text one)."""
    digest = hashlib.blake2b(f"{text}\x1f{occurrence}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
