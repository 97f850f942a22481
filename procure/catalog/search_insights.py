"""Search analytics for the center: what officers looked for and did not find, and the two fixes staff can make
in one click — a synonym (this word means that catalog word) or a category (this word means that 분류).

A log row holds the words, the number of results and whether a result was opened; of the person only the role
and the institution. Rows older than `KEEP_DAYS` are deleted when new ones are written."""

import datetime
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from procure.catalog import thesaurus
from procure.catalog.analysis import normalize, split_words
from procure.catalog.models import Offering, SearchCategoryHint, SearchQueryLog, SearchSynonym, ThesaurusEntry
from procure.catalog.search import forget_lists
from procure.core.services import audit
from procure.core.text import quoted

KEEP_DAYS = 365


@contextmanager
def _without_waiting():
    """Analytics never hold up a search: on SQLite, while an import holds the write lock, give up at once (the
    search is answered, this one log row is lost) instead of waiting the configured busy timeout."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        configured = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout = 50")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(configured)}")


def search_log(*, query: str, results: int, user) -> SearchQueryLog | None:
    """Write one log row; None when the database is busy (best effort, see `_without_waiting`)."""
    signed_in = user is not None and user.is_authenticated
    try:
        with _without_waiting(), transaction.atomic():
            entry = SearchQueryLog.objects.create(
                query=query[:200],
                normalized=normalize(query)[:200],
                results=results,
                role=(user.role or "") if signed_in else "",
                institution_id=user.institution_id if signed_in else None,
            )
            if entry.pk % 500 == 0:  # now and then, forget old searches
                SearchQueryLog.objects.filter(
                    created_at__lt=timezone.now() - datetime.timedelta(days=KEEP_DAYS)
                ).delete()
    except OperationalError:
        return None
    return entry


def search_clicked(*, log_id) -> None:
    """A result of this search was opened (only within a day of the search)."""
    try:
        log_id = int(log_id)
    except (TypeError, ValueError):
        return
    since = timezone.now() - datetime.timedelta(days=1)
    try:
        with _without_waiting(), transaction.atomic():
            SearchQueryLog.objects.filter(pk=log_id, created_at__gte=since).update(clicked=True)
    except OperationalError:
        pass


def failing_queries(*, days: int = 90, limit: int = 30) -> dict:
    """The top searches with no result, and with results nobody opened, over the last `days`."""
    since = timezone.now() - datetime.timedelta(days=days)
    logs = SearchQueryLog.objects.filter(created_at__gte=since)
    totals = logs.aggregate(
        searches=Count("pk"), zero=Count("pk", filter=Q(results=0)), clicked=Count("pk", filter=Q(clicked=True))
    )
    grouped = (
        logs.values("normalized")
        .annotate(times=Count("pk"), clicks=Count("pk", filter=Q(clicked=True)))
        .order_by("-times", "normalized")
    )
    example = dict(logs.order_by("normalized", "-created_at").values_list("normalized", "query"))
    zero = grouped.filter(results=0)[:limit]
    unclicked = grouped.filter(results__gt=0).filter(clicks=0, times__gte=2)[:limit]
    return {
        "days": days,
        "totals": totals,
        "zero": [{**row, "query": example.get(row["normalized"], row["normalized"])} for row in zero],
        "unclicked": [{**row, "query": example.get(row["normalized"], row["normalized"])} for row in unclicked],
    }


@transaction.atomic
def synonym_add(*, actor, word: str, means: str) -> SearchSynonym:
    """`word` means the catalog word `means`: joins `means`'s synonym row, or starts one."""
    word, means = word.strip(), means.strip()
    if not word or not means or normalize(word) == normalize(means):
        raise ValueError("검색어와 뜻하는 말을 서로 다르게 입력하세요.")
    row = SearchSynonym.objects.filter(term=means).first()
    if row is None:
        row = next((s for s in SearchSynonym.objects.all() if means in s.words()), None)
    if row is None:
        row = SearchSynonym.objects.create(term=means, variants=word)
    elif word not in row.words():
        row.variants = f"{row.variants}, {word}" if row.variants else word
        row.save(update_fields=["variants"])
    audit(actor=actor, action="catalog.synonym.added", obj=row, after={"word": word, "means": row.term})
    forget_lists()  # this process at once; other processes within the minute they keep the lists
    return row


@transaction.atomic
def category_hint_set(*, actor, word: str, category) -> SearchCategoryHint:
    hint, _ = SearchCategoryHint.objects.update_or_create(
        word=normalize(word)[:50], defaults={"category": category, "created_by": actor}
    )
    audit(
        actor=actor, action="catalog.category_hint.set", obj=hint, after={"word": hint.word, "category": category.code}
    )
    forget_lists()
    return hint


class MatchRefused(ValueError):
    """A "이 검색에 맞는 품목" that cannot be added; the message is Korean and nothing was written."""


@transaction.atomic
def thesaurus_match_add(*, actor, query: str, offering: Offering) -> ThesaurusEntry:
    """Center staff reviewed a failing search and chose the offering it meant ("이 검색에 맞는 품목"): the search's
    words become a reviewed synonym of the offering's name words in the thesaurus (`thesaurus.py`), audited.
    The offering itself is not pinned: every offering with those words answers the search from now on."""
    word = normalize(query)[:50]
    if len(word) < 2:
        raise MatchRefused("두 글자 이상인 검색어에만 맞는 품목을 고를 수 있습니다.")
    means = " ".join(dict.fromkeys(offering.name_terms.split() or split_words(offering.name)))[:200]
    if not means or means.replace(" ", "") == word:
        raise MatchRefused("품목 이름에 검색어와 다른 낱말이 없어 넣을 수 없습니다.")
    entry, created = ThesaurusEntry.objects.get_or_create(
        word=word, means=means, defaults={"offering": offering, "reviewed_by": actor}
    )
    if not created:
        raise MatchRefused(f"{quoted(query, '은/는')} 이미 ‘{means}’의 같은 말로 들어 있습니다.")
    audit(
        actor=actor,
        action="catalog.thesaurus.match_added",
        obj=entry,
        after={"word": word, "means": means, "offering": offering.pk, "query": query[:200]},
    )
    thesaurus.forget()
    return entry


@transaction.atomic
def thesaurus_entry_retire(*, actor, entry: ThesaurusEntry) -> ThesaurusEntry:
    """Take a reviewed synonym out of use (kept for the record), audited."""
    if entry.is_active:
        entry.is_active = False
        entry.save(update_fields=["is_active"])
        audit(actor=actor, action="catalog.thesaurus.retired", obj=entry, before={"is_active": True},
              after={"is_active": False})  # fmt: skip
        thesaurus.forget()
    return entry
