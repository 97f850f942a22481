"""Writes to the catalog; every write keeps the offering's search text current."""

from django.core.exceptions import ValidationError
from django.db import transaction

from procure.catalog.indexing import offerings_analyse_later
from procure.catalog.models import Offering, Shortlist, ShortlistItem
from procure.catalog.search import build_document, index_changed
from procure.core.money import won_problem
from procure.core.services import audit, snapshot

OFFERING_FIELDS = [
    "name",
    "kind",
    "category",
    "description",
    "unit_price",
    "unit",
    "min_quantity",
    "lead_time_days",
    "delivery_area",
    "is_hidden",
    "hidden_reason",
]


def _check_price(offering: Offering) -> None:
    """The 단가 from 0 to 100조 원 (core.money.MAX_WON), whoever calls: the model's column alone allows ±2⁶³."""
    if offering.unit_price is not None and (problem := won_problem(offering.unit_price, label="단가", positive=False)):
        raise ValidationError({"unit_price": [problem]})


def _index(offering: Offering) -> None:
    """The letters now; the analyser's terms a moment later, in the task worker."""
    offering.search_text = build_document(offering)
    if offering.pk:
        offerings_analyse_later([offering.pk])


@transaction.atomic
def offering_create(*, actor, enterprise, **fields) -> Offering:
    offering = Offering(enterprise=enterprise, **fields)
    _check_price(offering)
    offering.full_clean(exclude=["search_text", "name_terms", "body_terms"])
    offering.search_text = build_document(offering)
    offering.save()
    offerings_analyse_later([offering.pk])
    index_changed()
    audit(actor=actor, action="catalog.offering.created", obj=offering, after=snapshot(offering, OFFERING_FIELDS))
    return offering


@transaction.atomic
def offering_update(*, actor, offering: Offering, **fields) -> Offering:
    before = snapshot(offering, OFFERING_FIELDS)
    for name, value in fields.items():
        setattr(offering, name, value)
    _check_price(offering)
    offering.full_clean(exclude=["search_text", "name_terms", "body_terms"])
    _index(offering)
    offering.save()
    index_changed()
    after = snapshot(offering, OFFERING_FIELDS)
    if before != after:
        audit(actor=actor, action="catalog.offering.changed", obj=offering, before=before, after=after)
    return offering


@transaction.atomic
def offering_delete(*, actor, offering: Offering) -> None:
    audit(actor=actor, action="catalog.offering.deleted", obj=offering, before=snapshot(offering, OFFERING_FIELDS))
    offering.delete()
    index_changed()


@transaction.atomic
def offering_set_hidden(*, actor, offering: Offering, hidden: bool, reason: str = "") -> Offering:
    return offering_update(
        actor=actor, offering=offering, is_hidden=hidden, hidden_reason=reason.strip() if hidden else ""
    )


def shortlist_for(user) -> Shortlist:
    shortlist, _ = Shortlist.objects.get_or_create(owner=user, name="관심목록")
    return shortlist


def shortlist_toggle(*, user, offering: Offering) -> bool:
    """Add the offering to the user's shortlist, or take it out; True when it is now in."""
    shortlist = shortlist_for(user)
    deleted, _ = ShortlistItem.objects.filter(shortlist=shortlist, offering=offering).delete()
    if deleted:
        return False
    ShortlistItem.objects.create(shortlist=shortlist, offering=offering)
    return True


def offerings_reindex(*, enterprise) -> None:
    """An enterprise's name is part of its offerings' search text: rewrite it after a rename."""
    offerings = list(Offering.objects.filter(enterprise=enterprise).select_related("category", "enterprise"))
    for offering in offerings:
        offering.search_text = build_document(offering)
    Offering.objects.bulk_update(offerings, ["search_text"])
    index_changed()
