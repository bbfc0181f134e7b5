"""A learner's own machine, with a notebook from a book built without its address (as CI
builds it): every chapter's first cell stops with plain steps (no traceback) that say where
the wheel is; with the wheel saved beside the notebook, as they say, the chapter runs.

Apart from tests/test_learner.py (the book with its address) so that the two run on both
cores at once.
"""

from __future__ import annotations

import urllib.request

import pytest
from test_learner import CHAPTERS, download, errors, first_cell_says, learner_venv, run_all

import notebooks  # tools/notebooks.py
from booksite import HTML, Server

pytestmark = pytest.mark.book


def test_without_the_books_address_the_first_cell_says_where_the_wheel_is(tmp_path):
    """The book as CI builds it (no BOOK_SITE_URL): every chapter stops at its first cell
    with plain steps, no traceback; following them, the chapter runs."""
    venv = learner_venv(tmp_path)
    wheel = notebooks.wheel_name()
    with Server(directory=HTML) as url:
        for chapter in CHAPTERS:
            nb = run_all(venv, download(url, chapter, tmp_path / chapter), allow_errors=True)
            said = first_cell_says(nb)
            assert said.startswith("This notebook needs pooltools"), (chapter, said)
            assert f"Download {wheel}" in said, said
            assert str(tmp_path / chapter) in said, said
            assert "Traceback" not in said, said
            code = [c for c in nb.cells if c.cell_type == "code"]
            assert [o["ename"] for o in code[0].outputs if "ename" in o] == ["SetupNeeded"]
        home = urllib.request.urlopen(url + "intro.html").read().decode()
        assert f'href="_static/{wheel}"' in home  # where the message sends the learner
        folder = tmp_path / "02_max_pooling"
        (folder / wheel).write_bytes(urllib.request.urlopen(f"{url}_static/{wheel}").read())
        nb = run_all(venv, folder / "02_max_pooling.ipynb")
    assert not errors(nb), errors(nb)
    assert "Installing pooltools" in first_cell_says(nb)
