"""A real PostgreSQL restart while people use the site: requests during the outage get the Korean 503 page (never
a 500), and the site answers again once the server is back, without restarting the app (issue 16).

It stops and starts the machine's PostgreSQL cluster, so it runs only where that is allowed: on PostgreSQL, with
PG_RESTART_TEST=1 (set by .ci/run for its own step, after the suite)."""

import os
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("PG_RESTART_TEST") != "1", reason="restarts the PostgreSQL server: set PG_RESTART_TEST=1"
    ),
]


def cluster(action: str) -> None:
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[0]
    command = ["/usr/bin/pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]
    subprocess.run(command, check=True, timeout=60)  # noqa: S603 (fixed arguments; the version is a directory name)


def wait_ready() -> None:
    for _ in range(60):
        if subprocess.run(["/usr/bin/pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode == 0:  # noqa: S603
            return
        time.sleep(0.5)
    raise AssertionError("PostgreSQL did not come back")


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (the test's own live server)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_requests_during_a_restart_get_a_korean_503_and_the_site_recovers(live_server, declared_units):
    assert connection.vendor == "postgresql"
    url = f"{live_server.url}/disclosure/"
    assert fetch(url)[0] == 200
    seen: list[tuple[float, int, str]] = []
    stop = threading.Event()

    def visitor():
        while not stop.is_set():
            status, body = fetch(url)
            seen.append((time.monotonic(), status, body))
            time.sleep(0.05)

    visitors = [threading.Thread(target=visitor) for _ in range(2)]
    for thread in visitors:
        thread.start()
    try:
        time.sleep(1)
        cluster("stop")
        down_until = time.monotonic() + 2
        time.sleep(2)
        cluster("start")
        wait_ready()
        time.sleep(3)
    finally:
        stop.set()
        for thread in visitors:
            thread.join(timeout=30)
        connections.close_all()  # this test's own connection died with the server
        wait_ready()
    statuses = [status for _, status, _ in seen]
    assert 500 not in statuses
    outage = [(status, body) for at, status, body in seen if status == 503]
    assert outage, "no request saw the outage"
    assert all("데이터베이스에 잠시 연결할 수 없습니다" in body or "잠시 후 다시" in body for _, body in outage)
    after = [status for at, status, _ in seen if at > down_until + 2]
    assert after and after[-1] == 200
    assert fetch(url)[0] == 200
