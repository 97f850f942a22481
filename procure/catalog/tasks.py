from django_tasks import task

from procure.catalog.indexing import offerings_analyse
from procure.core.task_recovery import rerunnable


@rerunnable  # analysing an offering twice writes the same terms
@task()
def analyse_offerings(offering_ids: list[int]) -> None:
    """The analyser's terms for offerings edited on the web (runs in the task worker)."""
    offerings_analyse(ids=offering_ids)
