from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "procure.accounts"
    verbose_name = "회원"

    def ready(self):
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from procure.accounts.services import last_login_record

        # Django's own receiver waits for the database's write lock; ours never makes a sign-in wait.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(last_login_record, dispatch_uid="procure_last_login")
