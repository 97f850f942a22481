# Two commands on a fresh machine: `make run` (serve with demo data) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The task worker for the configured queue (TASKS_QUEUE: database, the default, or redis — docs/operations.md).
ifeq ($(TASKS_QUEUE),redis)
WORKER := $(PY) manage.py rqworker --job-class django_tasks_rq.Job --worker-class rq.worker.SimpleWorker default
else
WORKER := $(PY) manage.py db_worker
endif

.PHONY: setup run serve test lint format lock worker collectstatic
.DEFAULT_GOAL := run

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: setup
	mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@echo "http://127.0.0.1:8000/ 에서 사이트가 열립니다 (종료: Ctrl+C). 백그라운드 작업자(db_worker)도 함께 실행합니다."
	DEBUG=1 $(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# Production-like, locally: DEBUG off, collected static files, gunicorn (config/gunicorn.conf.py) with the
# task worker beside it. The secret key is made once and kept in var/secret-key.
serve: setup
	mkdir -p var
	test -s var/secret-key || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret-key
	export SECRET_KEY="$$(cat var/secret-key)" ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}"; \
	  $(PY) manage.py migrate --noinput && \
	  $(PY) manage.py collectstatic --noinput -v0 && \
	  $(PY) manage.py recover_stalled_tasks && \
	  { $(WORKER) & worker=$$!; \
	    trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	    $(VENV)/bin/gunicorn -c config/gunicorn.conf.py config.wsgi; }

worker: setup
	$(WORKER)

# pytest exits 5 when it collects no tests; that is not a failure of the suite.
test: setup
	mkdir -p var
	$(PY) -m pytest $(PYTEST_ARGS); status=$$?; if [ $$status -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$status

# Types where mistakes cost money (pyproject.toml [tool.mypy]): the ledger's write path, money, the calendar.
MYPY_FILES := procure/core/money.py procure/core/slots.py procure/core/calendar.py \
  procure/ledger/writer.py procure/ledger/reconcile.py procure/ledger/rollups.py procure/ledger/keys.py \
  procure/ledger/units.py procure/ledger/services.py procure/ledger/selectors.py procure/ledger/rules.py \
  procure/ledger/bulk.py \
  procure/enterprises/services.py procure/enterprises/selectors.py procure/vetting/services.py \
  procure/vetting/selectors.py procure/catalog/services.py procure/institutions/services.py \
  procure/institutions/selectors.py procure/accounts/services.py procure/core/services.py \
  procure/buying/services.py procure/buying/selectors.py procure/core/feedback.py \
  procure/api/services.py procure/events/selectors.py procure/events/services.py procure/g2b/selectors.py \
  procure/g2b/services.py procure/guides/services.py procure/insights/selectors.py procure/insights/services.py \
  procure/performance/selectors.py procure/performance/services.py procure/surveys/selectors.py \
  procure/surveys/services.py

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy $(MYPY_FILES)

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

collectstatic: setup
	$(PY) manage.py collectstatic --noinput

# Re-pin the whole dependency tree after changing pyproject.toml.
lock:
	rm -rf /tmp/procure-lock && $(PYTHON) -m venv /tmp/procure-lock
	$(PYTHON) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
	  print('\\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))" > /tmp/procure-lock/direct.txt
	/tmp/procure-lock/bin/pip install --quiet -r /tmp/procure-lock/direct.txt
	/tmp/procure-lock/bin/pip freeze > requirements.lock
