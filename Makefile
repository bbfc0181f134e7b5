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
# Set-up installs without compiling bytecode (see $(STAMP)); a machine-wide
# PYTHONDONTWRITEBYTECODE would then make every process, every kernel, compile torch again.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: setup book pdf epub slides serve test check lint unit browser figures assets wheel notebooks classroom lab bench budgets clean

setup: $(STAMP)

# The stamp's name is a checksum of both files, so it goes stale when their contents change;
# their dates do not matter (a second checkout or worktree sharing this venv reinstalls nothing).
# No bytecode compiled ahead (--no-compile): Python writes it for what is imported, on first
# import; compiling all 1.5 GB ahead was a third of the set-up's time.
$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# Front-end files the pages load (MathJax, ...), fetched at pinned versions, never committed.
assets: setup
	$(BIN)/python tools/fetch_assets.py

# pooltools as a wheel (built from a copy: nothing lands in the checkout). The site
# serves it from _static/ (html_static_path), and the notebooks' first cell installs it
# from there when the book is built with BOOK_SITE_URL.
WHEEL_DIR := _build/dist
# every file of the package, its subpackages' scripts and styles included
POOLTOOLS_FILES := $(shell find pooltools -type f -not -path '*/__pycache__/*')
wheel: _build/.wheel-stamp

_build/.wheel-stamp: $(STAMP) pyproject.toml README.md $(POOLTOOLS_FILES)
	$(BIN)/python tools/build_wheel.py $(WHEEL_DIR)
	@touch $@

figures: setup
	$(BIN)/python figures/make_figures.py

# The notebooks carry the numbers the book build computed, so they are made by `make book`:
# once before the build (the download links need the files), once after (the values).
notebooks: book

# Chapter outputs embed what pooltools computed and drew (the explorers carry its
# JavaScript), but the execution cache and Sphinx only see the chapters: drop both when
# pooltools changes.
_build/.pooltools-stamp: $(POOLTOOLS_FILES)
	rm -rf _build/.jupyter_cache _build/.doctrees
	@mkdir -p _build && touch $@

book: setup assets figures wheel _build/.pooltools-stamp
	$(BIN)/python tools/notebooks.py --before-build
	@rm -rf _build/html/reports  # a failed execution's report is the last build's, not this one's
	$(BIN)/jupyter-book build . $(BOOKFLAGS)
	$(BIN)/python tools/notebooks.py
	$(BIN)/python tools/print_book.py --optional
	$(BIN)/python tools/epub_book.py --optional
	@echo "book: to read it, run  make serve  and open http://127.0.0.1:$(PORT)/ (opened from disk, its search finds titles only)"

# The whole book as PDF, both editions (tools/print_book.py): printed from the built pages
# by Chromium's headless shell, no chapter run again. `make book` prints them too where that
# browser is installed; here a missing browser is an error.
pdf: book
	$(BIN)/python tools/print_book.py

# The whole book as one EPUB 3 for e-readers, with worked solutions (tools/epub_book.py):
# the PDF's pages, rendered by the same browser, made static (equations as MathML, each
# explorer's drawing without its controls). `make book` makes it too, where `make pdf` can.
epub: book
	$(BIN)/python tools/epub_book.py

# A reveal.js deck for each numbered chapter, made from its built page, in _build/slides/:
# a folder that works offline, from disk too (tools/slides.py).
slides: book
	$(BIN)/python tools/slides.py

# The built book on this machine only, as a reader gets it (search needs a server).
PORT ?= 8000
serve:
	@test -f _build/html/index.html || $(MAKE) book
	@echo "serve: the book is at http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/codespell

unit: setup
	$(BIN)/pytest -m "not book and not browser"

browser: setup
	$(BIN)/pytest -m "book or browser"

# Everything: lint, a book build (warnings are errors, every notebook runs), then every
# test, including the browser tests over the built pages, on both cores (pytest-xdist;
# a test file runs on one worker, so its fixtures are made once; the longest files first,
# in tests/conftest.py's order). Ends with a table of
# where the time went (tools/timed.py); the budget is 15 minutes from a fresh clone.
# The slides step runs tools/slides.py itself: `make slides` would build the book again
# (book is phony), for nothing.
T := $(PYTHON) tools/timed.py
PYTEST_WORKERS ?= 2
test:
	@$(T) --reset
	@$(T) setup -- $(MAKE) --no-print-directory setup
	@$(T) lint -- $(MAKE) --no-print-directory lint
	@$(T) book -- $(MAKE) --no-print-directory book
	@$(T) slides -- $(BIN)/python tools/slides.py
	@$(T) pytest -- $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder \
	  --durations=30; \
	  status=$$?; $(T) --report --budget 15; exit $$status

# The inner loop: lint, the unit and property tests and the doctests (no build, no
# browser), on both cores. Budget: 3 minutes.
check:
	@$(T) --reset
	@$(T) setup -- $(MAKE) --no-print-directory setup
	@$(T) lint -- $(MAKE) --no-print-directory lint
	@$(T) unit -- $(BIN)/pytest -n $(PYTEST_WORKERS) -m "not book and not browser" -q; \
	  status=$$?; $(T) --report --budget 3; exit $$status

# Two zips for a class (student and instructor editions, pooltools as a wheel), made
# from notebooks generated afresh, never from what is in notebooks/.
classroom: book
	$(BIN)/python tools/classroom.py

# JupyterLab on the student notebooks (made by `make book` only if there are none yet),
# without nbgrader's instructor menus; --allow-root so it also starts as root.
lab: setup
	@test -n "$$(ls notebooks/*.ipynb 2>/dev/null)" || $(MAKE) book
	JUPYTER_CONFIG_DIR=$(CURDIR)/tools/jupyter/learner $(BIN)/jupyter lab --allow-root \
	  --ServerApp.root_dir=$(CURDIR)/notebooks --ServerApp.open_browser=true

bench: setup
	$(BIN)/python bench/bench_pooling.py
	$(BIN)/python bench/bench_explorers.py

budgets: setup assets
	$(BIN)/python tools/budgets.py

# Never deletes a notebook someone edited: those are kept and listed.
clean:
	@if [ -x $(BIN)/python ]; then $(BIN)/python tools/notebooks.py --clean; \
	elif [ -d notebooks ]; then echo "clean: kept notebooks/ (without .venv, edited ones cannot be told apart)"; fi
	rm -rf _build
