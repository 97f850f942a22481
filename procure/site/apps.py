from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The shell: home, menus, the manage hub, the import desk, notifications pages, seed_demo. The top floor:
    it may import every app; none imports it."""

    name = "procure.site"
    label = "site"
    verbose_name = "사이트"
