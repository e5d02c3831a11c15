# SisterMap set-up. Two commands do everything on a fresh machine with Python 3.11:
#   make run    - create .venv, install requirements.txt, start the app on the shipped data
#   make test   - same set-up, then the whole test suite (browser tests too when Chromium exists)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
PORT   ?= 8501

.PHONY: run test lint bench clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

run: $(STAMP)
	$(BIN)/streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) artifacts .pytest_cache
