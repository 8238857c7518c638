# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install system-deps demo test lint typecheck unit eval bench clean

$(BIN)/tumen: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/tumen

install: $(BIN)/tumen

system-deps:
	./scripts/system-deps.sh

demo: install
	$(BIN)/tumen demo

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
