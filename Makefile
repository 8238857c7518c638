# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install system-deps demo test lint typecheck unit eval bench clean

# `make demo PORT=8080 HOST=0.0.0.0` serves elsewhere than 127.0.0.1:8000
PORT ?= 8000
HOST ?= 127.0.0.1

# the package alone (what the demo needs), then the test tools on top (what `make test` needs)
$(BIN)/tumen: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(BIN)/tumen

$(BIN)/pytest: $(BIN)/tumen
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/pytest

install: $(BIN)/pytest

system-deps:
	./scripts/system-deps.sh

demo: $(BIN)/tumen
	$(BIN)/tumen demo --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests bench

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest -n 2 -q

test: system-deps install lint typecheck unit

bench: install
	$(BIN)/python -m bench all

clean:
	rm -rf $(VENV) build *.egg-info tumen-demo.db* archive
