# Everything a fresh machine needs: `make run` serves the API, `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8080

.PHONY: run run-gcp-local test bench drill backup lint fmt clean emulators debian-test-packages

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

run: $(VENV)/.installed
	PORT=$(PORT) GUNICORN_BIND=127.0.0.1:$(PORT) $(BIN)/gunicorn -c deploy/gunicorn.conf.py run:app

# Firestore, Pub/Sub and Firebase Auth emulators, the app with BACKEND=gcp, send_notification
run-gcp-local: $(VENV)/.installed node_modules/.installed
	PORT=$(PORT) $(BIN)/python -m deploy.local_gcp

# Debian packages the tests run for real: Redis (shared rate-limit counters)
DEBIAN_TEST_PACKAGES := redis-server
debian-test-packages:
	@command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq $(DEBIAN_TEST_PACKAGES); }

test: $(VENV)/.installed node_modules/.installed debian-test-packages
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# Benchmarks: figures, never pass/fail on timing (wrk comes from Debian's packages)
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python -m bench.run

# Fault drills on a real gunicorn: PASS/FAIL with figures (the disk drill mounts a tmpfs: root)
drill: $(VENV)/.installed
	$(BIN)/python -m bench.drill

# Online backup of the SQLite files while `make run` serves (docs/operations.md)
backup: $(VENV)/.installed
	$(BIN)/python -m app.infra.backup $(BACKUP_DIR)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

fmt: $(VENV)/.installed
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules instance .pytest_cache .ruff_cache
