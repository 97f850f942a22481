"""The form renderer: Jinja2 for our forms (a form page renders in about two thirds of the time, docs/performance.md),
Django's template engine for the templates that exist only there — the admin's widgets (related_widget_wrapper,
the filtered select, the date pickers), so every admin add and change page renders."""

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property


class FormRenderer(Jinja2):
    @cached_property
    def _django_templates(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self._django_templates.get_template(template_name)
