"""Settings, read from environment variables (see README "설정").

Only configuration lives here; behaviour belongs in the apps under ``procure/``.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
NODE_MODULES = BASE_DIR / "node_modules"

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set unless DEBUG=1")
    SECRET_KEY = "insecure-development-key-only-for-DEBUG"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Open data (docs/formats.md §7): the OCDS ocid prefix (register one with the Open Contracting Partnership before
# publishing for real), the publisher's name and the licence (공공누리 제1유형: 출처표시).
OCDS_OCID_PREFIX = env_str("OCDS_OCID_PREFIX", "ocds-gw4nak")
OCDS_PUBLISHER = env_str("OCDS_PUBLISHER", "서울특별시 관악구")
OPEN_DATA_LICENSE_NAME = env_str("OPEN_DATA_LICENSE_NAME", "공공누리 제1유형 (출처표시)")
OPEN_DATA_LICENSE_URL = env_str("OPEN_DATA_LICENSE_URL", "https://www.kogl.or.kr/info/licenseType1.do")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API docs page uses its bundled Swagger UI files (no CDN)
    "procure.core",
    "procure.accounts",
    "procure.institutions",
    "procure.enterprises",
    "procure.catalog",
    "procure.vetting",
    "procure.ledger",
    "procure.performance",
    "procure.g2b",
    "procure.buying",
    "procure.guides",
    "procure.events",
    "procure.surveys",
    "procure.api",
    "procure.insights",
    "procure.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "procure.core.middleware.ContentSecurityPolicyMiddleware",
    "procure.api.middleware.ApiConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "procure.core.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "procure.site.context_processors.site",
            ],
            "builtins": [
                "django.contrib.humanize.templatetags.humanize",
                "procure.core.templatetags.korean",
                "procure.enterprises.templatetags.enterprise_types",
            ],
        },
    }
]
# Form widgets render through Jinja2 (Django ships the same widget markup for it): a form page renders in about
# two thirds of the time (docs/performance.md). Our own widget templates live in procure/core/jinja2/.
FORM_RENDERER = "procure.core.renderers.FormRenderer"  # Jinja2, and Django templates for the admin's widgets

if not env_str("DATABASE_URL"):
    VAR_DIR.mkdir(exist_ok=True)
# Connections are kept between requests (a new PostgreSQL connection per request cost a third of the web rate,
# docs/performance.md) and checked before reuse, so a restarted database server is reconnected to on the next request.
DB_CONN_MAX_AGE = env_int("DB_CONN_MAX_AGE", 60)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'procure.sqlite3'}",
        conn_max_age=DB_CONN_MAX_AGE,
        conn_health_checks=DB_CONN_MAX_AGE > 0,
    )
}
# A read replica for dashboards (procure/core/replica.py): a PostgreSQL standby of the same database.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=DB_CONN_MAX_AGE, conn_health_checks=DB_CONN_MAX_AGE > 0
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
READ_REPLICA = env_bool("READ_REPLICA", "replica" in DATABASES)
DATABASE_ROUTERS = ["procure.core.replica.ReplicaRouter"]
USES_SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
if USES_SQLITE:
    # WAL lets the web process read while the worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    # How long a write waits for another writer (an import holds the lock while it applies).
    DATABASES["default"]["OPTIONS"]["timeout"] = env_int("SQLITE_TIMEOUT_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:my_work"
LOGOUT_REDIRECT_URL = "site:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins allowed per account and per client address before a pause.
LOGIN_THROTTLE_ATTEMPTS = env_int("LOGIN_THROTTLE_ATTEMPTS", 5)
LOGIN_THROTTLE_ATTEMPTS_PER_ADDRESS = env_int("LOGIN_THROTTLE_ATTEMPTS_PER_ADDRESS", 50)
LOGIN_THROTTLE_SECONDS = env_int("LOGIN_THROTTLE_SECONDS", 15 * 60)
# Event registration without an account (events/throttle.py): attempts per client address and per event in an
# hour; the registration holds no seat until the link in its mail is followed, within CONFIRM_HOURS.
EVENT_REGISTRATIONS_PER_ADDRESS = env_int("EVENT_REGISTRATIONS_PER_ADDRESS", 10)
EVENT_REGISTRATIONS_PER_EVENT = env_int("EVENT_REGISTRATIONS_PER_EVENT", 60)
EVENT_REGISTRATION_CONFIRM_HOURS = env_int("EVENT_REGISTRATION_CONFIRM_HOURS", 24)
# Wrong API tokens (api/api.py) per client address in a minute before tokens from it are refused with 429.
API_TOKEN_FAILURES_PER_ADDRESS = env_int("API_TOKEN_FAILURES_PER_ADDRESS", 10)
# An import phase whose worker has not beaten its heartbeat (every 5 s) for this long is declared failed.
IMPORT_LEASE_SECONDS = env_int("IMPORT_LEASE_SECONDS", 60)
# Imports' disk and time (issue 26 §4, docs/operations.md "Import jobs"): a check's CPU budget before the file is
# refused as too complex; the errors kept for download; each person's jobs waiting for the worker (count, bytes);
# days a finished job's uploaded file and error list are kept (`purge_import_files`).
IMPORT_CHECK_CPU_SECONDS = env_int("IMPORT_CHECK_CPU_SECONDS", 120)
IMPORT_ERRORS_FILE_ROWS = env_int("IMPORT_ERRORS_FILE_ROWS", 5000)
IMPORT_PENDING_JOBS_PER_USER = env_int("IMPORT_PENDING_JOBS_PER_USER", 3)
IMPORT_PENDING_BYTES_PER_USER = env_int("IMPORT_PENDING_BYTES_PER_USER", 150 * 1024 * 1024)
IMPORT_RETENTION_DAYS = env_int("IMPORT_RETENTION_DAYS", 30)

REDIS_URL = env_str("REDIS_URL")
# The catalog search index's files (catalog/search_index.py): built once per catalog version on each machine
# and memory-mapped by every process there. A local disk; not backed up (rebuilt from the database).
SEARCH_INDEX_DIR = env_str("SEARCH_INDEX_DIR") or str(VAR_DIR / "search-index")


def _shared_cache(name: str) -> dict:
    """A cache every process sees: Redis when REDIS_URL is set (required with several machines), otherwise
    files under var/ (every process of one machine). Never per-process memory: login limits, sessions and
    import progress must hold across web workers and the task worker."""
    if REDIS_URL:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": name}
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache" / name,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }


CACHES = {
    # Login limits (accounts/throttle.py), cached figures, the synonym list.
    "default": _shared_cache("default"),
    # Progress and heartbeats of background imports: written by the worker outside the import's transaction.
    "progress": _shared_cache("progress"),
    "sessions": _shared_cache("sessions"),
}
if USES_SQLITE:
    # SQLite has one writer at a time and an import holds it while it applies: sessions live outside the
    # database so that signing in never waits for an import (accounts.apps: last_login is best effort).
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = "sessions"

LANGUAGE_CODE = "ko-kr"
LANGUAGES = [("ko", "한국어")]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages are installed with `npm ci` and served from here; nothing loads from a CDN.
# krds-uiux's component.css points its icons at ../../img/img/component/icon/…, while the files
# sit at resources/img/component/icon/…; the "krds/img/img" prefix maps that path.
STATICFILES_DIRS = [
    ("krds/css", NODE_MODULES / "krds-uiux/resources/css"),
    ("krds/fonts", NODE_MODULES / "krds-uiux/resources/fonts"),
    ("krds/img", NODE_MODULES / "krds-uiux/resources/img"),
    # A distinct string for the same folder: the finder keys its storages by root.
    ("krds/img/img", f"{NODE_MODULES / 'krds-uiux/resources/img'}/"),
    ("vendor/htmx", NODE_MODULES / "htmx.org/dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js/dist"),
    ("vendor/pretendard", NODE_MODULES / "pretendard/dist/web/variable"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str("STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "관악구 사회적경제 공공구매 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Where background tasks wait: "database" (django-tasks-db: a district on one machine, `manage.py db_worker`) or
# "redis" (django-tasks-rq: RQ workers on any number of machines, `manage.py rqworker --job-class
# django_tasks_rq.Job default`). Redis holds the queue only; results expire after a day (docs/operations.md).
TASKS_QUEUE = env_str("TASKS_QUEUE", "database")
if TASKS_QUEUE not in {"database", "redis"}:
    raise ImproperlyConfigured("TASKS_QUEUE must be 'database' or 'redis'")
TASKS_REDIS_URL = env_str("TASKS_REDIS_URL") or REDIS_URL or "redis://127.0.0.1:6379/0"
RQ_QUEUES = {"default": {"URL": TASKS_REDIS_URL, "DEFAULT_TIMEOUT": env_int("TASKS_TIMEOUT_SECONDS", 3 * 60 * 60)}}
if TASKS_QUEUE == "redis":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]  # the rqworker command and the backend
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django_tasks_rq.RQBackend" if TASKS_QUEUE == "redis" else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}

# Public data collected into the ledger (procure/g2b, docs/operations.md "나라장터·종합쇼핑몰 자료 모으기"): the
# data.go.kr service key (일반 인증키, as issued — the collector encodes it) and the services' addresses.
DATA_GO_KR_SERVICE_KEY = env_str("DATA_GO_KR_SERVICE_KEY", "")
G2B_CONTRACT_URL = env_str("G2B_CONTRACT_URL", "https://apis.data.go.kr/1230000/ao/CntrctInfoService")
G2B_MALL_URL = env_str("G2B_MALL_URL", "https://apis.data.go.kr/1230000/at/ShoppingMallPrdctInfoService")
# The odcloud services the registry reads with the same key (procure/enterprises/odcloud.py): the ministry's certified
# social enterprise list and the tax service's 사업자등록 상태조회.
ODCLOUD_URL = env_str("ODCLOUD_URL", "https://api.odcloud.kr/api")

# Security defaults; cookies are marked Secure everywhere but in local DEBUG runs over http.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 30)
# Off unless the district's domain is HTTPS everywhere (subdomains) and it wants the browsers' preload list.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies stand in front of the server and append to X-Forwarded-For (core/client.py): the client's address
# for login throttling, rate limits and the audit is read through them only. 0: the server faces the clients.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Support-centre contact shown on the home page and in mails (set per deployment).
SUPPORT_CENTER = {
    "name": env_str("SUPPORT_CENTER_NAME", "관악구 사회적경제통합지원센터"),
    "phone": env_str("SUPPORT_CENTER_PHONE", "02-000-0000 (예시)"),
    "email": env_str("SUPPORT_CENTER_EMAIL", "center@example.org"),
    "address": env_str("SUPPORT_CENTER_ADDRESS", "서울특별시 관악구 (예시 주소)"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_one_line": {"()": "procure.core.logfilters.ForbiddenWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (DEBUG only) and mail handler would write each record a second time;
        # Django's records go to the one console handler, and a 403 is one line without a traceback.
        "django": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO"), "propagate": False},
        "django.request": {"filters": ["forbidden_one_line"]},
    },
}
