from django.apps import AppConfig


class G2bConfig(AppConfig):
    name = "procure.g2b"
    verbose_name = "나라장터·종합쇼핑몰 자료"
