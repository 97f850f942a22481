from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy

from procure.accounts.forms import (
    KrdsPasswordChangeForm,
    KrdsPasswordResetForm,
    KrdsSetPasswordForm,
    ThrottledLoginForm,
)
from procure.accounts.permissions import can_change_own_password
from procure.core.access import access, public

login = access(public)(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=ThrottledLoginForm, redirect_authenticated_user=True
    )
)
# Logout is POST-only (a link cannot sign someone out); anyone may post it.
logout = access(public)(auth_views.LogoutView.as_view())

password_change = access(can_change_own_password)(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        form_class=KrdsPasswordChangeForm,
        success_url=reverse_lazy("accounts:password_change_done"),
    )
)
password_change_done = access(can_change_own_password)(
    auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
)
password_reset = access(public)(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        form_class=KrdsPasswordResetForm,
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = access(public)(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = access(public)(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        form_class=KrdsSetPasswordForm,
        success_url=reverse_lazy("accounts:password_reset_complete"),
    )
)
password_reset_complete = access(public)(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)


@access(can_change_own_password)
def profile(request):
    return render(request, "accounts/profile.html", {"member": request.user})
