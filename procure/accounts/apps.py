from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "procure.accounts"
    verbose_name = "회원"
