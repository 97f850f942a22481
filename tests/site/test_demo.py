"""The demo reads like 관악구 (issue 28, item 6): a catalog an officer can search, enterprises whose offerings,
contracts and consultation notes match what they do, working-day dates counted from the day the demo is made,
an upcoming 구매상담회 with booths and a schedule, varied survey answers and officers told apart."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from procure.catalog import demo as catalog_demo
from procure.catalog.models import Category, Offering
from procure.catalog.search import search
from procure.core.calendar import is_business_day
from procure.enterprises import demo as enterprises_demo
from tests.events.conftest import booth as booth  # noqa: PLC0414
from tests.events.conftest import event as event  # noqa: PLC0414
from tests.events.conftest import officer_fields
from tests.events.conftest import slots as slots  # noqa: PLC0414

# What an officer types → the category the offerings found must be in.
SEARCHES = {"복사용지": "OFFICE", "기념품": "GIFT", "현수막": "PRINT", "도시락": "CATER", "청소": "CLEAN"}


@pytest.mark.django_db
def test_the_demo_catalog_answers_what_officers_search_for():
    enterprises_demo.seed()
    catalog_demo.seed()
    offerings = Offering.objects.select_related("category", "enterprise")
    assert offerings.count() >= 150
    # Every category of the taxonomy has offerings, each at a price in won with a unit.
    assert set(Category.objects.suppliable().values_list("code", flat=True)) <= {o.category.code for o in offerings}
    assert all(o.unit_price and o.unit_price > 0 and o.unit for o in offerings)
    # An enterprise sells only in its own line of business.
    for offering in offerings:
        assert offering.category in offering.enterprise.categories.all(), offering
    for query, code in SEARCHES.items():
        hits = search(query, limit=5)
        fitting = [h for h in hits if Offering.objects.get(pk=h.offering_id).category.code == code]
        assert len(fitting) >= 3, (query, [h.name for h in hits])
        assert any(query in h.name for h in hits), (query, [h.name for h in hits])


@pytest.mark.django_db
def test_the_whole_demo_is_coherent_and_dated_on_working_days():
    from procure.accounts.models import User
    from procure.buying.models import Contract, QuoteRequest
    from procure.core.models import AuditEvent, Notification
    from procure.enterprises.models import Enterprise
    from procure.events.models import ConsultationNote, Event, EventStatus
    from procure.surveys.models import Answer
    from procure.vetting.models import Application, Round, RoundStatus

    call_command("seed_demo", "--quiet-personas", stdout=io.StringIO())
    today = timezone.localdate()

    # Requests and contracts go to the enterprise whose line it is, on working days, none dated in the future.
    for request in QuoteRequest.objects.prefetch_related("enterprises__categories"):
        assert is_business_day(request.answer_by) and is_business_day(timezone.localdate(request.created_at))
        for enterprise in request.enterprises.all():
            assert request.category in enterprise.categories.all(), (request.title, enterprise.name)
    contracts = Contract.objects.select_related("enterprise")
    assert contracts.count() >= 5
    for contract in contracts:
        assert is_business_day(contract.contract_date) and contract.contract_date < today
        assert contract.enterprise.offerings.filter(category__in=contract.enterprise.categories.all()).exists()

    # Last year's round and its notices carry last year's dates, not today's.
    decided = Round.objects.get(status=RoundStatus.DECIDED)
    assert timezone.localdate(decided.decided_at).year == today.year - 1
    notices = Notification.objects.filter(title__contains="선정되었습니다")
    assert notices.exists() and all(timezone.localdate(n.created_at).year == today.year - 1 for n in notices)
    decided_audit = AuditEvent.objects.filter(action="vetting.round.decided", object_id=str(decided.pk))
    assert timezone.localdate(decided_audit.get().created_at) < today
    assert all(
        timezone.localdate(a.submitted_at) <= decided.closes_on for a in Application.objects.filter(round=decided)
    )

    # The upcoming 구매상담회: a working day ahead, booths of enterprises valid that day, a schedule, and the buyer
    # persona has meetings in their timetable.
    upcoming = Event.objects.get(status=EventStatus.OPEN)
    assert upcoming.date > today and is_business_day(upcoming.date)
    booths = upcoming.booths.all()
    assert booths.count() >= 8
    assert set(booths.values_list("enterprise", flat=True)) <= set(
        Enterprise.objects.valid_on(upcoming.date).values_list("pk", flat=True)
    )
    assert upcoming.consultations.count() >= 10
    assert upcoming.consultations.filter(registration__user__username="buyer").exists()
    past = Event.objects.get(status=EventStatus.FINISHED)
    assert is_business_day(past.date) and past.date.year == today.year - 1

    # Notes name what the booth's enterprise sells.
    for note in ConsultationNote.objects.exclude(next_step="").select_related("consultation__booth__enterprise"):
        sold = note.consultation.booth.enterprise.offerings.values_list("name", flat=True)
        assert any(name in note.next_step for name in sold), note.next_step

    # Free-text survey answers are varied, not one sentence repeated.
    texts = Counter(
        Answer.objects.exclude(text="").exclude(question__code="institution").values_list("text", flat=True)
    )
    assert len(texts) >= 8 and max(texts.values()) <= 8, texts.most_common(3)

    # No two officers share a name.
    names = list(User.objects.filter(username__startswith="officer").values_list("name", flat=True))
    assert len(names) == len(set(names))


@pytest.mark.django_db
def test_two_officers_of_one_name_are_told_apart_on_the_schedule(client_for, event, booth, slots, center_staff):
    from django.urls import reverse

    from procure.events import services
    from tests.factories import BuyerFactory, DepartmentFactory

    event.capacity = 10
    event.save()
    booth.capacity = 2
    booth.save()
    registrations = []
    for department in ("총무과", "청소행정과"):
        officer = BuyerFactory(name="조건우", department=DepartmentFactory(name=department))
        registrations.append(services.registration_create(event=event, user=officer, **officer_fields(officer)))
    client = client_for(center_staff)
    client.post(reverse("events:schedule", args=[event.pk]), {"action": "run"})
    assert event.consultations.count() == 2
    page = client.get(reverse("events:schedule", args=[event.pk])).content.decode()
    for registration in registrations:
        assert f"{registration.department.name} · 신청 {registration.pk}번" in page


@pytest.mark.django_db
def test_a_selected_enterprise_not_certified_on_the_event_day_gets_no_booth_and_staff_see_why(
    client_for, event, center_staff
):
    import datetime

    from django.urls import reverse

    from procure.enterprises.models import Certification, EnterpriseType
    from procure.events import services
    from procure.vetting.models import Application, Round
    from tests.factories import EnterpriseFactory

    round_ = Round.objects.create(
        title="모집", opens_on=datetime.date(2099, 3, 1), closes_on=datetime.date(2099, 3, 20)
    )
    valid, lapsed = EnterpriseFactory(name="계속기업 (예시)"), EnterpriseFactory(name="만료기업 (예시)")
    Certification.objects.create(enterprise=valid, type=EnterpriseType.COOPERATIVE)
    Certification.objects.create(
        enterprise=lapsed, type=EnterpriseType.COOPERATIVE, valid_to=event.date - datetime.timedelta(days=1)
    )
    for enterprise in (valid, lapsed):
        Application.objects.create(round=round_, enterprise=enterprise, status="selected")
    event.vetting_round = round_
    event.save()
    assert services.booths_from_round(actor=center_staff, event=event) == 1
    assert list(event.booths.values_list("enterprise__name", flat=True)) == ["계속기업 (예시)"]
    page = client_for(center_staff).get(reverse("events:manage", args=[event.pk])).content.decode()
    assert "부스를 열 수 없는 선정 기업" in page and "만료기업 (예시)" in page
