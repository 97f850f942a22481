"""gunicorn settings for production serving (`make serve`, docs/operations.md). Every value can be overridden
with the usual GUNICORN_CMD_ARGS or the environment variables named below."""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# CPU-bound pages (figures, search): about two workers per core; each holds its own search index.
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "sync"
# A request that takes longer than this is killed; imports run in the task worker, never in a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Refuse to start when the state every worker must share is out of reach (login limits, sessions,
    import progress): a limit kept per worker would let each worker grant its own attempts."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.cache import caches

    for name in ("default", "sessions", "progress"):
        try:
            caches[name].set("procure:startup-check", "ok", 10)
            assert caches[name].get("procure:startup-check") == "ok"
        except Exception as error:  # noqa: BLE001
            raise SystemExit(
                f"공유 캐시 '{name}'에 연결할 수 없어 시작하지 않습니다 (REDIS_URL 확인): {error!r}"
            ) from error
    from django.conf import settings

    if settings.TASKS_QUEUE == "redis":  # tasks enqueued by the web must reach the workers' queue
        import redis

        try:
            redis.Redis.from_url(settings.TASKS_REDIS_URL, socket_connect_timeout=3).ping()
        except Exception as error:  # noqa: BLE001
            raise SystemExit(
                f"작업 대기열(Redis)에 연결할 수 없어 시작하지 않습니다 (TASKS_REDIS_URL 확인): {error!r}"
            ) from error
