# Ujikom: `make run` to start, `make test` to test. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UJIKOM := $(BIN)/ujikom
HOST ?= 127.0.0.1
PORT ?= 8000
# Local runs are development runs unless DEBUG is set; production sets DEBUG=false and SECRET_KEY.
DEV := DEBUG=$${DEBUG:-true}

.PHONY: run test test-postgres test-browser install install-dev lint migrate demo messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements/base.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/dev.txt
	$(BIN)/pip install --quiet -r requirements/dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed messages
install-dev: $(VENV)/.installed-dev node_modules/.installed messages

# Compiles the .po translation catalogues (no GNU gettext needed).
messages: $(VENV)/.installed
	$(BIN)/python -m ujikom.core.i18n_compile locale

migrate: install
	$(DEV) $(UJIKOM) migrate --noinput

demo: migrate
	$(DEV) $(UJIKOM) demo --if-empty

run: demo
	$(DEV) $(UJIKOM) serve --host $(HOST) --port $(PORT)

test: install-dev
	$(BIN)/pytest -q -m "not browser" -n 2

test-postgres: install-dev
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ujikom} $(BIN)/pytest -q -m "not browser" -n 2

# Browser tests drive the system's Chromium (Debian: apt-get install chromium fonts-noto-core).
# A missing browser, or a run in which no browser test ran, is a failure here (not a skip).
CHROMIUM ?= /usr/bin/chromium
test-browser: install-dev
	@test -x "$(CHROMIUM)" || { echo "make test-browser: no Chromium at $(CHROMIUM); install it with: apt-get install chromium fonts-noto-core" >&2; exit 1; }
	@status=0; CHROMIUM="$(CHROMIUM)" UJIKOM_REQUIRE_BROWSER=1 $(BIN)/pytest -q -rs -m browser -p no:xdist || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test-browser: no browser test ran." >&2; exit 1; fi; \
	exit $$status

# Ruff (lint and format) and mypy with django-stubs; mypy imports the settings, hence DEBUG.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/mypy ujikom config

clean:
	rm -rf $(VENV) node_modules data/static
