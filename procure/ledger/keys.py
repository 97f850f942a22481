"""The identity of a ledger line: the same contract gets the same key whether it is imported, pushed or typed
in, and the same file imported again gives the same keys (a line repeated in a file is told apart by its
occurrence number). The institution and department are their ids after alias resolution, never the text a
file wrote: `관악구 청` and `관악구청` are one institution, so one key."""

import hashlib
from functools import partial
from operator import methodcaller

import numpy as np

FIRST = "\x1f0"  # the occurrence part of a line's key text, for its first occurrence in a file


def unit_text(institution_id: int, department_id: int | None) -> str:
    """The unit part of a key: the ids, "" for a line of the whole institution."""
    return f"{institution_id}\x1f{'' if department_id is None else department_id}"


def key_text(
    institution_id: int, department_id: int | None, day_iso: str, title: str, kind: str, business_no: str
) -> str:
    return "\x1f".join((unit_text(institution_id, department_id), day_iso, title, kind, business_no))


def reversal_identity(original_pk: int, number: int) -> int:
    """A reversal's own key: the line it corrects and which of its reversals it is."""
    return identity(f"reversal\x1f{original_pk}", number)


def identity(text: str, occurrence: int) -> int:
    """A signed 64-bit key (a small integer index is far cheaper than a text one)."""
    digest = hashlib.blake2b(f"{text}\x1f{occurrence}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class SeenLines:
    """Which line keys this file has already had, in fixed memory (16 MB) whatever the file's length.

    A Bloom filter answers "maybe seen" for every repeat and, very rarely (about one line in a million
    for a million-line file), for a new line; such lines get the next occurrence number. The numbering
    depends only on the file's lines in order, so importing the same file again gives the same
    identities, which is all idempotency needs. A chunk of keys is answered at once, exactly as if
    its keys had been looked up one after another.
    """

    BITS = 1 << 27

    def __init__(self):
        self.bits = np.zeros(self.BITS // 8, dtype=np.uint8)
        self.counts: dict[int, int] = {}

    def occurrences(self, keys: np.ndarray) -> np.ndarray:
        size = len(keys)
        positions = np.empty((size, 4), dtype=np.int64)
        for column, shift in enumerate((0, 16, 32, 48)):
            positions[:, column] = (keys >> shift) % self.BITS
        positions[:, 0] = (positions[:, 0] * 0x9E3779B1) % self.BITS
        flat = positions.ravel()
        set_before_chunk = ((self.bits[flat >> 3] >> (flat & 7).astype(np.uint8)) & 1).astype(bool)
        # A bit is also set for a line when an earlier line of this chunk has the same position.
        order = np.argsort(flat, kind="stable")
        ordered = flat[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        distinct = ordered[starts]
        first_line_of_group = order[starts] // 4  # stable: the first position in file order
        group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(ordered)]))
        first_line = np.empty(len(flat), dtype=np.int64)
        first_line[order] = first_line_of_group[group]
        line = np.repeat(np.arange(size), 4)
        maybe_seen = (set_before_chunk | (first_line < line)).reshape(size, 4).all(axis=1)
        # Set the chunk's bits: distinct positions are sorted, so those of one byte are neighbours.
        byte = distinct >> 3
        byte_starts = np.flatnonzero(np.r_[True, byte[1:] != byte[:-1]])
        masks = np.bitwise_or.reduceat(np.left_shift(1, distinct & 7).astype(np.uint8), byte_starts)
        self.bits[byte[byte_starts]] |= masks
        occurrences = np.zeros(size, dtype=np.int64)
        for index in np.flatnonzero(maybe_seen):
            key = int(keys[index])
            occurrences[index] = self.counts[key] = self.counts.get(key, 0) + 1
        return occurrences


def chunk_identities(texts: list[str], seen: SeenLines) -> list[int]:
    """Identities of a chunk's lines; `texts` are the lines' key fields joined, ending in FIRST."""
    # map() keeps the per-line work in C: encode, hash, digest, then one array from all digests.
    digests = map(methodcaller("digest"), map(partial(hashlib.blake2b, digest_size=8), map(str.encode, texts)))
    first_keys = np.frombuffer(b"".join(digests), dtype=">i8").astype(np.int64)
    occurrences = seen.occurrences(first_keys)
    identities = first_keys.tolist()
    for index in np.flatnonzero(occurrences):
        identities[index] = identity(texts[index][: -len(FIRST)], int(occurrences[index]))
    return identities
