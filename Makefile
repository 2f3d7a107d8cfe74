# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench fuzz screenshots clean

# The interpreter's own pip, not upgraded: what a new user has, so a dependency that only a
# newer pip resolves breaks here first. constraints.txt holds the versions last tested
# together (regenerate: see the file's header).
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

## Open the reader (on the bundled sample corpus when the library is empty).
run: $(STAMP)
	$(BIN)/brief $(ARGS)

## Install everything the tests need, then run the whole suite.
test: $(STAMP)
	@command -v tmux >/dev/null 2>&1 || scripts/install-tmux.sh
	$(BIN)/python -m pytest -n 2 -m "not slow" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check tui tests bench scripts
	$(BIN)/mypy

## Benchmarks: medians and ratios against references measured in the same run.
bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

fuzz: $(STAMP)
	FUZZ_EXAMPLES=5000 $(BIN)/python -m pytest -m slow tests

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
