# Quick start: `make run` (serve with seed content) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser install install-test install-browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test,browser]"
	touch $@

$(VENV)/.installed-browser: pyproject.toml $(VENV)/.installed-test
	$(BIN)/pip install --quiet -e ".[test,browser]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-browser: $(VENV)/.installed-browser

## Install, migrate, import the seed article, create the demo editor, serve on http://$(HOST):$(PORT)/ with a worker
run: install
	DEBUG=on $(BIN)/python manage.py migrate --noinput
	DEBUG=on $(BIN)/python manage.py import_seeds
	DEBUG=on $(BIN)/python manage.py create_demo_editor
	@echo "Development mode over plain HTTP (DEBUG on, runserver). For production see README: gunicorn, DEBUG off, HTTPS."
	@echo "A background worker (webhooks, scheduled events, CDN purges) runs beside the server: manage.py db_worker."
	DEBUG=on $(BIN)/python manage.py db_worker & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
		DEBUG=on $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Install the test extra and run the whole suite (DATABASE_URL selects PostgreSQL)
test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## The browser tests alone (tests/browser: Playwright with Debian's Chromium at /usr/bin/chromium, never downloaded)
test-browser: install-browser
	$(BIN)/python -m pytest -m browser tests/browser $(PYTEST_ARGS)

## Benchmark the public endpoints under gunicorn (README, "Benchmark"); e.g. BENCH_ARGS="--articles 100000"
.PHONY: bench
bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)
