# Xếp loại: `make run` serves the demo on http://127.0.0.1:8000 (SQLite); `make test` runs every check.
# Both create the virtual environment and install what is missing, so a fresh machine needs nothing else.

PYTHON ?= python3
PORT   ?= 8000
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# xstatic packages still build with pkg_resources: keep setuptools below 80 inside pip's build isolation.
export PIP_CONSTRAINT := $(CURDIR)/constraints-build.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install system system-test lint check pytest bench demo clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt constraints-build.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

system:
	@bash scripts/ensure-system.sh

system-test:
	@bash scripts/ensure-system.sh test

run: install system
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

demo: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo

# Tests run with DEBUG off and a throwaway key; DATABASE_URL picks PostgreSQL, SQLite otherwise.
TEST_ENV := SECRET_KEY=make-test-not-secret TESTING=1 DEBUG=0

test: install system-test lint check pytest

lint: install
	$(BIN)/ruff check .

check: install
	$(TEST_ENV) $(BIN)/python manage.py check
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

# pytest exits 5 when it collected no test: that fails the target too (a run that tests nothing is not green).
pytest: install
	$(TEST_ENV) $(BIN)/python -m pytest

# Benchmarks run against DATABASE_URL, by default a local PostgreSQL database (created when missing).
BENCH_DATABASE_URL ?= $(if $(DATABASE_URL),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/xeploai_bench)

bench: install system
	@case "$(BENCH_DATABASE_URL)" in postgres*) \
	  psql "$$(echo '$(BENCH_DATABASE_URL)' | sed 's#/[^/]*$$#/postgres#')" -tAc "SELECT 1 FROM pg_database WHERE datname = '$$(basename '$(BENCH_DATABASE_URL)')'" | grep -q 1 \
	  || createdb --maintenance-db="$$(echo '$(BENCH_DATABASE_URL)' | sed 's#/[^/]*$$#/postgres#')" "$$(basename '$(BENCH_DATABASE_URL)')";; esac
	DATABASE_URL=$(BENCH_DATABASE_URL) SECRET_KEY=bench-only-not-secret DEBUG=0 TESTING=1 $(BIN)/python manage.py migrate --noinput -v0
	SECRET_KEY=bench-only-not-secret DEBUG=0 TESTING=1 $(BIN)/python manage.py collectstatic --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench

clean:
	rm -rf $(VENV) data .pytest_cache
