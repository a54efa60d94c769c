# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast install browser-deps bench score clean

$(STAMP): pyproject.toml constraints.txt
	# A venv cut short before pip was installed is made again rather than used.
	test -x $(BIN)/pip || $(PYTHON) -m venv --clear $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The browser tests (tests/test_browser.py) also need Debian's Chromium at /usr/bin/chromium
# (`apt-get install -y chromium`; .ci/run installs it) and axe-core from npm, kept out of git.
AXE_VERSION := 4.14.1
AXE := .cache/npm/node_modules/axe-core/axe.min.js

browser-deps: $(AXE)

$(AXE): Makefile
	npm install --prefix .cache/npm --no-save --no-audit --no-fund axe-core@$(AXE_VERSION)
	touch $(AXE)

demo: $(STAMP)
	$(BIN)/lagebild demo

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

# Each benchmark compares against a named baseline in the same run and prints the ratio.
bench: $(STAMP)
	$(BIN)/python benchmarks/ingest_bench.py
	$(BIN)/python benchmarks/analyze_bench.py
	$(BIN)/python benchmarks/check_bench.py
	$(BIN)/python benchmarks/taxii_bench.py
	$(BIN)/python benchmarks/watch_bench.py
	$(BIN)/python benchmarks/web_bench.py
	$(BIN)/python benchmarks/batch_bench.py

# The evaluation scorers live next to the repository in ../shared (not in a user's clone).
score: $(STAMP)
	$(BIN)/python ../shared/eval/score_ner.py --cmd $(BIN)/lagebild
	$(BIN)/python ../shared/eval/score_quotes.py --cmd $(BIN)/lagebild

clean:
	rm -rf $(VENV) .cache/npm lagebild-demo.db lagebild-demo.db-wal lagebild-demo.db-shm
