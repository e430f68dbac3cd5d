# The README's targets: `make demo` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= sqlite:///$(CURDIR)/.demo/watchlist.db

.PHONY: demo demo-postgres test lint typecheck pytest compiled bench bench-api sysdeps clean

# PyICU compiles against the system ICU; a fresh machine may lack its headers. The web UI's
# tests drive the system Chromium, with fonts for Han and Hangul (scripts/browser.sh).
sysdeps:
	@bash scripts/sysdeps.sh
	@bash scripts/browser.sh

$(STAMP): pyproject.toml | sysdeps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,postgres,api,ui,spark]'
	touch $(STAMP)

# The hot modules are C extensions built by mypyc (setup.py; src/watchlist/compiled.py lists
# them), beside their sources in src/. An extension older than its source is not run (the
# source is, with a warning): this rebuilds them when one is missing or older than its source,
# or left over from a module no longer compiled (which would fail to import).
# Then the interpreted modules' bytecode is written beside them, as pip does for a package it
# installs (an editable install's sources get none): a process started where
# PYTHONDONTWRITEBYTECODE is set otherwise compiles some forty of them at each start, 0.1-0.15 s
# of every CLI call. A source changed since is compiled again in memory, as it would be anyway.
compiled: $(STAMP)
	@$(BIN)/python -m watchlist.compiled 2>/dev/null || \
		{ find src -name '*.so' -delete && $(BIN)/pip install --quiet --no-deps -e . ; }
	@$(BIN)/python -m compileall -q src/watchlist > /dev/null

demo: $(STAMP) compiled
	@mkdir -p .demo && rm -f .demo/watchlist.db
	WATCHLIST_DB=$(DEMO_DB) $(BIN)/python -m watchlist.demo

# The demo on a throwaway PostgreSQL server, stopped and removed at the end.
demo-postgres: $(STAMP)
	bash scripts/pg.sh run -- sh -c 'WATCHLIST_DB="$$WATCHLIST_PG_URL" $(BIN)/python -m watchlist.demo'

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy --strict

# Every store test runs on SQLite and on PostgreSQL: tests/conftest.py starts a throwaway server
# with scripts/pg.sh (apt-get installs PostgreSQL when missing), or uses WATCHLIST_TEST_PG_URL.
# --dist loadgroup: the Spark tests (one xdist_group) share one Spark session on one worker.
PYTEST_WORKERS ?= 2
# WATCHLIST_EXPECT_COMPILED: tests/test_compiled.py fails if the extensions are not in use.
pytest: $(STAMP) compiled
	WATCHLIST_EXPECT_COMPILED=1 $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

test: lint typecheck pytest

# Figures, not tests: import time and memory, screening throughput and latency, re-screening
# after a daily release, and SQLite beside PostgreSQL. The screening benchmark on real variants
# is ../shared/bench/screenbench.py (see README).
bench: $(STAMP) compiled
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/screening_bench.py
	$(BIN)/python bench/rescreen_bench.py --customers 20000
	$(BIN)/python bench/store_bench.py --names 100000
	$(BIN)/python bench/spark_bench.py --customers 20000

# The HTTP API under load: wrk (installed from Debian when missing) against `watchlist serve
# --workers 2` on 127.0.0.1; a few minutes.
bench-api: $(STAMP) compiled
	bash scripts/benchdeps.sh
	$(BIN)/python bench/api_bench.py

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache build
	find src -name '*.so' -delete
