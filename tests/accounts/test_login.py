import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


def test_login_with_correct_password_lands_on_next_page(client, buyer):
    response = client.post(
        reverse("accounts:login"), {"username": buyer.username, "password": PASSWORD, "next": "/accounts/me/"}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/me/"


def test_wrong_password_shows_a_korean_error(client, buyer):
    response = client.post(reverse("accounts:login"), {"username": buyer.username, "password": "wrong-password"})
    assert response.status_code == 200
    assert "아이디 또는 비밀번호가 맞지 않습니다" in response.content.decode()


def test_login_is_paused_after_repeated_failures_even_with_the_right_password(client, buyer, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": buyer.username, "password": "wrong-password"})
    response = client.post(reverse("accounts:login"), {"username": buyer.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "잠시 로그인이 제한됩니다" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_account_count(client, buyer, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": buyer.username, "password": "wrong-password"})
    client.post(reverse("accounts:login"), {"username": buyer.username, "password": PASSWORD})
    client.logout()
    client.post(reverse("accounts:login"), {"username": buyer.username, "password": "wrong-password"})
    response = client.post(reverse("accounts:login"), {"username": buyer.username, "password": PASSWORD})
    assert response.status_code == 302


def test_logout_needs_post(client, buyer):
    client.force_login(buyer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
def test_password_reset_mails_a_link_that_sets_a_new_password(client, buyer):
    client.post(reverse("accounts:password_reset"), {"email": buyer.email})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "비밀번호 재설정" in mail.outbox[0].subject
    link = next(line for line in body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1].strip()
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "새비밀번호-관악-2026", "new_password2": "새비밀번호-관악-2026"},
    )
    buyer.refresh_from_db()
    assert buyer.check_password("새비밀번호-관악-2026")


def test_password_change_refuses_a_weak_password_in_korean(client, buyer):
    client.force_login(buyer)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "비밀번호" in response.content.decode()
    buyer.refresh_from_db()
    assert buyer.check_password(PASSWORD)


def test_one_address_trying_many_accounts_is_paused(client, buyer, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS_PER_ADDRESS = 4
    for n in range(4):
        client.post(reverse("accounts:login"), {"username": f"guess{n}", "password": "wrong-password"})
    response = client.post(reverse("accounts:login"), {"username": buyer.username, "password": PASSWORD})
    assert "잠시 로그인이 제한됩니다" in response.content.decode()


def test_look_alike_usernames_share_one_limit(client, make_user, settings):
    """Fullwidth letters, case and spaces name the same account to authentication, so to the limit too."""
    from procure.accounts.models import Role

    officer = make_user(Role.BUYER, username="officer002")
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    for variant in ["ｏfficer002", "OFFICER002", " officer002 "]:
        client.post(reverse("accounts:login"), {"username": variant, "password": "wrong-password"})
    response = client.post(reverse("accounts:login"), {"username": officer.username, "password": PASSWORD})
    assert "잠시 로그인이 제한됩니다" in response.content.decode()
    assert "_auth_user_id" not in client.session
