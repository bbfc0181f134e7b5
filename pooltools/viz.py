"""Matplotlib drawings of pooling: grids with their numbers, windows, winners, padding.

Every function takes ``ax=None`` (a new figure if None), returns what it drew, and never
calls ``plt.show()``. Values use the colour-blind-safe ``cividis`` map; windows use the
Okabe-Ito palette; padding is hatched.
"""

from __future__ import annotations

import numpy as np

from .shapes import pool_windows

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7"]


def _plt():
    import matplotlib.pyplot as plt

    return plt


def draw_grid(values, ax=None, *, title=None, vmin=None, vmax=None, fmt="{:g}", padding=0):
    """Draw a 2-D array as a grid of coloured cells with their numbers.

    ``padding`` cells are drawn hatched around the grid. Returns the ``Axes``.
    """
    values = np.asarray(values, dtype=float)
    if values.ndim != 2:
        raise ValueError(f"draw_grid: values must be 2-D, got shape {values.shape}")
    ax = ax or _plt().subplots(figsize=(0.6 * values.shape[1] + 1, 0.6 * values.shape[0] + 1))[1]
    finite = values[np.isfinite(values)]
    vmin = finite.min() if vmin is None and finite.size else vmin
    vmax = finite.max() if vmax is None and finite.size else vmax
    ax.imshow(values, cmap="cividis", vmin=vmin, vmax=vmax, extent=_extent(values.shape))
    mid = (vmin + vmax) / 2 if vmin is not None else 0
    for (r, c), v in np.ndenumerate(values):
        colour = "black" if np.isfinite(v) and v > mid else "white"
        ax.text(c, r, fmt.format(v), ha="center", va="center", color=colour, fontsize=11)
    rows, cols = values.shape
    for p in range(padding):
        for r in range(-p - 1, rows + p + 1):
            for c in range(-p - 1, cols + p + 1):
                if not (-p - 1 < r < rows + p and -p - 1 < c < cols + p):
                    _cell(ax, r, c, hatch="///", edge="0.5")
    ax.set_xlim(-0.5 - padding, cols - 0.5 + padding)
    ax.set_ylim(rows - 0.5 + padding, -0.5 - padding)
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title)
    return ax


def _extent(shape):
    return (-0.5, shape[1] - 0.5, shape[0] - 0.5, -0.5)


def _cell(ax, r, c, *, edge, hatch=None, width=1.0, fill=False, inset=0.0):
    from matplotlib.patches import Rectangle

    size = 1 - 2 * inset
    rect = Rectangle(
        (c - 0.5 + inset, r - 0.5 + inset),
        size,
        size,
        fill=fill,
        edgecolor=edge,
        hatch=hatch,
        linewidth=width,
        facecolor="none",
    )
    ax.add_patch(rect)
    return rect


def draw_window(ax, window, colour, *, winner=None):
    """Outline the input cells of one ``pooltools.Window``; mark ``winner`` (a cell) with a ring."""
    for cell, kind in zip(window.cells, window.kinds):
        style = {"input": None, "padding": "///", "overhang": "xx"}[kind]
        _cell(ax, *cell, edge=colour, width=2.5, hatch=style, inset=0.06)
    if winner is not None:
        ax.plot(winner[1], winner[0], "o", ms=24, mfc="none", mec="black", mew=2)
    return ax


def pooling_figure(x, kernel_size, stride=None, padding=0, mode="max"):
    """Input with every window outlined, and the pooled output beside it.

    Each window and the output cell it makes share a colour; for max pooling the winning
    cell of each window is ringed. Returns the ``Figure``.
    """
    from . import avg_pool2d, max_pool2d

    x = np.asarray(x, dtype=float)
    plt = _plt()
    if mode == "max":
        out, idx = max_pool2d(x[None], kernel_size, stride, padding, return_indices=True)
        out, idx = out[0], idx[0]
    elif mode == "avg":
        out, idx = avg_pool2d(x[None], kernel_size, stride, padding)[0], None
    else:
        raise ValueError(f"pooling_figure: mode={mode!r} must be 'max' or 'avg'")
    fig, (left, right) = plt.subplots(
        1,
        2,
        figsize=(8, 4),
        gridspec_kw={"width_ratios": [x.shape[1] + 2 * padding, out.shape[1] + 1]},
    )
    draw_grid(x, left, title=f"input {x.shape[0]}×{x.shape[1]}", padding=padding)
    draw_grid(
        out, right, title=f"{mode} pooled {out.shape[0]}×{out.shape[1]}", vmin=x.min(), vmax=x.max()
    )
    for n, window in enumerate(pool_windows(x.shape, kernel_size, stride, padding)):
        colour = OKABE_ITO[n % len(OKABE_ITO)]
        winner = None if idx is None else divmod(int(idx[window.out]), x.shape[1])
        draw_window(left, window, colour, winner=winner)
        _cell(right, *window.out, edge=colour, width=3, inset=0.06)
    fig.tight_layout()
    return fig


def windows_1d(length, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, ax=None):
    """Every window along one axis, one row per window, over the input and its padding.

    Padding cells are hatched; ceil-mode overhang is drawn dashed. Returns the ``Axes``.
    """
    from matplotlib.patches import Rectangle

    windows = pool_windows(length, kernel_size, stride, padding, dilation, ceil_mode)
    cells = [c[0] for w in windows for c in w.cells]
    first, last = min(-padding, *cells), max(length + padding - 1, *cells)
    ax = ax or _plt().subplots(figsize=(0.45 * (last - first + 1) + 1, 0.4 * len(windows) + 1))[1]
    for c in range(first, last + 1):
        kind = "input" if 0 <= c < length else "padding" if c < length + padding else "overhang"
        style = {"input": {}, "padding": {"hatch": "///"}, "overhang": {"linestyle": "--"}}[kind]
        ax.add_patch(Rectangle((c, 0), 1, 1, fill=False, edgecolor="0.4", **style))
        if kind == "input":
            ax.text(c + 0.5, 0.5, str(c), ha="center", va="center", fontsize=9)
    for n, w in enumerate(windows):
        colour = OKABE_ITO[n % len(OKABE_ITO)]
        for (c,), kind in zip(w.cells, w.kinds):
            ax.add_patch(
                Rectangle(
                    (c + 0.1, -1.0 - 0.8 * n),
                    0.8,
                    0.5,
                    color=colour,
                    alpha=1.0 if kind == "input" else 0.45,
                )
            )
        ax.text(first - 0.3, -0.75 - 0.8 * n, f"out {n}", ha="right", va="center", fontsize=9)
    ax.set_xlim(first - 1.6, last + 1.2)
    ax.set_ylim(-1.2 - 0.8 * len(windows), 1.2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax
