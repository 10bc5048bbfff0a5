# icc-practices developer commands. Two matter on a fresh machine:
#   make demo   - virtualenv, install, migrate, taxonomy + demo data, admin login, serve :8000
#   make test   - install what the tests need and run them (DATABASE_URL selects PostgreSQL)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := cd example_site && ../$(BIN)/python manage.py
PIP_QUIET ?= -q

.PHONY: demo test lint typecheck format messages wheel clean loadtest benchmark import-benchmark discovery-benchmark docs screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_QUIET) --upgrade pip

demo: $(BIN)/python
	$(BIN)/pip install $(PIP_QUIET) -e . -r example_site/requirements.txt
	$(MANAGE) migrate --noinput
	$(MANAGE) setup_example_site
	$(MANAGE) runserver 127.0.0.1:8000

test: $(BIN)/python
	$(BIN)/pip install $(PIP_QUIET) -e ".[test]"
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(BIN)/python
	$(BIN)/pip install $(PIP_QUIET) -e ".[dev]"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The type checker over the package (mypy with django-stubs; configured in pyproject.toml).
typecheck: $(BIN)/python
	$(BIN)/pip install $(PIP_QUIET) -e ".[dev]"
	$(BIN)/mypy

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-extract and compile the package's translation catalogues (needs GNU gettext).
messages:
	cd icc_practices && ../$(BIN)/django-admin makemessages --all --no-obsolete --no-location
	find icc_practices/locale -name '*.mo' -delete  # compilemessages skips "fresh" ones by mtime
	cd icc_practices && ../$(BIN)/django-admin compilemessages

wheel: $(BIN)/python
	rm -rf dist
	$(BIN)/pip install $(PIP_QUIET) build
	$(BIN)/python -m build --wheel --sdist
	$(BIN)/python .ci/check_wheel.py dist/*.whl

# The documentation site (MkDocs with Material) in build/docs-site, warnings as errors, with
# screenshots retaken first from a throwaway example site in Chromium (about 2 minutes).
docs: screenshots
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

screenshots: $(BIN)/python
	$(BIN)/pip install $(PIP_QUIET) -e ".[docs]" -r example_site/requirements.txt
	$(BIN)/python scripts/screenshots.py

# Load and fault test of the example site's production profile on a private PostgreSQL
# (port 5440) and Redis (6390): 15-20 minutes the first time (seeding 10,000 practices,
# kept in /var/tmp/icc-load-fault for later runs), about 6 after; report in
# /tmp/load_fault.md. LOADTEST_ARGS=--quick tries it in 2-3 minutes.
loadtest: $(BIN)/python
	$(BIN)/pip install $(PIP_QUIET) -e . -r example_site/requirements-production.txt
	$(BIN)/python -m benchmarks.load_fault $(LOADTEST_ARGS)

# The index in a new `wagtail start` site that installs the package as the README says, at
# 1,000, 10,000 and 100,000 practices, on SQLite and on the machine's PostgreSQL
# (127.0.0.1:5432, a database of its own), beside the usual listing and a plain page: about
# 30 minutes; tables in benchmarks/results/host.md (docs/performance.md).
# BENCHMARK_ARGS="--sizes 1000 10000" for a shorter run, "--host example" for the example site.
benchmark: $(BIN)/python
	$(BIN)/pip install $(PIP_QUIET) -e . -r example_site/requirements.txt
	mkdir -p benchmarks/results
	$(BIN)/python -m benchmarks.host_benchmark --database sqlite $(BENCHMARK_ARGS) > benchmarks/results/host.md
	$(BIN)/python -m benchmarks.host_benchmark --database postgres $(BENCHMARK_ARGS) >> benchmarks/results/host.md
	cat benchmarks/results/host.md

# Import of 10,000 rows into a `wagtail start` host, on SQLite (issue 16's goal: 60 s).
discovery-benchmark: $(BIN)/python
	mkdir -p benchmarks/results
	$(BIN)/python -m benchmarks.discovery_benchmark --database sqlite $(BENCHMARK_ARGS)

import-benchmark: $(BIN)/python
	mkdir -p benchmarks/results
	$(BIN)/python -m benchmarks.import_benchmark --database sqlite $(BENCHMARK_ARGS)

clean:
	rm -rf dist build .pytest_cache .ruff_cache tests/test.sqlite3 .venv-django*
