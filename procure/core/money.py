"""Money is an integer number of won, and a split adds up to the whole, exactly."""


def split_won(total: int, parts: int) -> list[int]:
    """`total` won in `parts` shares as even as can be, the larger shares first: 56,000,000 in 12 months gives
    4,666,667 × 8 and 4,666,666 × 4 — 56,000,000 in all (dividing each month by 12 would lose 8 won)."""
    if parts <= 0:
        raise ValueError("parts must be positive")
    base, remainder = divmod(int(total), parts)
    return [base + 1 if index < remainder else base for index in range(parts)]
