import datetime

import pytest

from procure.events.models import Booth, ConsultationSlot, Event, EventStatus


@pytest.fixture
def event(db):
    return Event.objects.create(
        title="시험 공공구매 설명회",
        date=datetime.date(2099, 5, 28),
        starts_at=datetime.time(14),
        ends_at=datetime.time(17),
        venue="관악구청 대강당",
        capacity=2,
        status=EventStatus.OPEN,
    )


@pytest.fixture
def booth(event, enterprise_member):
    return Booth.objects.create(
        event=event, enterprise=enterprise_member.enterprise, number=1, capacity=1, categories=["PRINT"]
    )


@pytest.fixture
def slots(event):
    return [
        ConsultationSlot.objects.create(event=event, starts_at=datetime.time(15, m), ends_at=datetime.time(15, m + 20))
        for m in (0, 20)
    ]


def officer_fields(user, **extra) -> dict:
    fields = {
        "name": user.display_name,
        "email": user.email or f"{user.username}@example.org",
        "institution": user.institution,
        "department": user.department,
        "categories": ["PRINT"],
        "max_meetings": 2,
    }
    fields.update(extra)
    return fields
