"""Issue 26 §8: an event dated 9999-12-31 gave a 500. Event dates are bounded in the form, in Korean."""

import pytest
from django.urls import reverse

from procure.accounts.models import Role
from procure.events.models import Event

pytestmark = pytest.mark.django_db


def event_form(date: str) -> dict:
    return {
        "title": "먼 미래 설명회",
        "kind": Event._meta.get_field("kind").default or Event._meta.get_field("kind").choices[0][0],
        "date": date,
        "starts_at": "14:00",
        "ends_at": "16:00",
        "venue": "관악구청",
        "capacity": 10,
        "default_max_meetings": 1,
        "status": "draft",
        "consent_text": "개인정보 수집에 동의합니다.",
    }


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01"])
def test_an_event_date_out_of_range_is_refused_in_korean_and_nothing_saved(client, center_staff, date):
    client.force_login(center_staff)
    response = client.post(reverse("events:new"), event_form(date))
    assert response.status_code == 200
    assert "행사 날짜는 2000.01.01부터 2100.12.31 사이로 입력해 주세요." in response.content.decode()
    assert not Event.objects.exists()


def test_a_date_in_range_is_saved_and_the_picker_is_told_the_range(client, center_staff):
    client.force_login(center_staff)
    page = client.get(reverse("events:new")).content.decode()
    assert 'min="2000-01-01"' in page and 'max="2100-12-31"' in page
    response = client.post(reverse("events:new"), event_form("2100-12-31"))
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    for name in ("events:manage", "events:detail", "events:list"):
        args = [] if name == "events:list" else [event.pk]
        assert client.get(reverse(name, args=args)).status_code == 200


def test_only_program_staff_create_events(client, make_user):
    client.force_login(make_user(Role.BUYER, username="oscar_officer"))
    assert client.post(reverse("events:new"), event_form("2030-05-01")).status_code == 403
    assert not Event.objects.exists()
