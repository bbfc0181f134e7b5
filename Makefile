# The two commands: `make book` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
BOOKFLAGS ?= -W -n --keep-going

# The chapters' kernel (book, budgets, lab) is tools/jupyter/kernels/python3: ipykernel's
# own, minus the "running over TCP without encryption" notice it would log once per
# chapter into the build log. Its kernel_config.py says why.
export JUPYTER_PATH := $(CURDIR)/tools/jupyter$(if $(JUPYTER_PATH),:$(JUPYTER_PATH))

.PHONY: setup book test lint unit browser figures assets notebooks classroom lab bench budgets clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# Front-end files the pages load (MathJax, ...), fetched at pinned versions, never committed.
assets: setup
	$(BIN)/python tools/fetch_assets.py

figures: setup
	$(BIN)/python figures/make_figures.py

# The notebooks carry the numbers the book build computed, so they are made by `make book`:
# once before the build (the download links need the files), once after (the values).
notebooks: book

# Chapter outputs embed what pooltools computed and drew (the explorers carry its
# JavaScript), but the execution cache and Sphinx only see the chapters: drop both when
# pooltools changes.
_build/.pooltools-stamp: $(wildcard pooltools/*)
	rm -rf _build/.jupyter_cache _build/.doctrees
	@mkdir -p _build && touch $@

book: setup assets figures _build/.pooltools-stamp
	$(BIN)/python tools/notebooks.py --before-build
	$(BIN)/jupyter-book build . $(BOOKFLAGS)
	$(BIN)/python tools/notebooks.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/codespell

unit: setup
	$(BIN)/pytest -m "not book and not browser"

browser: setup
	$(BIN)/pytest -m "book or browser"

# Everything: lint, a book build (warnings are errors, every notebook runs), then every
# test, including the browser test over the built pages.
test: lint book
	$(BIN)/pytest

# Two zips for a class (student and instructor editions, pooltools as a wheel).
classroom: notebooks
	$(BIN)/python tools/classroom.py

lab: notebooks
	$(BIN)/jupyter lab notebooks --ServerApp.open_browser=true

bench: setup
	$(BIN)/python bench/bench_pooling.py
	$(BIN)/python bench/bench_explorers.py

budgets: setup assets
	$(BIN)/python tools/budgets.py

clean:
	rm -rf _build notebooks
