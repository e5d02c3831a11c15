# SisterMap set-up. Two commands do everything on a fresh machine with Python 3.11:
#   make run    - create .venv, install requirements.txt (what the app needs), start the app
#   make test   - same set-up plus requirements-dev.txt (tests, lint), then the whole test suite
#                 (browser tests too when Chromium exists):
#                 the unit and AppTest tests on every core, then the browser tests one at a time
#                 (each drives a Streamlit server and Chromium; they are timing-sensitive)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-run-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
#: Tests, lint and benchmarks on top (requirements-dev.txt): make test, lint, bench.
DEV_STAMP := $(VENV)/.installed-dev-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
PORT   ?= 8501

.PHONY: install run test test-fast lint bench clean
#: Workers for the tests that need no browser (pytest-xdist); JOBS=1 runs them in one process.
JOBS   ?= auto
GFM    := tests/js/markdown/node_modules/.package-lock.json

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-run-* $(VENV)/.installed-[0-9]*
	touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-dev-*
	touch $@

#: What the app needs and nothing else (the container image runs this; make run does too).
install: $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false

test: test-fast
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

test-fast: $(DEV_STAMP) $(GFM)
	$(BIN)/python -m pytest -m "not browser" -n $(JOBS) $(PYTEST_ARGS)

# Streamlit's Markdown dialect (remark-gfm) for the tests that check what a visitor's browser
# makes of the app's text (tests/gfm.py); from the npm registry, test-only, never shipped.
$(GFM): tests/js/markdown/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/js/markdown --no-audit --no-fund --silent; \
	else echo "npm not found: the Markdown-dialect tests will be skipped"; fi

lint: $(DEV_STAMP)
	$(BIN)/ruff check .

bench: $(DEV_STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) artifacts .pytest_cache
