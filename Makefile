# Two commands do everything (see README): `make run` and `make test`.
# Each creates .venv with the machine's python3 (3.11 or newer) and installs what it needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := factcheck

.PHONY: run test lint format bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("factcheck needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

## run: SQLite in instance/, migrations, demo speech and accounts (printed), then serve on $(HOST):$(PORT)
run: $(VENV)/.installed
	$(BIN)/python -m factcheck.setup_instance
	$(BIN)/flask db upgrade
	$(BIN)/flask demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# The browser tests' tools from npm (axe-core), pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## lint: ruff (pinned), the formatting check and the layer contracts (import-linter, in pyproject.toml)
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

## test: lint, then the whole suite on SQLite and PostgreSQL, browser journeys included
test: lint node_modules/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## bench: print the benchmarks' figures (extraction and import, the workspace, the desk in Chromium, backup and restore); not tests
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/workspace.py
	$(BIN)/python benchmarks/browser.py
	$(BIN)/python benchmarks/backup.py

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .hypothesis
