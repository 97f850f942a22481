"""Writes to the catalog; every write keeps the offering's search text current."""

from django.core.exceptions import ValidationError
from django.db import transaction

from procure.catalog.indexing import offerings_analyse_later
from procure.catalog.models import Offering, Shortlist, ShortlistItem
from procure.catalog.search import build_document, index_changed
from procure.core.money import won_problem
from procure.core.services import KEEP, audit, audited_save, snapshot

# What an enterprise edits on an offering: the form's fields (forms.OfferingForm) and the service's arguments — one
# list, so a field added to the form is saved and audited. Staff hide offerings (OFFERING_FIELDS adds it).
OFFERING_EDITABLE = [
    "name",
    "kind",
    "category",
    "description",
    "unit_price",
    "unit",
    "min_quantity",
    "lead_time_days",
    "delivery_area",
    "spec_sheet",
]
OFFERING_FIELDS = [*OFFERING_EDITABLE, "is_hidden", "hidden_reason"]
_NOT_CLEANED = ["search_text", "name_terms", "body_terms"]


def _check_price(offering: Offering) -> None:
    """The 단가 from 0 to 100조 원 (core.money.MAX_WON), whoever calls: the model's column alone allows ±2⁶³."""
    if offering.unit_price is not None and (problem := won_problem(offering.unit_price, label="단가", positive=False)):
        raise ValidationError({"unit_price": [problem]})


def _prepare(offering: Offering) -> None:
    """The price's bounds and the letters the search reads now; the analyser's terms a moment later, in the task
    worker."""
    _check_price(offering)
    offering.search_text = build_document(offering)


@transaction.atomic
def offering_create(
    *,
    actor,
    enterprise,
    name: str,
    kind: str,
    category,
    description: str = "",
    unit_price: int | None = None,
    unit: str = "",
    min_quantity: int | None = None,
    lead_time_days: int | None = None,
    delivery_area: str = "",
    spec_sheet="",
) -> Offering:
    """A new offering; the arguments are OFFERING_EDITABLE (tests/catalog hold the two together)."""
    offering = Offering(enterprise=enterprise)
    arguments = locals()
    changes = {field: arguments[field] for field in OFFERING_EDITABLE}
    audited_save(
        offering,
        actor=actor,
        action="catalog.offering.created",
        fields=OFFERING_FIELDS,
        changes=changes,
        prepare=_prepare,
        clean_exclude=_NOT_CLEANED,
    )
    offerings_analyse_later([offering.pk])
    index_changed()
    return offering


@transaction.atomic
def offering_update(
    *,
    actor,
    offering: Offering,
    name: str = KEEP,
    kind: str = KEEP,
    category=KEEP,
    description: str = KEEP,
    unit_price: int | None = KEEP,
    unit: str = KEEP,
    min_quantity: int | None = KEEP,
    lead_time_days: int | None = KEEP,
    delivery_area: str = KEEP,
    spec_sheet=KEEP,
    is_hidden: bool = KEEP,
    hidden_reason: str = KEEP,
) -> Offering:
    """Change what is given (the arguments are OFFERING_FIELDS; KEEP leaves a field as it is)."""
    arguments = locals()
    changes = {field: arguments[field] for field in OFFERING_FIELDS}
    if changes["spec_sheet"] is False:  # the form's "지우기" box
        changes["spec_sheet"] = ""
    audited_save(
        offering,
        actor=actor,
        action="catalog.offering.changed",
        fields=OFFERING_FIELDS,
        changes=changes,
        prepare=_prepare,
        clean_exclude=_NOT_CLEANED,
    )
    offerings_analyse_later([offering.pk])
    index_changed()
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
