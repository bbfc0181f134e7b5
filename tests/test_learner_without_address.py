"""A learner's own machine, with a notebook from a book built without its address (as CI
builds it): every chapter's first cell stops with plain steps (no traceback) that say where
the wheel is; with the wheel saved beside the notebook, as they say, the chapter runs.

Apart from tests/test_learner.py (the book with its address) so that the two run on both
cores at once.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

import nbformat
import pytest
from test_learner import CHAPTERS, download, errors, first_cell_says, learner_venv, run_all
from test_takeaway import run_set_ups

import notebooks  # tools/notebooks.py
from booksite import HTML, Server

pytestmark = pytest.mark.book


def says_where_the_wheel_is(said: str, folder: Path) -> None:
    assert said.startswith("This notebook needs pooltools"), said
    assert f"Download {notebooks.wheel_name()}" in said, said
    assert str(folder) in said, said
    assert "Traceback" not in said, said


def test_without_the_books_address_the_first_cell_says_where_the_wheel_is(tmp_path):
    """The book as CI builds it (no BOOK_SITE_URL): chapter 2, Run All, stops at its first
    cell with plain steps and no traceback; following them, it runs. Every other chapter's
    first cell, run by the venv's IPython in the chapter's own folder (one IPython for all,
    each cell from an empty namespace), says the same."""
    venv = learner_venv(tmp_path)
    wheel = notebooks.wheel_name()
    with Server(directory=HTML) as url:
        folder = tmp_path / "02_max_pooling"
        nb = run_all(venv, download(url, "02_max_pooling", folder), allow_errors=True)
        says_where_the_wheel_is(first_cell_says(nb), folder)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert [o["ename"] for o in code[0].outputs if "ename" in o] == ["SetupNeeded"]
        first_cells = []
        for chapter in CHAPTERS:
            notebook = download(url, chapter, tmp_path / chapter)
            first = next(c for c in nbformat.read(notebook, 4).cells if c.cell_type == "code")
            first_cells.append((chapter, notebook.parent, first.source))
        out, err = run_set_ups(venv, first_cells, tmp_path)  # one IPython, each cell afresh
        assert sorted(out) == sorted(err) == sorted(CHAPTERS), out
        for chapter, where, _ in first_cells:
            says_where_the_wheel_is((out[chapter] + err[chapter]).strip(), where)
        home = urllib.request.urlopen(url + "intro.html").read().decode()
        assert f'href="_static/{wheel}"' in home  # where the message sends the learner
        (folder / wheel).write_bytes(urllib.request.urlopen(f"{url}_static/{wheel}").read())
        nb = run_all(venv, folder / "02_max_pooling.ipynb")
    assert not errors(nb), errors(nb)
    assert "Installing pooltools" in first_cell_says(nb)
