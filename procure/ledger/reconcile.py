"""One contract, one count: lines that copy a contract the platform already counts.

A paid platform contract is a ledger line at once; the institution's own ledger (a file, the API, a line typed
in) later brings the same contract again, written its own way — the title as the finance system writes it
(`[01-2026-0003] … 계약`), the institution spelt differently. Titles differ, so the decision rests on what does
not: the institution (its id, after alias resolution), the supplier's 사업자등록번호 and the amount, and the
contract date within a few days (docs/formats.md §3 "플랫폼 계약과 대조"):

- **sure** (자동 대조): exactly one platform contract of the institution with that supplier and amount within
  `SURE_DAYS` days, of the same department or one of them without a department, and no other within
  `NEAR_DAYS` → the line is kept (the institution's record stays whole) but not counted;
- **unsure** (확인 필요): otherwise, any such contract within `NEAR_DAYS` days → the line is held out of the
  figures until an officer links it (같은 계약) or separates it (다른 계약) on the reconciliation page;
- none → the line counts.

A platform contract is matched by one line at most: once a line copies it (matched, pending or linked), the
next line with the same values is another contract.

The same holds between every two channels that bring contracts (`CHANNELS`): the platform, the institution's own
ledger (a file, the API, a line typed in) and the public data collected from 나라장터 and 종합쇼핑몰. A line is
compared with the counted lines of the *other* channels (`other_channels`), so one contract counts once whichever
channel brought it first; lines of one channel are never compared with each other (one file lists distinct
contracts).
"""

import datetime
from typing import NamedTuple

from procure.ledger.models import MatchStatus, PurchaseRecord, PurchaseSource

SURE_DAYS = 3
NEAR_DAYS = 14
_HOLDING = (MatchStatus.MATCHED, MatchStatus.PENDING, MatchStatus.LINKED)
CHANNELS = (
    frozenset({PurchaseSource.PLATFORM}),
    frozenset({PurchaseSource.IMPORT, PurchaseSource.API, PurchaseSource.MANUAL}),  # the institution's own ledger
    frozenset({PurchaseSource.G2B}),
    frozenset({PurchaseSource.MALL}),
)


def withdrawn_lines():
    """Lines reversed whole (계약 해제, 취소, an undone import, a contract the source deleted): no counted contract
    any more, so never the line another channel's copy is held out against."""
    return PurchaseRecord.objects.filter(reversal_of__isnull=False, line_count=-1).values("reversal_of_id")


def other_channels(source: str) -> frozenset[str]:
    """The sources a line of `source` is compared with: every channel but its own."""
    return frozenset(s for channel in CHANNELS if source not in channel for s in channel)


class Candidate(NamedTuple):
    pk: int
    day: datetime.date
    department_id: int | None


def _decide(candidates: list[Candidate], department_id: int | None, day: datetime.date):
    """(status, the candidate) for a line among the other side's candidates (same institution, supplier and
    amount), or ("", None)."""
    near = [c for c in candidates if abs((c.day - day).days) <= NEAR_DAYS]
    if not near:
        return MatchStatus.NONE, None
    sure = [
        c
        for c in near
        if abs((c.day - day).days) <= SURE_DAYS
        and (c.department_id is None or department_id is None or c.department_id == department_id)
    ]
    if len(sure) == 1 and len(near) == 1:
        return MatchStatus.MATCHED, sure[0]
    return MatchStatus.PENDING, min(near, key=lambda c: (abs((c.day - day).days), c.pk))


class Reconciler:
    """The other channels' counted contracts not yet copied, by (institution, supplier, amount); for a file or a
    line of `source` (the platform's contracts only, by default)."""

    def __init__(self, *, institution_ids=None, source: str | None = None):
        against = other_channels(source) if source else {PurchaseSource.PLATFORM}
        lines = (
            PurchaseRecord.objects.filter(source__in=against, reversal_of=None)
            .counted()
            .exclude(pk__in=withdrawn_lines())
        )
        if institution_ids is not None:
            lines = lines.filter(institution_id__in=institution_ids)
        copied = PurchaseRecord.objects.filter(match_status__in=_HOLDING, reversal_of=None).exclude(match_of=None)
        if institution_ids is not None:
            copied = copied.filter(institution_id__in=institution_ids)
        self.taken = set(copied.values_list("match_of_id", flat=True))
        self.platform: dict[tuple[int, str, int], list[Candidate]] = {}
        for pk, institution_id, department_id, business_no, amount, day in lines.values_list(
            "pk", "institution_id", "department_id", "supplier_business_no", "amount", "contract_date"
        ):
            self.platform.setdefault((institution_id, business_no, amount), []).append(
                Candidate(pk, day, department_id)
            )

    def __bool__(self) -> bool:
        return bool(self.platform)

    def decide(
        self, institution_id: int, department_id: int | None, business_no: str, amount: int, day: datetime.date
    ) -> tuple[str, int | None]:
        """(match status, the platform line's pk) for a new line; the platform line is then taken."""
        candidates = [c for c in self.platform.get((institution_id, business_no, amount), ()) if c.pk not in self.taken]
        status, chosen = _decide(candidates, department_id, day)
        if chosen is None:
            return MatchStatus.NONE, None
        self.taken.add(chosen.pk)
        return status, chosen.pk


def copies_of(platform_line: PurchaseRecord) -> list[tuple[PurchaseRecord, str]]:
    """Lines brought before a platform contract was paid that copy it: [(line, status)] — at most one, sure
    (matched) or not (pending). Only lines that count now are looked at."""
    if PurchaseRecord.objects.filter(match_of=platform_line, match_status__in=_HOLDING).exists():
        return []
    window = datetime.timedelta(days=NEAR_DAYS)
    others = list(
        PurchaseRecord.objects.filter(
            institution_id=platform_line.institution_id,
            supplier_business_no=platform_line.supplier_business_no,
            amount=platform_line.amount,
            contract_date__gte=platform_line.contract_date - window,
            contract_date__lte=platform_line.contract_date + window,
            reversal_of=None,
            match_status=MatchStatus.NONE,
        )
        .exclude(source=PurchaseSource.PLATFORM)
        .exclude(pk__in=withdrawn_lines())
    )
    by_pk = {line.pk: line for line in others}
    status, chosen = _decide(
        [Candidate(line.pk, line.contract_date, line.department_id) for line in others],
        platform_line.department_id,
        platform_line.contract_date,
    )
    return [] if chosen is None else [(by_pk[chosen.pk], status)]
