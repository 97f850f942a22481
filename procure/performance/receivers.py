"""What performance answers when the ledger asks (procure/ledger/signals.py)."""

from procure.performance.models import YearClosing


def closed_years_refuse_batch_undo(sender, years, **kwargs) -> str | None:
    """A closed year's figures are final (확정): an import that counts in it is corrected line by line, not undone."""
    closed = sorted(YearClosing.objects.filter(year__in=years, closed=True).values_list("year", flat=True))
    if not closed:
        return None
    named = ", ".join(f"{year}년" for year in closed)
    return (
        f"{named} 실적은 마감(확정)되어 이 가져오기를 되돌릴 수 없습니다. 잘못된 줄은 한 줄씩 환수·해제로 "
        "바로잡거나, 구에서 사유를 남기고 마감을 푼 뒤 다시 시도해 주세요."
    )
