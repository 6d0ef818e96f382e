# Two set-up commands: `make run` and `make test`. Each builds or refreshes .venv by itself.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-fast reset lint messages bench mutation mutation-survivors system-deps clean-venv

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP)

# Gettext catalogues are compiled, never committed as .mo.
messages: $(STAMP)
	@command -v msgfmt >/dev/null || { echo "error: msgfmt missing: run 'make system-deps' (Debian package gettext)" >&2; exit 1; }
	cd src/liaison && ../../$(BIN)/django-admin compilemessages --ignore '.venv' -v 0

run: $(STAMP) messages
	$(BIN)/liaison demo run

reset:
	rm -rf var/demo
	@echo "demo data removed; 'make run' starts over"

system-deps:
	bash scripts/system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(STAMP) system-deps messages lint
	bash scripts/test.sh

bench: $(STAMP) messages
	$(BIN)/python bench/federation.py

# The trust core under mutation testing (issue 9): slow, so not part of `make test`. Prints the
# score per module, writes bench/results/mutation.json, fails under 90% for a module.
mutation: $(STAMP) messages
	bash scripts/mutation.sh

# The mutants still alive after the last `make mutation` (see them with `.venv/bin/mutmut show NAME`).
mutation-survivors: $(STAMP)
	$(BIN)/python scripts/mutation_report.py --list
