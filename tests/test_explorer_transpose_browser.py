"""Chapter 12's transposed-convolution explorer in the built book: driven through its
controls as a reader would, over kernels, strides, paddings, output paddings and
dilations, the page shows the output and the counts pooltools' ``conv_transpose2d``
computes; an invalid output padding shows the rule it breaks; the arrow keys move the
selected input cell and the status names the output cells it paints; each output cell's
tooltip names the input cells that paint it; and the drawing says in words which grid is
the input and which the output (the question conv_arithmetic's animations leave open)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from test_explorers_browser import explorer, grid, page_at, set_controls, shown  # noqa: F401

import pooltools

pytestmark = pytest.mark.browser
PAGE = "chapters/12_dilation_and_upsampling.html"
SETTINGS = ("kernel", "stride", "padding", "output_padding", "dilation")


def expected(x, k, s, p, op, d):
    """pooltools' output and counts (the output of all ones), as the page shows them."""
    settings = {"stride": s, "padding": p, "output_padding": op, "dilation": d}
    w = np.ones((1, 1, k, k))
    out = pooltools.conv_transpose2d(x[None, None], w, **settings)[0, 0]
    counts = pooltools.conv_transpose2d(np.ones_like(x)[None, None], w, **settings)[0, 0]
    return out, counts


def painters(x_shape, k, s, p, d):
    """{output cell (row, col) in output coordinates, cropped ones from -p: the input cells
    that paint it}, from the definition: input (i, j) paints (i s - p + a d, j s - p + b d)."""
    found = {}
    H, W = x_shape
    for i in range(H):
        for j in range(W):
            for a in range(k):
                for b in range(k):
                    found.setdefault((i * s - p + a * d, j * s - p + b * d), []).append((i, j))
    return found


def dash(text: str) -> str:
    return text.replace("-", "−")


def span(first: int, k: int, d: int) -> str:
    """The rows (or columns) k cells d apart from first, as the status says them."""
    at = [dash(str(first + a * d)) for a in range(k)]
    if k == 1:
        return at[0]
    if d > 1:
        return ", ".join(at[:-1]) + " and " + at[-1]
    return at[0] + (" to " if first < 0 else "–") + at[-1]


# (kernel, stride, padding, output padding, dilation): the chapter's checkerboard first,
# then even overlap, gaps, cropping, output padding past the canvas and within it,
# dilation with and without padding; in order, so that each differs in a few controls
CASES = [
    (3, 2, 0, 0, 1),
    (4, 2, 1, 0, 1),
    (2, 2, 0, 1, 1),
    (1, 3, 0, 2, 1),
    (3, 1, 1, 0, 1),
    (3, 3, 1, 2, 1),
    (5, 2, 2, 1, 1),
    (3, 2, 1, 1, 2),
    (2, 1, 0, 2, 3),
    (3, 1, 2, 0, 2),
    (7, 4, 6, 3, 1),
    (4, 3, 0, 0, 3),
    (1, 1, 0, 0, 1),
    (6, 4, 3, 3, 2),
]


def test_every_setting_shows_pooltools_output_and_counts(page_at):  # noqa: F811
    root = explorer(page_at(PAGE), "transpose")
    x = grid(root)
    for case in CASES:
        k, s, p, op, d = case
        # output padding last but first down to 0, so that no step on the way is invalid
        set_controls(root, output_padding=0)
        set_controls(root, **dict(zip(SETTINGS, case)))
        assert root.locator(".pt-error").inner_text() == "", case
        out, counts = expected(x, k, s, p, op, d)
        page = shown(root)
        np.testing.assert_array_equal(page["output"], out, err_msg=str(case))
        np.testing.assert_array_equal(page["counts"], counts, err_msg=str(case))
        # the drawing: every output cell drawn plain, every canvas cell padding crops off
        # drawn hatched, and nothing else
        cells = root.locator("svg.pt-grid:not([data-grid]) g.pt-cell")
        assert root.locator("svg.pt-grid:not([data-grid]) g.pt-cell:not(.pad)").count() == out.size
        full = [(n - 1) * s + d * (k - 1) + 1 for n in x.shape]
        kept = [min(f, p + n) - p for f, n in zip(full, out.shape)]  # output cells on the canvas
        cropped = full[0] * full[1] - kept[0] * kept[1]
        assert cells.count() - out.size == cropped, case


def test_an_invalid_output_padding_shows_the_rule(page_at):  # noqa: F811
    root = explorer(page_at(PAGE), "transpose")
    set_controls(root, kernel=3, stride=2, padding=0, dilation=1, output_padding=2)
    error = root.locator(".pt-error")
    assert error.inner_text() == (
        "Output padding must be smaller than the stride or the dilation, whichever is larger: "
        "at most 1 for stride 2 and dilation 1, not 2."
    )
    assert root.locator("[name=output_padding]").get_attribute("aria-invalid") == "true"
    assert shown(root) is None
    assert root.locator(".pt-view").inner_html() == ""
    with pytest.raises(ValueError, match="output_padding=2 must be smaller than either stride"):
        pooltools.conv_transpose2d(np.ones((1, 1, 3, 3)), np.ones((1, 1, 3, 3)), None, 2, 0, 2)
    set_controls(root, dilation=3)  # the larger of stride and dilation counts
    assert error.inner_text() == ""
    set_controls(root, dilation=1, output_padding=1)
    assert error.inner_text() == ""
    assert root.locator("[aria-invalid]").count() == 0
    # padding that would crop the whole canvas
    set_controls(root, output_padding=0, kernel=1, stride=1, padding=6)
    size = min(grid(root).shape)
    assert error.inner_text() == (
        f"Padding crops 6 cells off each side of the full canvas, 12 in all, but it is only "
        f"{size} cells across: there is no output. Use less padding."
    )
    set_controls(root, kernel=3, stride=2, padding=1)
    assert error.inner_text() == ""
    assert shown(root)["output"]


def test_arrow_keys_move_the_selected_input_cell(page_at):  # noqa: F811
    page = page_at(PAGE)
    root = explorer(page, "transpose")
    set_controls(root, kernel=3, stride=2, padding=1, output_padding=1, dilation=1)
    x = grid(root)
    H, W = x.shape
    k, s, p, op, d = 3, 2, 1, 1, 1
    out, _ = expected(x, k, s, p, op, d)
    status = root.locator(".pt-status")
    cells = root.locator("svg.pt-grid[data-grid]")
    cells.focus()
    for key in ["ArrowUp"] * H + ["ArrowLeft"] * W:
        page.keyboard.press(key)  # to the top-left corner, wherever the selection started
    moves = {"ArrowRight": (0, 1), "ArrowDown": (1, 0), "ArrowLeft": (0, -1), "ArrowUp": (-1, 0)}
    at = [0, 0]
    for key in ["ArrowRight", "ArrowDown", "ArrowDown", "ArrowRight", "ArrowLeft", "ArrowUp"]:
        page.keyboard.press(key)
        at = [
            min(max(at[0] + moves[key][0], 0), H - 1),
            min(max(at[1] + moves[key][1], 0), W - 1),
        ]
        i, j = at
        assert shown(root)["cell"] == at, key
        r0, c0 = i * s - p, j * s - p
        reached = sorted(
            [r0 + a * d, c0 + b * d]
            for a in range(k)
            for b in range(k)
            if 0 <= r0 + a * d < out.shape[0] and 0 <= c0 + b * d < out.shape[1]
        )
        assert sorted(shown(root)["painted"]) == reached
        said = status.inner_text()
        assert said == (
            f"Input ({i}, {j}) = {x[i, j]:g} paints output rows {span(r0, k, d)}, columns "
            f"{span(c0, k, d)} ({k}×{k} cells, {d} apart); {k * k - len(reached)} of them "
            "cropped by padding"
        )
        # the cells it paints are the ringed ones
        ringed = root.locator("svg.pt-grid:not([data-grid]) g.pt-cell.paint")
        assert ringed.count() == k * k
        assert cells.evaluate("e => e === document.activeElement")
    # a click selects too
    root.locator(f'svg.pt-grid[data-grid] [data-flat="{W - 1}"]').click()
    assert shown(root)["cell"] == [0, W - 1]


def test_each_tooltip_names_the_input_cells_that_paint_it(page_at):  # noqa: F811
    root = explorer(page_at(PAGE), "transpose")
    x = grid(root)
    for k, s, p, op, d in [(3, 2, 1, 1, 1), (2, 3, 0, 2, 1), (3, 2, 2, 1, 2)]:
        set_controls(root, output_padding=0)
        set_controls(root, kernel=k, stride=s, padding=p, output_padding=op, dilation=d)
        who = painters(x.shape, k, s, p, d)
        tips = root.locator("svg.pt-grid:not([data-grid]) g.pt-cell").evaluate_all(
            "cells => cells.map(c => [c.dataset.cell, c.querySelector('title').textContent])"
        )
        for where, tip in tips:
            r, c = (int(v) - p for v in where.split(","))
            named = re.findall(r"\((−?\d+), (−?\d+)\)", tip.split("painted by", 1)[1])
            inputs = [(int(a), int(b)) for a, b in named]
            assert sorted(inputs) == sorted(who.get((r, c), [])), (where, tip)
            assert tip.startswith(f"output ({dash(str(r))}, {dash(str(c))})") or tip.startswith(
                f"cropped by padding: ({dash(str(r))}, {dash(str(c))})"
            ), tip


def test_the_drawing_says_which_grid_is_the_input_and_which_the_output(page_at):  # noqa: F811
    root = explorer(page_at(PAGE), "transpose")
    x = grid(root)
    H, W = x.shape
    set_controls(root, kernel=3, stride=2, padding=1, output_padding=1, dilation=1)
    out, _ = expected(x, 3, 2, 1, 1, 1)
    captions = root.locator("figcaption").all_inner_texts()
    assert captions[0] == f"input {H}×{W}"
    assert captions[1].startswith(f"output {out.shape[0]}×{out.shape[1]}")
    legend = root.locator(".pt-legend").inner_text()
    for words in [
        "selected input cell, and the output cells it paints",
        "×n: painted by n input cells",
        "cropped by padding",
        "output padding",
        "the output",
    ]:
        assert words in legend
    # each grid is named for assistive technology too, in words
    assert root.locator("svg[data-grid]").get_attribute("aria-label").startswith(f"Input {H}×{W}")
    assert (
        root.locator("svg.pt-grid:not([data-grid])")
        .get_attribute("aria-label")
        .startswith(f"Output {out.shape[0]}×{out.shape[1]}, cut from the full")
    )
    formula = root.locator(".pt-formula").inner_text()
    assert f"H_out = ({H} − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = {out.shape[0]}" in formula
    # with neither padding nor output padding, no mark of them is left in the legend
    set_controls(root, output_padding=0, padding=0)
    legend = root.locator(".pt-legend").inner_text()
    assert "cropped" not in legend
    assert "output padding" not in legend
    assert root.locator("figcaption").nth(1).inner_text().endswith("(the full canvas)")
