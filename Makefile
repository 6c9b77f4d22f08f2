# Two commands do everything from a fresh clone:
#   make demo   set up, migrate and serve the demo deployment on embedded SQLite
#   make test   set up and run every test (SQLite, then PostgreSQL) and the linter
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PACKAGES := core admin $(sort $(dir $(wildcard plugins/*/pyproject.toml)))
STAMP := $(VENV)/.installed
DEMO := deployments/demo.toml
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: setup browser demo test test-sqlite test-postgres lint clean

setup: $(STAMP) browser

# Browser tests drive Debian's chromium (never a downloaded browser build).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

$(STAMP): requirements-dev.txt $(foreach p,$(PACKAGES),$(p)/pyproject.toml)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt $(foreach p,$(PACKAGES),-e $(p))
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/gezinsroute -d $(DEMO) db upgrade
	$(BIN)/gezinsroute -d $(DEMO) demo-data --if-empty
	$(BIN)/gezinsroute -d $(DEMO) serve

lint: setup
	$(BIN)/ruff check core admin plugins tests

test-sqlite: setup
	$(BIN)/python -m pytest -q

test-postgres: setup
	GEZINSROUTE_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest -q

test: lint test-sqlite test-postgres

clean:
	rm -rf $(VENV) instance

# Benchmarks against the measured floors (not part of `make test`): builds or reuses the M-tier
# database (SQLite and PostgreSQL gz_bench), serves it with gunicorn and prints ratios; see docs/performance.md.
BENCH_ARGS ?= --size M --seed 2026
bench: setup
	$(BIN)/python -m bench.run $(BENCH_ARGS)
