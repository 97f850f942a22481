from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The shell: home, menus, the manage hub, the import desk, notifications pages, seed_demo. The top floor:
    it may import every app; none imports it."""

    name = "procure.site"
    label = "site"
    verbose_name = "사이트"

    def ready(self):
        from django.urls import reverse

        from procure.core import slots

        # The kernel's import jobs tell their uploader where to look without naming the shell's page.
        slots.provide_page("core.import_job", lambda pk: reverse("site:import_job", args=[pk]))
