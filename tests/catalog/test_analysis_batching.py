"""Offerings saved in one transaction are analysed by one task (the demo seed used to queue 170 tasks, one per
offering); a transaction that rolls back queues nothing."""

import pytest
from django.db import transaction
from django_tasks.signals import task_enqueued

from procure.catalog.indexing import offerings_analyse_later

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued():
    """The arguments of every analysis task queued (whatever backend runs it)."""
    seen: list = []

    def record(sender, task_result, **kwargs):
        if task_result.task.name == "analyse_offerings":
            seen.append(task_result.args)

    task_enqueued.connect(record)
    yield seen
    task_enqueued.disconnect(record)


def test_offerings_saved_in_one_transaction_are_analysed_by_one_task(django_capture_on_commit_callbacks, queued):
    with django_capture_on_commit_callbacks(execute=True):
        offerings_analyse_later([3])
        offerings_analyse_later([1, 3])
        with transaction.atomic():
            offerings_analyse_later([2])
    assert queued == [[[1, 2, 3]]]


def test_a_transaction_that_rolls_back_queues_nothing_and_the_next_one_still_does(
    django_capture_on_commit_callbacks, queued
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            offerings_analyse_later([5])
            raise RuntimeError
        offerings_analyse_later([6])
    assert queued == [[[6]]]
