"""Settings for pytest: the real settings plus fast hashing and tasks run inline."""

import os
import tempfile

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_COOKIES = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
MEDIA_ROOT = tempfile.mkdtemp(prefix="procure-test-media-")
SEARCH_INDEX_DIR = tempfile.mkdtemp(prefix="procure-test-search-index-")
CACHES = {  # one process: memory is shared enough, and every test starts from a clean slate
    name: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}
    for name in CACHES  # noqa: F405
}
if USES_SQLITE:  # noqa: F405
    # A file, as in production (WAL, one writer): tests with threads see one database, as processes would.
    # One file per test run (pytest's process): two runs at once on one machine never share a test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-procure-{os.getpid()}.sqlite3")}  # noqa: F405

# Tests open a connection per request as before: a kept connection in a live server's thread would outlive the test
# database. tests/core/test_postgresql_restart.py turns keeping (and the health check) back on, as in production.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # noqa: F405

# A second alias on the same database stands in for a read replica (tests/core/test_replica.py turns it on).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
READ_REPLICA = False
