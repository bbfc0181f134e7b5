"""The reader's own input (issue 31), in the built book: in the window, gradient,
downsample and transpose explorers, "✎ edit the input" opens the grid as boxes. A grid
typed cell by cell from the keyboard, pasted as NumPy, PyTorch or a spreadsheet prints
it, resized or reset, gives the results pooltools computes for it (and the widget, which
Python recomputes when the page sets ``x``); bad input is said in words, in the error
style, and changes nothing; in draw mode a drag or Space paints cells with the paint
value. One page load per explorer; the window explorer's page also
runs the parser's table of inputs and the accessibility checks with the editor open."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from test_explorer_transpose_browser import expected as transposed
from test_explorers_browser import set_controls
from test_pages_browser import OVERFLOW, axe_violations, low_contrast, switch_to

import pooltools
from booksite import open_page
from pooltools import explore

pytestmark = pytest.mark.browser

PAGES = {
    "window": "chapters/04_output_shapes.html",
    "gradient": "chapters/06_backpropagation.html",
    "downsample": "chapters/07_strided_convolution.html",
    "transpose": "chapters/12_dilation_and_upsampling.html",
}
LARGEST = {"window": 12, "gradient": 12, "downsample": 12, "transpose": 6}


@pytest.fixture
def opened(browser, base_url):
    """The explorer of a kind on its page, with its editor open: (page, root)."""
    pages = []

    def go(kind):
        page, problems = open_page(browser, base_url + PAGES[kind])
        pages.append((page, problems))
        root = page.locator(f"[data-pooltools-explorer={kind}]").first
        toggle = root.locator(".pt-input-toggle")
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        return page, root

    yield go
    for page, problems in pages:
        page.context.close()
        assert not problems, "\n".join(problems)


def shown_input(root) -> np.ndarray:
    return np.array(json.loads(root.get_attribute("data-config"))["input"], dtype=np.float64)


def shown_output(root):
    return json.loads(root.get_attribute("data-output"))


def message(root) -> str:
    """What the editor says (its messages are alerts in the explorer's error style)."""
    said = [m for m in root.locator(".pt-input-error").all() if m.inner_text()]
    for m in said:
        assert m.get_attribute("role") == "alert"
        assert m.evaluate("e => getComputedStyle(e).color") == root.locator(".pt-error").evaluate(
            "e => getComputedStyle(e).color"
        )
    return " ".join(m.inner_text() for m in said)


def resize(root, rows, cols):
    root.locator("[data-size=rows]").fill(str(rows))
    root.locator("[data-size=rows]").press("Enter")
    root.locator("[data-size=cols]").fill(str(cols))
    root.locator("[data-size=cols]").press("Tab")


def as_typed(v: float) -> str:
    return f"{v:g}"


def type_grid(page, root, x):
    """Type x cell by cell from the keyboard: the size in its boxes, then each cell,
    Tab to the next (a row by the arrow keys, to show they move too)."""
    resize(root, *x.shape)
    root.locator(".pt-input-cell").first.focus()
    for r, row in enumerate(x):
        for c, v in enumerate(row):
            page.keyboard.type(as_typed(v))
            last = c == len(row) - 1
            if r == 0 and not last:
                page.keyboard.press("ArrowRight")  # the whole text is selected: next cell
            elif r == 0:
                page.keyboard.press("ArrowDown")  # then back to the row's start by Tab order
                for _ in range(len(row) - 1):
                    page.keyboard.press("ArrowLeft")
            else:
                page.keyboard.press("Tab")


def paste(root, text) -> str:
    root.locator(".pt-input-paste textarea").fill(text)
    root.locator("[data-input=paste]").click()
    return message(root)


def formats(x) -> dict[str, str]:
    """x as NumPy, PyTorch and a spreadsheet print it."""
    ints = np.array_equal(x, np.round(x))
    return {
        "numpy": str(x.astype(int)) if ints else repr(x),
        "torch": repr(torch.tensor(x)),
        "tabs": "\n".join("\t".join(as_typed(v) for v in row) for row in x),
        "commas": "\n".join(", ".join(as_typed(v) for v in row) for row in x) + "\n",
    }


def random_grids(kind, rng, n):
    lo = 2 if kind == "downsample" else 1
    hi = min(LARGEST[kind], 7)
    for _ in range(n):
        shape = rng.integers(lo, hi + 1, 2)
        yield rng.integers(-18, 19, shape) / 2  # halves, negatives, zeros


# pooltools' results for the page's input and settings, as the page shows them
def window_expected(root, x):
    v = {n: root.locator(f"[name={n}]").input_value() for n in ("mode", "kernel", "stride")}
    v |= {n: root.locator(f"[name={n}]").input_value() for n in ("padding", "dilation", "ceil")}
    k, s, p, d = (int(v[n]) for n in ("kernel", "stride", "padding", "dilation"))
    ceil = v["ceil"] == "on"
    if v["mode"] == "max":
        return pooltools.max_pool2d(x[None], k, s, p, d, ceil)[0]
    return pooltools.avg_pool2d(x[None], k, s, p, ceil)[0]


def gradient_expected(root, x):  # the page's upstream gradient is all ones (set below)
    k, s, p = (
        int(root.locator(f"[name={n}]").input_value()) for n in ("kernel", "stride", "padding")
    )
    mode, ceil = (
        root.locator("[name=mode]").input_value(),
        root.locator("[name=ceil]").input_value(),
    )
    ceil = ceil == "on"
    if mode == "max":
        g = np.ones(pooltools.max_pool2d(x[None], k, s, p, 1, ceil).shape)
        return pooltools.max_pool2d_backward(g, x[None], k, s, p, 1, ceil)[0]
    g = np.ones(pooltools.avg_pool2d(x[None], k, s, p, ceil).shape)
    return pooltools.avg_pool2d_backward(g, x[None], k, s, p, ceil)[0]


def downsample_expected(root, x):
    name = root.locator("[name=kernel]").input_value()
    w = torch.tensor(explore.DOWNSAMPLE_KERNELS[name], dtype=torch.float64)[None, None]
    conv = F.conv2d(torch.from_numpy(x)[None, None], w, stride=2, padding=1)[0, 0].numpy()
    return {
        "max": pooltools.max_pool2d(x[None], 2)[0],
        "avg": pooltools.avg_pool2d(x[None], 2)[0],
        "conv": conv,
    }


def transpose_expected(root, x):
    names = ("kernel", "stride", "padding", "output_padding", "dilation")
    out, counts = transposed(x, *(int(root.locator(f"[name={n}]").input_value()) for n in names))
    return {"output": out, "counts": counts}


EXPECTED = {
    "window": window_expected,
    "gradient": gradient_expected,
    "downsample": downsample_expected,
    "transpose": transpose_expected,
}
WIDGETS = {
    "window": lambda root: explore.window_explorer(**page_settings(root, "window")),
    "gradient": lambda root: explore.gradient_explorer(**page_settings(root, "gradient")),
    "downsample": lambda root: explore.downsample_explorer(
        kernel=root.locator("[name=kernel]").input_value()
    ),
    "transpose": lambda root: explore.transpose_explorer(**page_settings(root, "transpose")),
}


def page_settings(root, kind):
    names = {
        "window": {"kernel": "kernel_size", "stride": "stride", "padding": "padding"},
        "gradient": {"kernel": "kernel_size", "stride": "stride", "padding": "padding"},
        "transpose": {
            "kernel": "kernel_size",
            "stride": "stride",
            "padding": "padding",
            "output_padding": "output_padding",
            "dilation": "dilation",
        },
    }[kind]
    return {arg: int(root.locator(f"[name={n}]").input_value()) for n, arg in names.items()}


def agrees(kind, root, x, what=""):
    """The page shows x, its results are pooltools', and the widget Python holds for the
    same settings gives them too once the page sets its x."""
    np.testing.assert_array_equal(shown_input(root), x, err_msg=what)
    assert not root.locator(".pt-error").inner_text(), what
    got, want = shown_output(root), EXPECTED[kind](root, x)
    if isinstance(want, dict):
        for key, value in want.items():
            np.testing.assert_allclose(got[key], value, atol=1e-9, err_msg=f"{what} {key}")
    else:
        np.testing.assert_allclose(got, want, atol=1e-9, err_msg=what)
    widget = WIDGETS[kind](root)
    if kind == "gradient":
        widget.upstream = "all ones"
    widget.x = x.tolist()  # as the page's model.set("x", ...) does in a notebook
    assert widget.error == "", what
    ours = widget.output if kind != "transpose" else {"output": widget.output}
    if isinstance(want, dict):
        for key in ours if kind == "transpose" else want:
            np.testing.assert_allclose(ours[key], want[key], atol=1e-9, err_msg=f"{what} {key}")
    else:
        np.testing.assert_allclose(ours, want, atol=1e-9, err_msg=what)


def bad_paste_changes_nothing(root, text, said):
    before = (root.get_attribute("data-config"), root.get_attribute("data-output"))
    cells = [c.input_value() for c in root.locator(".pt-input-cell").all()]
    assert paste(root, text) == said
    assert (root.get_attribute("data-config"), root.get_attribute("data-output")) == before
    assert [c.input_value() for c in root.locator(".pt-input-cell").all()] == cells
    textarea = root.locator(".pt-input-paste textarea")
    assert textarea.get_attribute("aria-invalid") == "true"
    assert textarea.input_value() == text  # what the reader pasted stays, to put right


@pytest.mark.parametrize("kind", list(PAGES))
def test_typed_pasted_resized_and_reset_grids_give_pooltools_results(opened, kind):
    page, root = opened(kind)
    rng = np.random.default_rng(list(PAGES).index(kind))
    if kind == "gradient":
        set_controls(root, upstream="all ones")
    example = shown_input(root)
    grids = list(random_grids(kind, rng, 4))
    type_grid(page, root, grids[0])
    agrees(kind, root, grids[0], "typed")
    for name, text in formats(grids[1]).items():
        assert paste(root, text) == "", name
        agrees(kind, root, grids[1], name)
    for name, text in formats(grids[2]).items():
        if name in ("torch", "tabs"):
            assert paste(root, text) == ""
            agrees(kind, root, grids[2], name)
    # resize: kept cells kept, new cells 0
    x = shown_input(root)
    rows, cols = (max(2, n - 1) for n in x.shape)
    resize(root, rows, cols + 1)
    grown = np.zeros((rows, cols + 1))
    kept = x[:rows, : cols + 1]
    grown[: kept.shape[0], : kept.shape[1]] = kept
    agrees(kind, root, grown, "resized")
    # Escape takes a typed number back
    cell = root.locator(".pt-input-cell").first
    cell.focus()
    page.keyboard.type("99")
    page.keyboard.press("Escape")
    assert cell.input_value() == as_typed(grown[0, 0])
    agrees(kind, root, grown, "after Escape")
    largest = LARGEST[kind]
    bad_paste_changes_nothing(
        root,
        "\n".join(["1 2"] * (largest + 1)),
        f"This grid is {largest + 1}×2: at most {largest}×{largest} here.",
    )
    bad_paste_changes_nothing(root, "1, 2\n3, 4, 5", "Row 2 has 3 numbers, row 1 has 2: every "
                              "row needs as many.")  # fmt: skip
    root.locator("[data-input=reset]").click()
    agrees(kind, root, example, "reset")
    assert message(root) == ""


# the parser, as the reader meets it: text pasted -> the grid used, or what is said
PARSED = [
    ("[[1 2]\n [3 4]]", [[1, 2], [3, 4]]),
    ("[[1., 2.], [3., 4.]]", [[1, 2], [3, 4]]),
    ("array([[ 1.5, -2. ],\n       [ 0. ,  3. ]])", [[1.5, -2], [0, 3]]),
    ("np.array([[1, 2]], dtype=int8)", [[1, 2]]),
    ("tensor([[1., 2.],\n        [3., 4.]], dtype=torch.float64)", [[1, 2], [3, 4]]),
    ("tensor([[[[1., 2.],\n          [3., 4.]]]])", [[1, 2], [3, 4]]),  # N, C of 1
    ("tensor([[1.0000e+00, 2.5000e-01]], requires_grad=True)", [[1, 0.25]]),
    ("[1, 2, 3]", [[1, 2, 3]]),
    ("1\t2\t3\n4\t5\t6\n", [[1, 2, 3], [4, 5, 6]]),
    ("1,2\n3,4", [[1, 2], [3, 4]]),
    ("1; 2\n3; 4", [[1, 2], [3, 4]]),
    ("  1  2 \n\n 3  4  ", [[1, 2], [3, 4]]),
    ("−1 .5\n2e1 +3", [[-1, 0.5], [20, 3]]),  # the book's minus sign, as copied from a page
    ("1, 2,\n3, 4,", [[1, 2], [3, 4]]),
]
REFUSED = [
    ("", "There is no grid to use: paste or type one in the box first."),
    ("1 2\n3 4 5", "Row 2 has 3 numbers, row 1 has 2: every row needs as many."),
    ("[[1, 2], [3]]", "Row 2 has 1 number, row 1 has 2: every row needs as many."),
    ("[[1 x] [3 4]]", "“x” in row 1 is not a number."),
    ("1\t\t2\n3\t4\t5", "Row 1 has an empty cell: every cell needs a number."),
    ("1 2\n3 nan", "“nan” in row 2 is not a finite number."),
    ("[[1, 2], [3, 4]", "A “[” is never closed: the grid is cut short."),
    ("1 2]", "A “]” closes a “[” that is never opened."),
    ("x = [[1, 2]]", "“x =” before the grid is not part of a grid."),
    ("[[1, 2]] [[3, 4]]", "There is more after the grid: paste one grid at a time."),
    (
        "[[[1, 2]], [[3, 4]]]",
        "This array has more than two dimensions: paste one 2-D grid (an image's one channel).",
    ),
    ("[[1, 2], 3]", "Some rows are in brackets and some are not: paste the grid as printed."),
    (
        "[[0 1 ... 8 9]]",
        "The grid is abbreviated (…): print it in full "
        '(np.set_printoptions(threshold=1000) or torch.set_printoptions(profile="full")) and '
        "paste it again.",
    ),
    ("\n".join(" ".join(["1"] * 13) for _ in range(2)), "This grid is 2×13: at most 12×12 here."),
]


def test_the_parser_reads_numpy_pytorch_and_spreadsheets_and_says_what_is_wrong(opened):
    page, root = opened("window")
    set_controls(root, kernel=1, stride=1, padding=0)  # any grid has an output
    for text, grid in PARSED:
        assert paste(root, text) == "", text
        np.testing.assert_array_equal(shown_input(root), grid, err_msg=text)
    for text, said in REFUSED:
        bad_paste_changes_nothing(root, text, said)
    # a cell: what is not a number is said; leaving the cell puts the number back
    cell = root.locator(".pt-input-cell").nth(1)
    cell.focus()
    page.keyboard.type("two")
    page.keyboard.press("Enter")
    assert (
        message(root)
        == "“two” in cell (0, 1) is not a number. Type a number, or Escape to put back 2."
    )
    assert cell.get_attribute("aria-invalid") == "true"
    page.keyboard.press("Tab")
    assert message(root) == "“two” in cell (0, 1) is not a number. The cell keeps 2."
    assert cell.input_value() == "2"
    np.testing.assert_array_equal(shown_input(root), PARSED[-1][1])
    # a size outside the limits is said beside the size boxes, and changes nothing
    root.locator("[data-size=rows]").fill("13")
    root.locator("[data-size=rows]").press("Enter")
    assert message(root) == "Rows must be a whole number from 1 to 12 here, not 13."
    np.testing.assert_array_equal(shown_input(root), PARSED[-1][1])


def test_settings_a_new_size_breaks_show_the_rule(opened):
    _, root = opened("window")
    set_controls(root, kernel=3, stride=1, padding=0)
    assert paste(root, "1 2\n3 4") == ""
    assert root.locator(".pt-error").inner_text() == (
        "The window spans 3 cells, but the input has only 2: there is no output. "
        "Use a smaller kernel, or more padding."
    )
    assert shown_output(root) is None
    resize(root, 3, 3)
    assert root.locator(".pt-error").inner_text() == ""
    agrees("window", root, np.array([[1, 2, 0], [3, 4, 0], [0, 0, 0]], dtype=float))


def test_the_open_editor_is_accessible_on_a_desktop_and_a_phone(browser, base_url):
    """axe-clean and AA contrast in light and dark mode, every control labelled, and no
    sideways scrolling at 390 px with a 12×12 grid."""
    page, problems = open_page(browser, base_url + PAGES["window"], "light")
    try:
        root = page.locator("[data-pooltools-explorer=window]").first
        root.locator(".pt-input-toggle").click()
        paste(root, "\n".join(" ".join(["-1.5"] * 12) for _ in range(12)))
        assert paste(root, "1 x") != ""  # the message and the invalid box are shown too
        unlabelled = root.evaluate(
            "r => [...r.querySelectorAll('.pt-input input, .pt-input textarea, .pt-input button')]"
            ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
            " && !e.textContent.trim()).map(e => e.outerHTML)"
        )
        assert not unlabelled
        for mode in ("light", "dark"):
            switch_to(page, mode)
            assert not axe_violations(page), mode
            assert not low_contrast(page), mode
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(100)  # the explorer lays out again for the new width
        assert not page.evaluate(OVERFLOW, "[data-pooltools-explorer=window]")
        # WCAG 2.5.8: 24 px a side, or 24 px apart centre to centre (12 boxes a row)
        small = root.evaluate(
            "r => [...r.querySelectorAll('.pt-input button')].map(e => e.getBoundingClientRect())"
            ".filter(b => b.width < 24 || b.height < 24).length"
        )
        assert small == 0, "buttons under 24 px"
        boxes = root.evaluate(
            "r => [...r.querySelectorAll('.pt-input-cell')].slice(0, 2)"
            ".map(e => e.getBoundingClientRect()).map(b => [b.left, b.width, b.height])"
        )
        assert boxes[1][0] - boxes[0][0] >= 24, boxes
        assert min(boxes[0][1], boxes[0][2]) >= 20, boxes
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)


def test_a_grid_drawn_with_the_mouse_and_the_keyboard_gives_pooltools_results(opened):
    """Draw mode: a drag over cells paints each cell it crosses with the paint value;
    Space paints the focused cell; a paint value that is not a number is said."""
    page, root = opened("downsample")
    rng = np.random.default_rng(31)
    x = rng.integers(-9, 10, (8, 8)) / 2
    assert paste(root, repr(x)) == ""
    root.locator("[data-draw]").check()
    cell = lambda r, c: root.locator(f".pt-input-cell[data-at='{r},{c}']")  # noqa: E731
    for value, (r, c0, c1) in [(7.5, (1, 0, 6)), (-2, (5, 2, 7))]:
        root.locator("[data-paint]").fill(f"{value:g}")
        a, b = cell(r, c0).bounding_box(), cell(r, c1).bounding_box()
        page.mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2)
        page.mouse.down()
        page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, steps=4 * (c1 - c0))
        page.mouse.up()
        x[r, c0 : c1 + 1] = value
        agrees("downsample", root, x, f"painted {value}")
    # the keyboard: Space on a focused cell paints it, the arrows move on
    root.locator("[data-paint]").fill("3")
    cell(7, 0).focus()
    for c in range(4):
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        x[7, c] = 3
    agrees("downsample", root, x, "painted by keyboard")
    root.locator("[data-paint]").fill("three")
    cell(0, 0).focus()
    page.keyboard.press("Space")
    assert message(root) == "The paint value must be a number, not “three”."
    assert root.locator("[data-paint]").get_attribute("aria-invalid") == "true"
    agrees("downsample", root, x, "nothing painted")
    # draw mode off: a cell is typed in again
    root.locator("[data-draw]").uncheck()
    cell(0, 0).focus()
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    x[0, 0] = 4
    agrees("downsample", root, x, "typed after drawing")
