# Two entry points: `make run` (pipeline on corpus/ into outputs/) and `make test` (every check).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint types unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/iflaplans run corpus --out outputs

test: $(STAMP) lint types unit

lint: $(STAMP)
	$(BIN)/ruff check iflaplans tests benchmarks
	$(BIN)/ruff format --check iflaplans tests benchmarks

# The public surface (what `from iflaplans import ...` gives) is held to --strict.
PUBLIC := iflaplans/__init__.py iflaplans/pipeline.py iflaplans/settings.py \
	iflaplans/rules/resources.py iflaplans/nightly/runs.py iflaplans/model/records.py \
	iflaplans/errors.py

types: $(STAMP)
	$(BIN)/mypy
	$(BIN)/mypy --strict --follow-imports=silent $(PUBLIC)

unit: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_timeframes.py

clean:
	rm -rf $(VENV) outputs
