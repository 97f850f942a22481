"""A task for the two-worker queue test: it notes in Redis which worker ran which number (nothing else)."""

import os
import time

import redis
from django.conf import settings
from django_tasks import task


@task()
def note_run(number: int, log_key: str) -> None:
    time.sleep(0.02)  # long enough for two workers to contend for the queue
    redis.Redis.from_url(settings.TASKS_REDIS_URL).rpush(log_key, f"{number}:{os.getpid()}")
