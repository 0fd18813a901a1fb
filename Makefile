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

test-browser: install-dev
	$(BIN)/pytest -q -m browser -p no:xdist

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules data/static
