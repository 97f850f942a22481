"""Background work of the registry: the weekly 사업자 상태 check and the list check from the API (cron runs the
commands; the pages' buttons enqueue these)."""

from django_tasks import task

from procure.core.services import audit
from procure.enterprises import business_status
from procure.enterprises.odcloud import OdcloudError


@task()
def check_business_status_weekly() -> None:
    try:
        counts = business_status.check_all()
    except OdcloudError as error:
        audit(actor=None, action="enterprises.business_status.failed", after={"message": str(error)})
        return
    audit(actor=None, action="enterprises.business_status.checked", after=counts)


@task()
def check_social_enterprise_list_task(actor_id: int | None = None) -> None:
    from django.contrib.auth import get_user_model

    from procure.enterprises import registry_check

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    try:
        registry_check.fetch_and_check(actor=actor)
    except OdcloudError as error:
        audit(actor=actor, action="enterprises.registry_list.failed", after={"message": str(error)})
