"""A learner's own machine: a venv with only JupyterLab, a chapter downloaded from the book.

Each chapter is downloaded from the served book the way its page's link gives it, into an
empty folder outside the checkout, and run top to bottom (Run All) by that venv's own
Jupyter: its first cell does all the set-up. Two books, as a learner meets them:

- built with the site's address (``BOOK_SITE_URL``): the first chapter installs pooltools
  from the site, the first chapter that needs PyTorch installs its CPU build, and every
  chapter runs with no error; chapters 2 and 3 first run without PyTorch, their PyTorch
  cells skipped. What each install adds to the venv is measured and printed, and must
  match what the page "Run it on your machine" and the first cell say (``_config.yml``);
- built without one: every chapter's first cell stops with a plain instruction (no
  traceback); with the wheel saved beside the notebook, as it says, the chapter runs.

This machine reaches no PyTorch index, so pip is told not to retry one (``PIP_RETRIES=0``,
as the page advises behind a proxy that reaches only PyPI).
"""

from __future__ import annotations

import re
import shutil
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from test_takeaway import make_venv, outputs, run

import notebooks  # tools/notebooks.py
from booksite import HTML, Server

pytestmark = pytest.mark.book
CHAPTERS = [p.stem for p in notebooks.chapter_sources() if p.stem[:2].isdigit()]
# Run in this order, so that each install is measured on its own: pooltools alone (a chapter
# that can do without PyTorch), then PyTorch, then scikit-learn, then the rest.
ORDER = ["02_max_pooling", "03_average_pooling", "01_why_pooling", "05_global_and_adaptive"]
ORDER += [c for c in CHAPTERS if c not in ORDER]
JUPYTERLAB = f"jupyterlab=={notebooks.pins()['jupyterlab']}"


def megabytes(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def download(url: str, chapter: str, folder: Path) -> Path:
    """The chapter's notebook, through the link on its page, into ``folder``."""
    page = urllib.request.urlopen(f"{url}chapters/{chapter}.html").read().decode()
    (link,) = set(re.findall(rf'href="\.\./(_downloads/[^"]+/{chapter}\.ipynb)"', page))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{chapter}.ipynb"
    target.write_bytes(urllib.request.urlopen(url + link).read())
    return target


def run_all(venv: Path, notebook: Path, allow_errors: bool = False):
    """Run ▸ Run All Cells with the venv's own Jupyter: the executed notebook (with
    ``allow_errors``, the cells after an error run too, where Jupyter would stop)."""
    out = notebook.with_name("ran-" + notebook.name)
    args = [venv / "bin" / "jupyter", "nbconvert", "--to", "notebook", "--execute",
            "--ExecutePreprocessor.timeout=600", "--output", out.name, notebook]  # fmt: skip
    run(args + (["--allow-errors"] if allow_errors else []), cwd=notebook.parent, timeout=1800)
    return nbformat.read(out, as_version=4)


def first_cell_says(nb) -> str:
    cell = next(c for c in nb.cells if c.cell_type == "code")
    said = [o.get("text", "") for o in cell.outputs]
    said += ["\n".join(o.get("traceback", [])) for o in cell.outputs if "traceback" in o]
    return "\n".join(line for text in said for line in text.splitlines() if "WARNING" not in line)


def errors(nb) -> list[str]:
    return [f"{o['ename']}: {o['evalue']}" for o in outputs(nb) if o["output_type"] == "error"]


@pytest.fixture(scope="module")
def learner_venv(tmp_path_factory):
    """A venv that holds JupyterLab and nothing else, as the page's first step makes."""
    folder = tmp_path_factory.mktemp("learner")
    venv = make_venv(folder)
    run([venv / "bin" / "pip", "install", "--quiet", JUPYTERLAB], cwd=folder)
    for module in ("pooltools", "numpy", "torch", "anywidget", "sklearn"):
        probe = f"import importlib.util as u; assert u.find_spec({module!r}) is None"
        run([venv / "bin" / "python", "-c", probe], cwd=folder)
    return venv


def test_every_downloaded_chapter_installs_what_it_needs_and_runs(learner_venv, tmp_path):
    venv, site = learner_venv, tmp_path / "site"
    shutil.copytree(HTML, site)
    sizes, expected = {}, notebooks.install_sizes()
    report = ["chapter | installs | adds MB | seconds"]
    with Server(directory=site) as url:
        notebooks.make_all(tmp_path / "made", site=site, site_url=url)
        for chapter in [*ORDER, "02_max_pooling"]:  # chapter 2 again, now with PyTorch
            before, start = megabytes(venv), time.monotonic()
            nb = run_all(venv, download(url, chapter, tmp_path / "downloads"))
            added, said = megabytes(venv) - before, first_cell_says(nb)
            assert not errors(nb), (chapter, errors(nb))
            installs = re.search(r"Installing (.*): once", said)
            report.append(f"{chapter} | {installs[1] if installs else '-'} | {added:.0f} | "
                          f"{time.monotonic() - start:.0f}")  # fmt: skip
            if installs:
                assert "no restart needed" in said, said
            skipped = sum(notebooks_skipped(nb))
            if chapter in notebooks.PYTORCH_OPTIONAL and "torch" not in sizes:
                assert "PyTorch is not installed" in said, chapter
                assert skipped, chapter
            else:
                assert not skipped, chapter
            if chapter == "02_max_pooling" and "pooltools" not in sizes:
                assert f"Installing pooltools from {url}_static/" in said, said
                sizes["pooltools"] = added
            elif installs and "PyTorch" in installs[1]:
                sizes["torch"] = added
            elif installs and "scikit-learn" in installs[1]:
                sizes["sklearn"] = added
    print("\n".join(["", *report, f"measured MB: {sizes}; stated: {expected}"]))
    assert set(sizes) == set(expected), sizes
    for name, mb in sizes.items():  # what the first cell and the page say, within 25 %
        assert abs(mb - expected[name]) <= 0.25 * expected[name], (name, mb, expected[name])


def notebooks_skipped(nb):
    for output in outputs(nb):
        yield "Skipped: this cell uses PyTorch" in output.get("text", "")


def test_without_the_books_address_the_first_cell_says_where_the_wheel_is(tmp_path):
    """The book as CI builds it (no BOOK_SITE_URL): every chapter stops at its first cell
    with plain steps, no traceback; following them, the chapter runs."""
    venv = make_venv(tmp_path)
    run([venv / "bin" / "pip", "install", "--quiet", JUPYTERLAB], cwd=tmp_path)
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
