"""The gradient explorer on chapter 6 shows ties and overlap: the cells it marks as fed by
several windows, the tied maxima it marks, and the window and winner of one output cell
are the ones pooltools finds."""

from __future__ import annotations

import re

import numpy as np
import pytest
from test_explorers_browser import explorer, grid, page_at, set_controls, shown  # noqa: F401

import pooltools

pytestmark = pytest.mark.browser
PAGE = "chapters/06_backpropagation.html"


def tables(root):
    """Each grid of the view (an SVG) as a list of rows of (class, title) pairs; a cell the
    grid does not draw is ("", "")."""
    return root.locator(".pt-view svg.pt-grid").evaluate_all(
        """grids => grids.map(g => {
            const [rows, cols] = g.dataset.cells.split(",").map(Number);
            const cells = [...Array(rows)].map(() => [...Array(cols)].map(() => ["", ""]));
            g.querySelectorAll("g.pt-cell[data-cell]").forEach(c => {
                const [i, j] = c.dataset.cell.split(",").map(Number);
                const title = c.querySelector("title");
                cells[i][j] = [c.getAttribute("class"), title ? title.textContent : ""];
            });
            return cells;
        })"""
    )


def sources_shown(gradient_table):
    """How many windows the explorer says feed each input cell (0 if it says none)."""
    counts = [
        [re.match(r"gradient from (\d+)", title) for _, title in row] for row in gradient_table
    ]
    return np.array([[int(m.group(1)) if m else 0 for m in row] for row in counts])


def marked(input_table, name, padding):
    """The input cells (row, column) whose class includes ``name``."""
    return {
        (r - padding, c - padding)
        for r, row in enumerate(input_table)
        for c, (cls, _) in enumerate(row)
        if name in cls.split()
    }


def ties(x, k, s, p):
    """The cells that equal their window's maximum but are not its first maximum."""
    _, idx = pooltools.max_pool2d(x[None], k, s, p, return_indices=True)
    found = set()
    for w in pooltools.pool_windows(x.shape, k, s, p):
        winner = divmod(int(idx[(0, *w.out)]), x.shape[1])
        real = [cell for cell, kind in zip(w.cells, w.kinds) if kind == "input"]
        best = max(x[cell] for cell in real)
        found |= {cell for cell in real if x[cell] == best and cell != winner}
    return found


@pytest.mark.parametrize(
    ("mode", "k", "s", "p"), [("max", 3, 2, 1), ("max", 3, 1, 1), ("avg", 3, 2, 1)]
)
def test_cells_fed_by_several_windows_are_marked(page_at, mode, k, s, p):  # noqa: F811
    root = explorer(page_at(PAGE), "gradient")
    x = grid(root)
    set_controls(root, upstream="all ones", mode=mode, kernel=k, stride=s, padding=p, ceil="off")
    out = pooltools.max_pool2d(x[None], k, s, p)
    if mode == "max":  # an upstream 1 everywhere counts the windows each cell wins
        expected = pooltools.max_pool2d_backward(np.ones_like(out), x[None], k, s, p)[0]
    else:  # with divisor 1, every window adds 1 to each of its real cells
        expected = pooltools.avg_pool2d_backward(
            np.ones_like(out), x[None], k, s, p, divisor_override=1
        )[0]
    *_, gradient_table = tables(root)
    shown_sources = sources_shown(gradient_table)
    np.testing.assert_array_equal(shown_sources, expected)
    multi = {cell for cell, n in np.ndenumerate(shown_sources) if n > 1}
    assert multi == {
        (r, c)
        for r, row in enumerate(gradient_table)
        for c, (cls, _) in enumerate(row)
        if "multi" in cls
    }
    if mode == "max":
        assert multi, "the chapter's grid should have a cell that wins several windows"
        assert marked(tables(root)[0], "tie", p) == ties(x, k, s, p)


def test_the_chapter_grid_has_ties_and_they_are_explained(page_at):  # noqa: F811
    root = explorer(page_at(PAGE), "gradient")
    x = grid(root)
    set_controls(root, upstream="all ones", mode="max", kernel=3, stride=2, padding=1, ceil="off")
    assert ties(x, 3, 2, 1), "the chapter's grid should have a tied maximum"
    note = root.locator(".pt-note").inner_text()
    assert "tied maximum" in note
    assert "more than one window" in note


def test_one_cell_outlines_its_window_and_winner(page_at):  # noqa: F811
    root = explorer(page_at(PAGE), "gradient")
    x = grid(root)
    set_controls(root, upstream="one cell", mode="max", kernel=3, stride=2, padding=1, ceil="off")
    windows = pooltools.pool_windows(x.shape, 3, 2, 1)
    _, idx = pooltools.max_pool2d(x[None], 3, 2, 1, return_indices=True)
    for n in (0, len(windows) // 2, len(windows) - 1):
        set_controls(root, cell=n)
        input_table = tables(root)[0]
        assert marked(input_table, "win", 1) == set(windows[n].cells)
        winner = divmod(int(idx[(0, *windows[n].out)]), x.shape[1])
        assert marked(input_table, "best", 1) == {winner}
        g = np.zeros(idx.shape)
        g[(0, *windows[n].out)] = 1
        np.testing.assert_allclose(
            shown(root), pooltools.max_pool2d_backward(g, x[None], 3, 2, 1)[0]
        )
