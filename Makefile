# clausediff: `make report` runs the main job on the seed corpus, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test lint format eval bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/clausediff report -o out

test: $(STAMP)
	bash tests/install_browser.sh
	$(BIN)/ruff check compare tests bench
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check compare tests bench
	$(BIN)/ruff format --check compare tests bench

format: $(STAMP)
	$(BIN)/ruff format compare tests bench
	$(BIN)/ruff check --fix compare tests bench

eval: $(STAMP)
	$(BIN)/clausediff evaluate

bench: $(STAMP)
	$(BIN)/python bench/bench_align.py

clean:
	rm -rf out .pytest_cache .ruff_cache build dist *.egg-info
