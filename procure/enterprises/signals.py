"""Domain events of the registry: facts other apps follow (docs/architecture.md, "Domain events").

Every path that changes these facts — services, imports, the admin — sends the event, inside the
transaction that made the change, so that the listeners' writes commit or roll back with it. Listeners
connect in their AppConfig.ready(); this app imports none of them.
"""

from django.dispatch import Signal

# Certifications of these enterprises were added, approved, changed or removed.
# kwargs: business_nos (set of 10-digit strings). Listeners: ledger (reclassify purchases), catalog (search).
certifications_changed = Signal()

# An enterprise's profile changed in a way others show (name, 사용 여부, products).
# kwargs: enterprise. Listener: catalog (re-index the enterprise's offerings).
enterprise_changed = Signal()

# An enterprise's approved qualifications (decree supplier groups, 업종 registrations and licences) changed.
# kwargs: enterprise. For readers that keep what selectors.licences_on / supplier_groups_on answer (the finder).
qualifications_changed = Signal()

# The public profile page asks for sections other apps add (pretix's html signals).
# kwargs: enterprise, request. A receiver returns (template name, context) or None.
public_profile_sections = Signal()


def certifications_changed_send(*, sender, business_nos) -> None:
    business_nos = {number for number in business_nos if number}
    if business_nos:
        certifications_changed.send(sender=sender, business_nos=business_nos)


def enterprise_changed_send(*, sender, enterprise) -> None:
    enterprise_changed.send(sender=sender, enterprise=enterprise)


def qualifications_changed_send(*, sender, enterprise) -> None:
    qualifications_changed.send(sender=sender, enterprise=enterprise)
