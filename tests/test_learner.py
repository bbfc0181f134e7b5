"""A learner's own machine: a venv with only JupyterLab, chapters downloaded from the book.

Each chapter is downloaded from the served book the way its page's link gives it, into a
folder outside the checkout, opened in the JupyterLab of a venv that held only JupyterLab,
and run with Run ▸ Run All Cells: its first cell does all the set-up. Two books, as a
learner meets them:

- built with the site's address (``BOOK_SITE_URL``): the first chapter installs pooltools
  from the site (and, as its first cell says, the page is reloaded and run again for live
  widgets), the first chapter that needs PyTorch installs its CPU build, and every chapter
  runs with no error; chapters 2 to 4 first run without PyTorch, their PyTorch cells
  skipped. Every notebook reads like the book (no raw MyST, figures with alt text), every
  explorer draws and reacts, an answer box answers, the page logs no error. What each
  install adds to the venv is measured, printed, and must match what the first cell and
  the page "Run it on your machine" say (``_config.yml``);
- built without one (as CI builds it): tests/test_learner_without_address.py.

This machine reaches no PyTorch index, so pip is told not to retry one (``PIP_RETRIES=0``,
as the page advises behind a proxy that reaches only PyPI).
"""

from __future__ import annotations

import json
import re
import shutil
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from test_takeaway import assert_no_answers, clean_env, make_venv, outputs, pip_install, run

import notebooks  # tools/notebooks.py
from booksite import HTML, ROOT, Server, record_time
from labserver import JupyterLab
from pooltools.exercises import _ANSWERS, check

pytestmark = pytest.mark.browser
CHAPTERS = [p.stem for p in notebooks.chapter_sources() if p.stem[:2].isdigit()]
# Run in this order, so that each install is measured on its own: pooltools alone (a chapter
# that can do without PyTorch), then PyTorch, then scikit-learn, then the rest, and last
# chapter 2 again, now with PyTorch.
ORDER = ["02_max_pooling", "03_average_pooling", "04_output_shapes", "01_why_pooling"]
ORDER += ["05_global_and_adaptive", *[c for c in CHAPTERS if c[:2] > "05"], "02_max_pooling"]
JUPYTERLAB = f"jupyterlab=={notebooks.pins()['jupyterlab']}"
SHOTS = ROOT / "_build" / "screenshots" / "jupyterlab"
MYST = re.compile(
    r"\{(glue|glue:text|term|cite|cite:t|cite:p|doc|ref|numref|download|math|admonition|"
    r"figure|exercise|solution|note|tip|warning|code-cell)\}|^:(label|class|alt|width):",
    re.M,
)
SKIPPED = "Skipped: this cell uses PyTorch"


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


def learner_venv(folder: Path) -> Path:
    """A venv that holds JupyterLab and nothing else, as the page's first step makes."""
    venv = make_venv(folder)
    pip_install(venv, folder, "learner (JupyterLab only)", "--quiet", JUPYTERLAB, compile=False)
    for module in ("pooltools", "numpy", "torch", "anywidget", "sklearn"):
        probe = f"import importlib.util as u; assert u.find_spec({module!r}) is None"
        run([venv / "bin" / "python", "-c", probe], cwd=folder)
    return venv


@pytest.fixture(scope="module")
def learner(browser, tmp_path_factory):
    """The book served with its address; the learner's JupyterLab on a folder of downloads."""
    folder = tmp_path_factory.mktemp("learner")
    venv, site, downloads = learner_venv(folder), folder / "site", folder / "downloads"
    shutil.copytree(HTML, site)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with Server(directory=site) as url:
        notebooks.make_all(folder / "made", site=site, site_url=url)
        for chapter in CHAPTERS:
            download(url, chapter, downloads)
        with JupyterLab(downloads, jupyter=venv / "bin" / "jupyter", env=clean_env()) as lab:
            lab.venv, lab.url_of_book, lab.sizes, lab.report = venv, url, {}, []
            lab.ran = set()
            # one browser page, JupyterLab loaded once: each chapter opens in it
            lab.page, lab.problems = lab.open_app(browser)
            yield lab
            lab.page.close()
            print("\n".join(["", "chapter | installs | adds MB | seconds", *lab.report]))


def as_typed(value) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(str(int(v)) for v in value) + ")"
    if hasattr(value, "tolist"):
        return json.dumps(value.tolist())
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def said_first(page) -> str:
    """What the first code cell printed, as the learner reads it."""
    cell = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").first
    return cell.locator(".jp-OutputArea").inner_text()


@pytest.mark.parametrize("chapter", ORDER, ids=[f"{i:02d}-{c}" for i, c in enumerate(ORDER)])
def test_a_downloaded_chapter_after_run_all_in_the_learners_jupyterlab(learner, chapter):
    lab, name = learner, f"{chapter}.ipynb"
    before, start = megabytes(lab.venv), time.monotonic()
    if chapter in lab.ran:  # run again (chapter 2, now with PyTorch): a fresh download, as
        download(lab.url_of_book, chapter, lab.root)  # before; the first run saved its own
    lab.ran.add(chapter)
    page, problems = lab.page, lab.problems
    problems.clear()
    try:
        lab.show(page, name)
        lab.run_all(page, timeout=900)
        ran = time.monotonic() - start
        said = said_first(page)
        installs = re.search(r"Installing (.*): once", said)
        if installs:
            assert "no restart needed" in said, said
        if "reload this browser page" in said:  # as it says: reload, run again, live widgets
            lab.shut_down_kernels()
            problems.clear()
            lab.load(page, name)
            lab.run_all(page, timeout=900)
            ran = time.monotonic() - start
            live = page.locator(".jp-OutputArea-output [data-pooltools-explorer]").first
            assert not live.evaluate("e => !!e.closest('.pt-host, .jp-RenderedHTMLCommon')")
        added = megabytes(lab.venv) - before
        lab.report.append(f"{chapter} | {installs[1] if installs else '-'} | {added:.0f} | "
                          f"{time.monotonic() - start:.0f}")  # fmt: skip
        notebook_view = page.locator(lab.NOTEBOOK)
        skipped = notebook_view.locator(f".jp-OutputArea:has-text('{SKIPPED}')").count()
        if chapter in notebooks.PYTORCH_OPTIONAL and "torch" not in lab.sizes:
            assert "PyTorch is not installed" in said, said
            assert skipped, chapter
        else:
            assert not skipped, chapter
        if installs and "pooltools" in installs[1]:
            assert f"Installing pooltools from {lab.url_of_book}_static/" in said, said
            lab.sizes["pooltools"] = added
        elif installs and "PyTorch" in installs[1]:
            lab.sizes["torch"] = added
        elif installs and "scikit-learn" in installs[1]:
            lab.sizes["sklearn"] = added
        # markdown reads like the book: no MyST left, figures shown with their alt text
        rendered = notebook_view.locator(".jp-MarkdownCell .jp-RenderedMarkdown")
        for text in rendered.all_inner_texts():
            found = MYST.search(text)
            assert not found, f"{name}: raw MyST {text[found.start() :][:60]!r}"
        for image in notebook_view.locator(".jp-RenderedMarkdown img").all():
            assert image.evaluate("i => i.complete && i.naturalWidth > 0"), "image not shown"
            assert len(image.get_attribute("alt") or "") > 20
        # every explorer is drawn and redraws when a control changes
        for explorer in notebook_view.locator("[data-pooltools-explorer]").all():
            view = explorer.locator(".pt-view")
            assert view.inner_html().strip(), f"{name}: an explorer did not render"
            before_html = view.inner_html()
            control = explorer.locator("select:enabled, input[type=number]:enabled").first
            if control.evaluate("e => e.tagName") == "SELECT":
                control.select_option(
                    index=control.evaluate("e => (e.selectedIndex + 1) % e.length")
                )
            else:
                control.fill(str(int(control.input_value()) + 1))
            assert view.inner_html() != before_html, f"{name}: an explorer is dead"
        # an answer box answers, as check() would
        for box in notebook_view.locator("[data-pooltools-check]").all()[:1]:
            exercise = box.get_attribute("data-pooltools-check")
            expected = _ANSWERS[exercise][1]()
            box.locator("input").fill(as_typed(expected))
            box.locator("input").press("Enter")
            assert box.locator(".pt-verdict").inner_text() == repr(check(exercise, expected))
        lab.screenshots(page, str(SHOTS / chapter))
        # the saved notebook: no error output outside cells that raise on purpose
        # File > Save (Ctrl+S would go to the answer box just typed in), until saved
        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        page.wait_for_function(
            "() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30000
        )
        saved = nbformat.read(lab.root / name, as_version=4)
        ran_cells = [c for c in saved.cells if c.cell_type == "code" and c.execution_count]
        assert len(ran_cells) > 1, f"{name}: saved without what Run All did"
        for cell in saved.cells:
            if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
                continue
            errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
            assert not errors, f"{name}: {errors[0]['ename']}: {errors[0]['evalue']}"
        assert_no_answers(saved, name)
        assert not problems, f"{name}:\n" + "\n".join(problems)
        took = time.monotonic() - start
        record_time(f"learner: {chapter}", took, f"open and Run All {ran:.0f} s (with installs)")
    finally:
        lab.close_all(page)  # before its kernel stops: no "kernel died" dialog
        lab.shut_down_kernels()


def test_each_install_adds_what_the_book_says(learner):
    """The sizes the first cell and the page state, within 25 % of what was measured."""
    expected = notebooks.install_sizes()
    print(f"measured MB: {learner.sizes}; stated: {expected}")
    assert set(learner.sizes) == set(expected), learner.sizes
    for name, mb in learner.sizes.items():
        assert abs(mb - expected[name]) <= 0.25 * expected[name], (name, mb, expected[name])
