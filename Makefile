# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast install bench score clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/lagebild demo

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest_bench.py

# The evaluation scorers live next to the repository in ../shared (not in a user's clone).
score: $(STAMP)
	$(BIN)/python ../shared/eval/score_ner.py --cmd $(BIN)/lagebild
	$(BIN)/python ../shared/eval/score_quotes.py --cmd $(BIN)/lagebild

clean:
	rm -rf $(VENV) lagebild-demo.db lagebild-demo.db-wal lagebild-demo.db-shm
