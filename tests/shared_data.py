"""Where ../shared/data is: next to the checkout, or where PROCURE_SHARED_DATA points."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_data() -> Path:
    candidates = [os.environ.get("PROCURE_SHARED_DATA"), ROOT.parent / "shared" / "data", "/work/shared/data"]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return ROOT.parent / "shared" / "data"
