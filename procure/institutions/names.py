"""How names of institutions and departments are matched: ignoring spaces, punctuation, width and case
("신림동 주민센터" = "신림동주민센터" = "신림동·주민센터"), and through recorded aliases."""

import difflib
import unicodedata


def name_key(text) -> str:
    """The part of a name that identifies it: letters and digits only, NFKC, case-folded."""
    normalised = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return "".join(ch for ch in normalised if unicodedata.category(ch)[0] in ("L", "N"))


def nearest(text: str, candidates: dict[str, str], count: int = 3) -> list[str]:
    """The names (values of `candidates`, keyed by name_key) closest to `text`, best first."""
    keys = difflib.get_close_matches(name_key(text), list(candidates), n=count, cutoff=0.5)
    return list(dict.fromkeys(candidates[key] for key in keys))
