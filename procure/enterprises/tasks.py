from django_tasks import task

from procure.enterprises.services import certifications_check_expiry


@task()
def check_certification_expiry() -> dict:
    """Expiry notices; run daily by `manage.py check_certification_expiry` from cron (docs/operations.md)."""
    return certifications_check_expiry()
