import re

import pytest
from django.core import mail
from django.urls import reverse

from procure.core.models import Notification
from procure.core.services import notify


@pytest.mark.django_db(transaction=True)
def test_notify_writes_an_inbox_message_and_mails_it_through_the_task(buyer):
    notify(recipient=buyer, title="인증 만료 예정", body="60일 안에 만료됩니다.", link="/notifications/")
    notification = Notification.objects.get(recipient=buyer)
    assert notification.read_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [buyer.email]
    assert "인증 만료 예정" in mail.outbox[0].subject
    notification.refresh_from_db()
    assert notification.emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_notify_does_not_mail_a_user_without_an_address(buyer):
    buyer.email = ""
    buyer.save()
    notify(recipient=buyer, title="알림")
    assert mail.outbox == []


def test_the_bell_counts_unread_messages(client, buyer):
    Notification.objects.create(recipient=buyer, title="하나")
    Notification.objects.create(recipient=buyer, title="둘")
    client.force_login(buyer)
    page = client.get(reverse("site:home")).content.decode()
    bell = page[page.index('class="site-bell-count"') :]
    bell = bell[: bell.index("</span></span>")]
    assert re.sub(r"<[^>]+>", "", bell.split(">", 1)[1]) == "읽지 않은 알림 2건"  # what a screen reader says


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, buyer):
    notification = Notification.objects.create(recipient=buyer, title="확인", link="/accounts/me/")
    client.force_login(buyer)
    response = client.post(reverse("site:notification_open", args=[notification.pk]))
    assert response.url == "/accounts/me/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_notification_never_redirects_off_site(client, buyer):
    notification = Notification.objects.create(recipient=buyer, title="피싱", link="https://evil.example/")
    client.force_login(buyer)
    response = client.post(reverse("site:notification_open", args=[notification.pk]))
    assert response.url == reverse("site:inbox")


def test_a_user_cannot_open_someone_elses_notification(client, buyer, other_buyer):
    notification = Notification.objects.create(recipient=other_buyer, title="남의 알림")
    client.force_login(buyer)
    response = client.post(reverse("site:notification_open", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_inbox_shows_only_my_messages_paginated(client, buyer, other_buyer):
    Notification.objects.bulk_create([Notification(recipient=buyer, title=f"내 알림 {i}") for i in range(25)])
    Notification.objects.create(recipient=other_buyer, title="남의 알림")
    client.force_login(buyer)
    page = client.get(reverse("site:inbox")).content.decode()
    assert "남의 알림" not in page
    assert "전체 25건 중 1–20" in page
    assert "내 알림" in client.get(reverse("site:inbox") + "?page=2").content.decode()


def test_mark_all_read(client, buyer):
    Notification.objects.create(recipient=buyer, title="하나")
    client.force_login(buyer)
    client.post(reverse("site:notifications_read_all"))
    assert not Notification.objects.filter(recipient=buyer, read_at__isnull=True).exists()
