"""The explorers in a real JupyterLab are live Jupyter widgets, in step with Python.

Chapter 1's student notebook after Run All: the window explorer is anywidget's view (not
the text/html fallback the static book shows); a cell clicked in it is the cell Python
reads; a trait set from Python redraws it with the output pooltools computed; and
``ipywidgets.jslink`` drives it from a slider; a number typed in its editor of the input
reaches Python's ``explorer.x`` and ``explorer.output`` (pooltools'), and an ``x`` set from
Python redraws the editor and the view; a picture opened in a feature-map explorer
reaches Python's ``maps.image``, which pooltools pools as the page does. Screenshots go to
_build/screenshots/jupyterlab/widgets-*.png.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import time

import numpy as np
import pytest
from test_explorer_features_browser import picture
from test_explorer_input_browser import window_expected

from booksite import ROOT
from labserver import JupyterLab
from pooltools.explore.compute import square_gray

pytestmark = pytest.mark.browser
NOTEBOOK = ROOT / "notebooks" / "01_why_pooling.ipynb"
SHOTS = ROOT / "_build" / "screenshots" / "jupyterlab"
EXPLORER = "[data-pooltools-explorer=window]"
READ_CELL = "i, j = explorer.cell"  # the chapter's cell that reads the explorer
PRINTED = re.compile(
    r"output cell \((\d+), (\d+)\): (\w+) pooling, kernel (\d+), stride (\d+)\s+"
    r"the explorer shows (\S+)"
)
BROKEN = ("Error displaying widget", "model not found", "Failed to load model")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    name = NOTEBOOK.relative_to(ROOT)
    if not NOTEBOOK.exists():
        pytest.fail(f"no {name}: run `make book` first (make test does)")
    sources = ["".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"]]
    if not any(s.startswith(READ_CELL) for s in sources):
        pytest.fail(f"{name} has no cell `{READ_CELL}`: it is older than chapter 1; `make book`")
    root = tmp_path_factory.mktemp("widgets")
    shutil.copy(NOTEBOOK, root)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with JupyterLab(root) as server:
        yield server


def output_text(lab, page, index: int) -> str:
    return lab.cell(page, index).locator(".jp-OutputArea").inner_text()


def shows(page, name: str, value: str) -> None:
    """Wait until the explorer's control ``name`` holds ``value``."""
    page.wait_for_function(
        "([selector, value]) => document.querySelector(selector)?.value === value",
        arg=[f"{EXPLORER} [name={name}]", value],
        timeout=30000,
    )


def printed_cell(lab, page, index: int, root, expect: tuple[int, int]) -> tuple[int, int]:
    """Run the chapter's cell that reads the explorer; the cell it printed.

    Its value, and the largest value of its window (max pooling), are the page's.
    ipywidgets sends a model one change at a time and holds later ones until the kernel
    is idle, so a cell run right after two quick clicks may still see the first: the
    cell is run again (up to 10 s) until Python has caught up with the page.
    """
    deadline = time.monotonic() + 10
    while True:
        lab.run_cell(page, index)
        text = output_text(lab, page, index)
        printed = PRINTED.search(text)
        assert printed, f"the cell printed:\n{text}"
        if (int(printed[1]), int(printed[2])) == expect or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    i, j, value = int(printed[1]), int(printed[2]), float(printed[6])
    shown = json.loads(root.get_attribute("data-output"))
    assert value == shown[i][j], f"Python says {value}, the page {shown[i][j]}"
    if printed[3] == "max":
        largest = re.search(r"the largest value in it: (\S+)", text)
        assert largest, text
        assert float(largest[1]) == value, text
    return i, j


def broken(notebook) -> list[str]:
    """The outputs that say a widget failed (the chapter's prose mentions the message)."""
    texts = notebook.locator(".jp-OutputArea-output").all_inner_texts()
    return [t for t in texts if any(b in t for b in BROKEN)]


def fits(root) -> bool:
    """Nothing of the explorer is cut off or scrolled sideways in its output area."""
    return root.evaluate(
        "e => { const area = e.closest('.jp-OutputArea-output');"
        " return e.scrollWidth <= e.clientWidth + 1 && area.scrollWidth <= area.clientWidth + 1; }"
    )


def test_the_explorer_is_a_live_widget(browser, lab):
    page, problems = lab.open(browser, NOTEBOOK.name)
    try:
        lab.run_all(page)
        notebook = page.locator(lab.NOTEBOOK)
        root = notebook.locator(f".jp-OutputArea-output {EXPLORER}")
        root.wait_for(timeout=30000)
        assert root.count() == 1, f"{root.count()} window explorers after Run All"
        # anywidget's view, not the text/html fallback (a .pt-host in an HTML renderer)
        where = root.evaluate(
            "e => ({fallback: !!e.closest('.pt-host, .jp-RenderedHTMLCommon'),"
            " mime: e.closest('.jp-OutputArea-output').dataset.mimeType || null})"
        )
        assert where == {"fallback": False, "mime": None}, f"not the widget view: {where}"
        assert not broken(notebook), "a widget failed to display"
        view = root.locator(".pt-view")
        assert view.inner_html().strip(), "the explorer did not draw"
        lab.screenshots(page, str(SHOTS / "widgets-run-all"))

        # page -> Python: two steps along the output's first row, then the chapter's cell
        # that reads explorer.cell prints that cell and its value
        for _ in range(2):
            root.locator("button[data-step=next]").click()
        shows(page, "cell", "2")  # the stepper holds the flat index: (0, 2) of 3x3
        read = lab.find_cell(page, READ_CELL)
        assert printed_cell(lab, page, read, root, (0, 2)) == (0, 2)
        # a click on a drawn output cell selects it, for Python too
        drawn = root.locator(".pt-view [data-flat='4']")
        if drawn.count():
            drawn.click()
            shows(page, "cell", "4")
            assert printed_cell(lab, page, read, root, (1, 1)) == (1, 1)

        # Python -> page: set traits, the explorer redraws with pooltools' output
        before = view.inner_html()
        new = lab.append_cell(
            page, "explorer.kernel_size = 3; explorer.stride = 1; print(explorer.output)"
        )
        python = ast.literal_eval(output_text(lab, page, new).strip())
        shows(page, "kernel", "3")
        shows(page, "stride", "1")
        assert view.inner_html() != before, "the explorer did not redraw"
        assert json.loads(root.get_attribute("data-output")) == python
        assert len(python) == 4, "a 6x6 input pooled with kernel 3, stride 1 is 4x4"

        # ipywidgets.jslink: a slider drives the explorer's stride
        slider = lab.append_cell(
            page,
            "import ipywidgets\n"
            "s = ipywidgets.IntSlider(value=2, min=1, max=4)\n"
            'ipywidgets.jslink((s, "value"), (explorer, "stride"))\n'
            "s",
        )
        handle = lab.cell(page, slider).locator(".widget-slider .noUi-handle")
        handle.wait_for(timeout=30000)
        shows(page, "stride", "2")  # linking copies the slider's value to the explorer
        handle.press("ArrowRight")  # focuses the handle, then one step up
        shows(page, "stride", "3")
        # the linked change reached Python too, which recomputed the output
        check = lab.append_cell(page, "print(explorer.stride, explorer.output)")
        stride_py, output_py = output_text(lab, page, check).strip().split(" ", 1)
        assert stride_py == "3", f"Python's explorer.stride is {stride_py}"
        assert json.loads(root.get_attribute("data-output")) == ast.literal_eval(output_py)

        # the reader's own input: a number typed in the editor reaches Python, which
        # recomputes with pooltools; an x set from Python redraws the editor and the view
        root.locator(".pt-input-toggle").click()
        cell = root.locator(".pt-input-cell").first
        cell.focus()
        page.keyboard.type("7.5")
        page.keyboard.press("Enter")
        typed = np.array(json.loads(root.get_attribute("data-config"))["input"])
        assert typed[0, 0] == 7.5
        read_x = lab.append_cell(
            page, "import json; print(json.dumps([explorer.x, explorer.output]))"
        )
        deadline = time.monotonic() + 10
        while True:  # as printed_cell: until the kernel has the page's change
            x_py, output_py = json.loads(output_text(lab, page, read_x))
            if x_py[0][0] == 7.5 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
            lab.run_cell(page, read_x)
        np.testing.assert_array_equal(x_py, typed)
        np.testing.assert_allclose(output_py, window_expected(root, typed), atol=1e-12)
        assert json.loads(root.get_attribute("data-output")) == output_py
        new_x = np.random.default_rng(31).integers(-9, 10, (4, 5)) / 2
        lab.append_cell(page, f"explorer.x = {new_x.tolist()}")
        page.wait_for_function(
            "([selector, value]) => document.querySelector(selector)?.value === value",
            arg=[f"{EXPLORER} .pt-input-cell", f"{new_x[0, 0]:g}"],
            timeout=30000,
        )
        assert root.locator(".pt-input-cell").count() == new_x.size
        assert json.loads(root.get_attribute("data-config"))["input"] == new_x.tolist()
        np.testing.assert_allclose(
            json.loads(root.get_attribute("data-output")), window_expected(root, new_x)
        )
        root.screenshot(path=str(SHOTS / "widgets-editor.png"))
        root.locator(".pt-input-toggle").click()  # closed again, for the screenshots below

        # a picture the learner opens in the feature-map explorer reaches Python as its
        # image (square_gray's), and pooltools pools it there as the page does
        rgb = picture(lab.root / "mine.png", 150, 170, seed=3)
        gray = square_gray(rgb, 128)
        np.save(lab.root / "expected.npy", gray)
        maps_cell = lab.append_cell(
            page, "from pooltools.explore import feature_maps\nmaps = feature_maps()\nmaps"
        )
        maps = lab.cell(page, maps_cell).locator("[data-pooltools-explorer=features]")
        maps.wait_for(timeout=30000)
        maps.get_by_label("Open a picture…").set_input_files(lab.root / "mine.png")
        page.wait_for_function(
            "e => e.hasAttribute('data-picture')", arg=maps.element_handle(), timeout=30000
        )
        check_picture = lab.append_cell(
            page,
            "import numpy as np, pooltools\n"
            "from pooltools.explore import vertical_edges\n"
            "mine = np.load('expected.npy')\n"
            "image = np.asarray(maps.image)\n"
            "pooled = pooltools.max_pool2d(np.maximum(vertical_edges(mine), 0)[None], 2)[0]\n"
            "diff = float(np.abs(image - mine).max()) if image.size else None\n"
            "print(json.dumps([image.shape, diff, float(np.abs(maps.pooled - pooled).max()),"
            " maps.output]))",
        )
        deadline = time.monotonic() + 10
        while True:  # until the kernel has the page's picture
            shape, diff, pooled_diff, output = json.loads(output_text(lab, page, check_picture))
            if shape == [128, 128] or time.monotonic() > deadline:
                break
            time.sleep(0.5)
            lab.run_cell(page, check_picture)
        assert shape == [128, 128], f"Python's maps.image has shape {shape}"
        assert diff <= 1e-6, f"Python's picture differs from square_gray's by {diff}"
        assert pooled_diff <= 1e-5, f"pooltools in Python pools it {pooled_diff} away"
        assert output == json.loads(maps.get_attribute("data-output"))
        maps.screenshot(path=str(SHOTS / "widgets-picture.png"))

        assert not broken(notebook), "a widget failed to display"
        lab.cell(page, slider).scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "widgets-linked.png"))
        # it fits its output area, wide and narrow (side panels closed, as on a phone)
        root.screenshot(path=str(SHOTS / "widgets-explorer-1280.png"))
        assert fits(root), "the explorer overflows its output area at 1280 px"
        page.set_viewport_size({"width": 400, "height": 1000})
        page.evaluate(
            "() => { const s = window.jupyterapp.shell; s.collapseLeft(); s.collapseRight(); }"
        )
        page.wait_for_function(f"() => document.querySelector('{EXPLORER}').clientWidth < 360")
        root.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "widgets-explorer-400.png"))
        assert fits(root), "the explorer overflows its output area at 400 px"
        assert not problems, "\n".join(problems)
    finally:
        page.close()
        lab.shut_down_kernels()
