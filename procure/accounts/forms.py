from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm

from procure.accounts.throttle import login_failure_record, login_failures_clear, login_is_blocked
from procure.core.client import client_address
from procure.core.forms import KrdsFormMixin


def client_ip(request) -> str:
    """Through trusted proxies only (core/client.py): behind the TLS proxy every user is not the proxy."""
    return client_address(request)


class ThrottledLoginForm(KrdsFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "아이디 또는 비밀번호가 맞지 않습니다. 다시 확인해 주세요.",
        "inactive": "사용이 중지된 계정입니다. 지원센터에 문의해 주세요.",
        "throttled": "로그인 실패가 여러 번 있어 잠시 로그인이 제한됩니다. %(minutes)s분 뒤에 다시 시도해 주세요.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "아이디"
        self.fields["password"].label = "비밀번호"

    def clean(self):
        username = self.data.get("username", "")
        ip = client_ip(self.request)
        if login_is_blocked(username=username, ip=ip):
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.LOGIN_THROTTLE_SECONDS // 60},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_failure_record(username=username, ip=ip)
            raise
        login_failures_clear(username=username, ip=ip)
        return cleaned


class KrdsPasswordChangeForm(KrdsFormMixin, PasswordChangeForm):
    pass


class KrdsPasswordResetForm(KrdsFormMixin, PasswordResetForm):
    pass


class KrdsSetPasswordForm(KrdsFormMixin, SetPasswordForm):
    pass
