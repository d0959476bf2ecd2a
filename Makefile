# Everything a fresh machine needs: `make run` serves the API, `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8080

.PHONY: run run-gcp-local web test lighthouse bench eval drill backup lint fmt clean emulators debian-test-packages i18n

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# firebase-tools (the Firebase Auth emulator), pinned in package-lock.json, under node_modules/
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

emulators: node_modules/.installed

# The web client (web/): its packages, pinned in web/package-lock.json, and its build, made again
# only when a source changed
web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

WEB_SOURCES := $(shell find web/src web/public web/scripts -type f 2>/dev/null) web/index.html web/api-docs.html \
	web/vite.config.ts web/tsconfig.json
web/dist/index.html: web/node_modules/.installed $(WEB_SOURCES)
	cd web && npm run --silent build
	touch $@

web: web/dist/index.html

run: $(VENV)/.installed web/dist/index.html
	PORT=$(PORT) GUNICORN_BIND=127.0.0.1:$(PORT) $(BIN)/gunicorn -c deploy/gunicorn.conf.py run:app

# Firestore, Pub/Sub and Firebase Auth emulators, the app with BACKEND=gcp, send_notification
run-gcp-local: $(VENV)/.installed node_modules/.installed web/dist/index.html
	PORT=$(PORT) $(BIN)/python -m tools.local_gcp

# Debian packages the tests run for real: Redis (shared rate-limit counters), Chromium and a font
# (the web client's browser tests; Playwright's own browser download cannot work here)
DEBIAN_TEST_PACKAGES := redis-server chromium fonts-dejavu-core
debian-test-packages:
	@dpkg -s $(DEBIAN_TEST_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $(DEBIAN_TEST_PACKAGES); }

test: $(VENV)/.installed node_modules/.installed web/dist/index.html debian-test-packages
	$(BIN)/ruff check .
	$(BIN)/mypy
	cd web && npm run --silent api-types:check && npm run --silent typecheck && npm test --silent
	$(BIN)/python -m pytest

# Benchmarks: figures, never pass/fail on timing (wrk comes from Debian's packages)
bench: $(VENV)/.installed web/dist/index.html
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python -m bench.run

# The recommender, turnout forecast and review sentiment measured offline on a synthetic community
# against baselines; writes docs/evaluation.md (about a minute)
eval: $(VENV)/.installed
	$(BIN)/python -m eval.run

# Lighthouse scores of the web client (events list, event page) against `make run` on a spare port
lighthouse: $(VENV)/.installed web/dist/index.html debian-test-packages
	$(BIN)/python -m tools.lighthouse

# Fault drills on a real gunicorn: PASS/FAIL with figures (the disk drill mounts a tmpfs: root)
drill: $(VENV)/.installed
	$(BIN)/python -m bench.drill

# The server's sentences (problem details, mails) gathered into app/i18n/locales/messages.pot and
# merged into each language's messages.po, where new ones wait for their translation (docs/languages.md)
i18n: $(VENV)/.installed
	$(BIN)/python -m app.i18n.catalogues

# Online backup of the SQLite files while `make run` serves (docs/operations.md)
backup: $(VENV)/.installed
	$(BIN)/python -m app.infra.backup $(BACKUP_DIR)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

fmt: $(VENV)/.installed
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules web/node_modules web/dist instance .pytest_cache .ruff_cache
