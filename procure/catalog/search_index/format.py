"""The search index's file format: what one version of the index is on disk and in memory.

One directory per catalog version: each array an `.npy` file (mapped, never read into a process's memory) and
the small parts in `meta.json`. The postings are CSR tables — a key → a slice of one positions array (compact at
100k offerings); keys are sorted strings in one NumPy array, found by binary search.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

EMPTY = np.empty(0, dtype=np.int32)
EMPTY_WEIGHTS = np.empty(0, dtype=np.float32)


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


class Keys:
    """Sorted distinct strings (one NumPy array, memory-mapped from the index file): a key's number is its
    place, found by binary search — no Python object per key in a web worker."""

    def __init__(self, array: np.ndarray):
        self.array = array

    def number(self, key: str) -> int | None:
        place = int(np.searchsorted(self.array, key))
        if place < len(self.array) and self.array[place] == key:
            return place
        return None

    def __contains__(self, key) -> bool:
        return isinstance(key, str) and self.number(key) is not None

    def __iter__(self):
        return (str(key) for key in self.array)

    def __len__(self) -> int:
        return len(self.array)


class Postings:
    """key → (positions, weights) as CSR arrays: a key's postings are one slice of `positions`."""

    def __init__(self, keys: Keys, offsets: np.ndarray, positions: np.ndarray, weights: np.ndarray | None = None):
        self.keys, self.offsets, self.positions = keys, offsets, positions
        self.weights = EMPTY_WEIGHTS if weights is None else weights

    @classmethod
    def build(cls, keys: dict[str, int], key_ids, positions, weights=None) -> Postings:
        """From parallel buffers of (key number as it came, position[, weight]); keys are renumbered in sorted
        order, then one stable sort groups the postings by key (positions stay ascending within a key)."""
        names = sorted(keys)
        renumber = np.empty(len(keys), dtype=np.int32)
        renumber[[keys[name] for name in names]] = np.arange(len(names), dtype=np.int32)
        ids = renumber[np.frombuffer(key_ids, dtype=np.int32)] if len(key_ids) else np.empty(0, dtype=np.int32)
        order = np.argsort(ids, kind="stable")
        sorted_positions = np.frombuffer(positions, dtype=np.int32)[order] if len(positions) else EMPTY
        sorted_weights = np.asarray(weights, dtype=np.float32)[order] if weights is not None and len(weights) else None
        counts = np.bincount(ids, minlength=len(names)) if len(ids) else np.zeros(len(names), dtype=np.int64)
        offsets = np.zeros(len(names) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        array = np.array(names, dtype=str) if names else np.empty(0, dtype="<U1")
        return cls(Keys(array), offsets, sorted_positions, sorted_weights)

    def get(self, key: str) -> np.ndarray:
        number = self.keys.number(key)
        if number is None:
            return EMPTY
        return self.positions[self.offsets[number] : self.offsets[number + 1]]

    def get_weighted(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        number = self.keys.number(key)
        if number is None:
            return EMPTY, EMPTY_WEIGHTS
        start, end = self.offsets[number], self.offsets[number + 1]
        return self.positions[start:end], self.weights[start:end]

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        arrays = {
            f"{prefix}_keys": self.keys.array,
            f"{prefix}_offsets": self.offsets,
            f"{prefix}_positions": self.positions,
        }
        if len(self.weights):
            arrays[f"{prefix}_weights"] = self.weights
        return arrays

    @classmethod
    def from_arrays(cls, arrays: dict, prefix: str) -> Postings:
        return cls(
            Keys(arrays[f"{prefix}_keys"]),
            arrays[f"{prefix}_offsets"],
            arrays[f"{prefix}_positions"],
            arrays.get(f"{prefix}_weights"),
        )


def write_files(directory: Path, arrays: dict[str, np.ndarray], meta: dict) -> None:
    """Write one version's arrays (.npy) and small parts (meta.json) into a new `directory`."""
    directory.mkdir(parents=True)
    for name, values in arrays.items():
        np.save(directory / f"{name}.npy", values, allow_pickle=False)
    (directory / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def read_files(directory: Path) -> tuple[dict[str, np.ndarray], dict]:
    """The arrays of `directory`, mapped, and its small parts."""
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    # Plain ndarray views of the mapped files: the same shared pages, without np.memmap's per-slice overhead.
    arrays = {
        path.stem: np.load(path, mmap_mode="r", allow_pickle=False).view(np.ndarray) for path in directory.glob("*.npy")
    }
    return arrays, meta


def is_complete(directory: Path) -> bool:
    """Whether `directory` holds a finished version (meta.json is written last; the directory is renamed into
    place whole)."""
    return (directory / "meta.json").exists()
