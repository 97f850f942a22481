"""Settings come from the environment and fail loudly on values they cannot read."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def test_env_bool_reads_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False


def test_env_bool_refuses_a_typo(monkeypatch):
    monkeypatch.setenv("FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")


def test_env_int_refuses_text(monkeypatch):
    monkeypatch.setenv("NUMBER", "five")
    with pytest.raises(ImproperlyConfigured, match="NUMBER"):
        env_int("NUMBER", 5)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]


def _check_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_unless_debug():
    refused = _check_settings()
    assert refused.returncode != 0
    assert "SECRET_KEY must be set" in refused.stderr
    assert _check_settings(DEBUG="1").returncode == 0


def test_database_defaults_to_sqlite_under_var_and_follows_database_url():
    assert _check_settings(DEBUG="1").stdout.strip() == "django.db.backends.sqlite3"
    postgres = _check_settings(DEBUG="1", DATABASE_URL="postgres://u@127.0.0.1:5432/x")
    assert postgres.stdout.strip() == "django.db.backends.postgresql"


def test_check_deploy_reports_only_the_documented_choices():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 30 + "production-like-secret-key-for-the-check-0123456789",
        "ALLOWED_HOSTS": "procure.example",
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy"], cwd=root, env=env, capture_output=True, text=True
    )
    found = set(__import__("re").findall(r"\(security\.(W\d+)\)", done.stdout + done.stderr))
    assert found <= {"W005", "W008", "W021"}, done.stdout + done.stderr


def test_gunicorn_refuses_to_start_when_the_shared_state_is_out_of_reach():
    """The start-up check (config/gunicorn.conf.py): a Redis that does not answer stops the server with a
    Korean reason, for the shared caches and for the task queue."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    script = "import runpy; runpy.run_path('config/gunicorn.conf.py')['on_starting'](None)"
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0", "SECRET_KEY": "x" * 50}
    base.pop("DATABASE_URL", None)
    nowhere = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    for extra, message in (
        ({"REDIS_URL": nowhere}, "공유 캐시"),
        ({"TASKS_QUEUE": "redis", "TASKS_REDIS_URL": nowhere}, "작업 대기열(Redis)"),
    ):
        done = subprocess.run(  # noqa: S603 — our own interpreter and config
            [sys.executable, "-c", script], cwd=root, env={**base, **extra}, capture_output=True, text=True
        )
        assert done.returncode != 0 and message in done.stderr, done.stderr[-1000:]
