"""Tasks on a real queue (TASKS_QUEUE=redis): two RQ worker processes drain one queue on the machine's Redis,
every task runs exactly once, and both workers take part."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_TASKS_REDIS_URL", "redis://127.0.0.1:6379/14")
TASKS = 60
# In-process worker (no fork per task): the catalog analyser stays loaded between tasks, as in db_worker.
WORKER_OPTIONS = ["--job-class", "django_tasks_rq.Job", "--worker-class", "rq.worker.SimpleWorker"]

ENQUEUE = """
import sys
import django
django.setup()
from tests.core.queue_probe import note_run
for number in range(int(sys.argv[1])):
    note_run.enqueue(number, sys.argv[2])
"""


def queue_environment() -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TASKS_QUEUE": "redis",
        "TASKS_REDIS_URL": REDIS_URL,
        "SECRET_KEY": "queue-test",
        "DEBUG": "0",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)  # the probe task touches no database
    return env


@pytest.fixture
def queue():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("REQUIRE_REDIS"):  # CI: never skipped
            raise
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    client.flushdb()
    yield client
    client.flushdb()


def test_two_workers_drain_one_queue_without_running_a_task_twice(queue):
    log_key = f"queue-test:{uuid.uuid4().hex}"
    env = queue_environment()
    subprocess.run(  # noqa: S603 — our own interpreter and script
        [sys.executable, "-c", ENQUEUE, str(TASKS), log_key], env=env, cwd=ROOT, check=True, timeout=60
    )
    assert queue.llen("rq:queue:default") == TASKS

    # The documented production command (docs/operations.md), with --burst: stop once the queue is empty.
    worker = [sys.executable, "manage.py", "rqworker", *WORKER_OPTIONS, "--burst", "default"]
    popen = subprocess.Popen  # our own manage.py, nothing from outside
    workers = [popen(worker, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(2)]
    for process in workers:
        output, _ = process.communicate(timeout=120)
        assert process.returncode == 0, output.decode(errors="replace")[-2000:]

    runs = [entry.decode().split(":") for entry in queue.lrange(log_key, 0, -1)]
    numbers = sorted(int(number) for number, _ in runs)
    assert numbers == list(range(TASKS)), "every task ran exactly once"
    assert len({pid for _, pid in runs}) == 2, "both workers took tasks from the queue"
    assert queue.llen("rq:queue:default") == 0
