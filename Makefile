# SisterMap set-up. Two commands do everything on a fresh machine with Python 3.11:
#   make run    - create .venv, install requirements.txt, start the app on the shipped data
#   make test   - same set-up, then the whole test suite (browser tests too when Chromium exists):
#                 the unit and AppTest tests on every core, then the browser tests one at a time
#                 (each drives a Streamlit server and Chromium; they are timing-sensitive)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
PORT   ?= 8501

.PHONY: run test test-fast lint bench clean
#: Workers for the tests that need no browser (pytest-xdist); JOBS=1 runs them in one process.
JOBS   ?= auto
GFM    := tests/js/markdown/node_modules/.package-lock.json
AXE    := tests/js/axe/node_modules/.package-lock.json

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

run: $(STAMP)
	$(BIN)/streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false

test: test-fast $(AXE)
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

test-fast: $(STAMP) $(GFM)
	$(BIN)/python -m pytest -m "not browser" -n $(JOBS) $(PYTEST_ARGS)

# Streamlit's Markdown dialect (remark-gfm) for the tests that check what a visitor's browser
# makes of the app's text (tests/gfm.py); from the npm registry, test-only, never shipped.
$(GFM): tests/js/markdown/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/js/markdown --no-audit --no-fund --silent; \
	else echo "npm not found: the Markdown-dialect tests will be skipped"; fi

# axe-core, the accessibility rules the browser tests run on every page
# (tests/browser/test_accessibility.py); from the npm registry, test-only, never shipped.
$(AXE): tests/js/axe/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/js/axe --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) artifacts .pytest_cache
