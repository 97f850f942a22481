"""A real PostgreSQL restart while people use the site: requests during the outage get the Korean 503 page (never
a 500), and the site answers again once the server is back, without restarting the app (issue 16).

It stops and starts the machine's PostgreSQL cluster, so it runs only where that is allowed: on PostgreSQL, with
PG_RESTART_TEST=1 (set by .ci/run for its own step, after the suite)."""

import os
import subprocess
import sys
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


def test_the_production_server_keeps_its_connection_and_replaces_it_after_a_restart(declared_units, tmp_path):
    """gunicorn with production settings keeps one connection per worker between requests (DB_CONN_MAX_AGE) and
    checks it before reuse: after the restart the kept connection is dead, and the next request opens a new one.
    (The live server of the test above closes its connections after every request, so it cannot show this.)"""
    import socket

    database = connection.settings_dict
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "DEBUG": "0",
        "SECRET_KEY": "restart-test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DB_CONN_MAX_AGE": "60",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    root = Path(__file__).resolve().parents[2]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [str(gunicorn), "-c", "config/gunicorn.conf.py", "config.wsgi"], cwd=root, env=env, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}/disclosure/"

    def app_connections() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0]

    try:
        for _ in range(60):
            try:
                if fetch(url)[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError((tmp_path / "gunicorn.log").read_text()[-2000:])
        assert fetch(url)[0] == 200
        assert app_connections() == 1  # the worker's connection is kept between requests
        connections.close_all()
        cluster("stop")
        try:
            status, body = fetch(url)
            assert status == 503 and "잠시 후 다시" in body
        finally:
            cluster("start")
            wait_ready()
        time.sleep(1)
        assert fetch(url)[0] == 200  # the dead connection was replaced, without restarting the server
        assert app_connections() == 1
    finally:
        server.terminate()
        server.wait(timeout=30)
        connections.close_all()
