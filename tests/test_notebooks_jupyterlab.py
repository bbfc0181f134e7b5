"""Each student notebook in a real JupyterLab after Run All, as a learner gets it.

Fails on: raw MyST in a rendered Markdown cell, an error output (other than in a cell
tagged raises-exception), an explorer that does not render or react, an answer box that
does not answer, a console error. Screenshots go to _build/screenshots/jupyterlab/.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from booksite import ROOT
from labserver import JupyterLab
from pooltools.exercises import _ANSWERS, check
from test_browser import browser  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
NOTEBOOKS = ROOT / "notebooks"
SHOTS = ROOT / "_build" / "screenshots" / "jupyterlab"
MYST = re.compile(
    r"\{(glue|glue:text|term|cite|cite:t|cite:p|doc|ref|numref|download|math|admonition|"
    r"figure|exercise|solution|note|tip|warning|code-cell)\}|^:(label|class|alt|width):",
    re.M,
)
STUDENT = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not STUDENT:
        pytest.fail("no notebooks: run `make book` first (make test does)")
    root = tmp_path_factory.mktemp("learner")
    for notebook in STUDENT:
        shutil.copy(notebook, root)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with JupyterLab(root) as server:
        server.root = root
        yield server


def as_typed(value) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(str(int(v)) for v in value) + ")"
    if hasattr(value, "tolist"):
        return json.dumps(value.tolist())
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@pytest.mark.parametrize("notebook", STUDENT, ids=lambda p: p.stem)
def test_student_notebook_after_run_all(browser, lab, notebook):  # noqa: F811
    page, problems = lab.open(browser, notebook.name)
    try:
        lab.run_all(page)
        # markdown reads like the book: no MyST left, figures shown with their alt text
        notebook_view = page.locator(lab.NOTEBOOK)
        rendered = notebook_view.locator(".jp-MarkdownCell .jp-RenderedMarkdown")
        for text in rendered.all_inner_texts():
            found = MYST.search(text)
            assert not found, f"{notebook.name}: raw MyST {text[found.start() :][:60]!r}"
        for image in notebook_view.locator(".jp-RenderedMarkdown img").all():
            assert image.evaluate("i => i.complete && i.naturalWidth > 0"), "image not shown"
            assert len(image.get_attribute("alt") or "") > 20
        # every explorer is drawn and redraws when a control changes
        for explorer in notebook_view.locator("[data-pooltools-explorer]").all():
            view = explorer.locator(".pt-view")
            assert view.inner_html().strip(), f"{notebook.name}: an explorer did not render"
            before = view.inner_html()
            control = explorer.locator("select, input[type=number]").first
            if control.evaluate("e => e.tagName") == "SELECT":
                control.select_option(
                    index=control.evaluate("e => (e.selectedIndex + 1) % e.length")
                )
            else:
                control.fill(str(int(control.input_value()) + 1))
            assert view.inner_html() != before, f"{notebook.name}: an explorer is dead"
        # an answer box answers, as check() would
        boxes = notebook_view.locator("[data-pooltools-check]").all()
        for box in boxes[:1]:  # the lab has none
            exercise = box.get_attribute("data-pooltools-check")
            expected = _ANSWERS[exercise][1]()
            box.locator("input").fill(as_typed(expected))
            box.locator("input").press("Enter")
            assert box.locator(".pt-verdict").inner_text() == repr(check(exercise, expected))
        lab.screenshots(page, str(SHOTS / notebook.stem))
        # the saved notebook: no error output outside cells that raise on purpose
        page.keyboard.press("Control+s")
        page.wait_for_timeout(1500)
        saved = json.loads((lab.root / notebook.name).read_text())
        for cell in saved["cells"]:
            if cell["cell_type"] != "code" or "raises-exception" in cell["metadata"].get(
                "tags", []
            ):
                continue
            errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
            assert not errors, f"{notebook.name}: {errors[0]['ename']}: {errors[0]['evalue']}"
        assert not problems, f"{notebook.name}:\n" + "\n".join(problems)
    finally:
        page.close()
        lab.shut_down_kernels()
