"""Matplotlib drawings of pooling: grids with their numbers, windows, winners, padding.

Every function takes ``ax=None`` (a new figure if None), returns what it drew, and never
calls ``plt.show()``. Values use the colour-blind-safe ``cividis`` map; windows use the
Okabe-Ito palette; padding is hatched. ``show`` draws a figure for a light and for a
dark page at once (``themed``, ``ink``), with lettering that stays legible on a phone.
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
        ax.text(c, r, fmt.format(v), ha="center", va="center", color=colour, fontsize=FONT_PT)
    rows, cols = values.shape
    for p in range(padding):
        for r in range(-p - 1, rows + p + 1):
            for c in range(-p - 1, cols + p + 1):
                if not (-p - 1 < r < rows + p and -p - 1 < c < cols + p):
                    _cell(ax, r, c, hatch="///", edge=ink(0.5))
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
        figsize=(4.7, 2.9),
        gridspec_kw={"width_ratios": [x.shape[1] + 2 * padding, out.shape[1] + 0.6]},
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
        ax.add_patch(Rectangle((c, 0), 1, 1, fill=False, edgecolor=ink(0.4), **style))
        if kind == "input":
            ax.text(c + 0.5, 0.5, str(c), ha="center", va="center", fontsize=FONT_PT)
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
        ax.text(first - 0.3, -0.75 - 0.8 * n, f"out {n}", ha="right", va="center", fontsize=FONT_PT)
    ax.set_xlim(first - 2.2, last + 1.2)
    ax.set_ylim(-1.2 - 0.8 * len(windows), 1.2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


# Figures for a light page and for a dark one. The book's theme (pydata-sphinx-theme)
# draws its dark mode on #14181e with #ced6dd text; the dark render uses the same, so a
# figure sits on the page like its text. Value maps (cividis, viridis) are the same in
# both: they stay ordered by lightness, which an inverted image would reverse.
#: The smallest lettering, in points: 12 pt (16.7 px at 100 dpi) on a figure at most 4.9
#: inches wide stays at least 11 CSS px when a 375 px phone shows it in the book's 327 px
#: column (16.7 * 327 / 490 = 11.1). Draw figures 4.7 inches wide, or narrower.
FONT_PT = 12
THEMES = {
    "light": {
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "axes.facecolor": "white",
        "text.color": "black",
        "axes.labelcolor": "black",
        "axes.edgecolor": "black",
        "xtick.color": "black",
        "ytick.color": "black",
        "grid.color": "#b0b0b0",
    },
    "dark": {
        "figure.facecolor": "#14181e",
        "figure.edgecolor": "#14181e",
        "savefig.facecolor": "#14181e",
        "savefig.edgecolor": "#14181e",
        "axes.facecolor": "#14181e",
        "axes.edgecolor": "#ced6dd",
        "axes.labelcolor": "#ced6dd",
        "text.color": "#ced6dd",
        "xtick.color": "#ced6dd",
        "ytick.color": "#ced6dd",
        "grid.color": "#ced6dd",
        "legend.facecolor": "#14181e",
        "legend.edgecolor": "#ced6dd",
    },
}
_SIZES = {
    "font.size": FONT_PT,
    "axes.titlesize": FONT_PT + 1,
    "axes.labelsize": FONT_PT,
    "xtick.labelsize": FONT_PT,
    "ytick.labelsize": FONT_PT,
    "legend.fontsize": FONT_PT,
    "figure.titlesize": FONT_PT + 1,
    "font.family": "DejaVu Sans",
    "svg.hashsalt": "pooltools",
}
_current = ["light"]


def theme():
    """The theme being drawn: ``"light"`` or ``"dark"``."""
    return _current[-1]


def ink(level=0.0):
    """A grey for lines and lettering on the page: ``level`` 0 is the text colour, 1 the
    page. On a light page ``ink(0.3)`` is matplotlib's ``"0.3"``; on a dark page the
    same distance from the text colour, towards black."""
    if theme() == "light":
        return str(level)
    text, page = np.array([0xCE, 0xD6, 0xDD]) / 255, np.array([0x14, 0x18, 0x1E]) / 255
    return tuple(float(v) for v in np.round(text + (page - text) * level, 4))


class themed:
    """``with themed("dark"):`` draws with the dark page's colours (and the sizes)."""

    def __init__(self, name):
        if name not in THEMES:
            raise ValueError(f"themed: name={name!r} must be one of {sorted(THEMES)}")
        self.name = name

    def __enter__(self):
        self._rc = _plt().rc_context({**_SIZES, **THEMES[self.name]})
        self._rc.__enter__()
        _current.append(self.name)
        return self

    def __exit__(self, *exc):
        _current.pop()
        return self._rc.__exit__(*exc)


def smallest_font_px(fig, dpi=100):
    """The smallest lettering on ``fig`` (visible, non-empty text), in pixels at ``dpi``."""
    from matplotlib.text import Text

    sizes = [
        t.get_fontsize()
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.get_alpha() != 0
    ]
    return round(min(sizes) * dpi / 72, 1) if sizes else 0.0


def png_bytes(fig, dpi=100, tight=False):
    """``fig`` as PNG bytes with no software version, and its smallest lettering in
    pixels recorded as the text chunk ``min-font-px`` (the browser test reads it)."""
    import io

    metadata = {"Software": None, "min-font-px": f"{smallest_font_px(fig, dpi):g}"}
    buffer = io.BytesIO()
    bbox = {"bbox_inches": "tight", "pad_inches": 0.06} if tight else {}
    fig.savefig(buffer, format="png", dpi=dpi, metadata=metadata, **bbox)
    return buffer.getvalue()


def svg_text(fig, tight=False) -> str:
    """``fig`` as SVG, the same text on every run: no date, fixed ids, and lettering kept
    as text (a teacher can edit it in slides; the font falls back to the viewer's)."""
    import io

    buffer = io.StringIO()
    bbox = {"bbox_inches": "tight", "pad_inches": 0.06} if tight else {}
    with _plt().rc_context({"svg.hashsalt": "pooling-book", "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None}, **bbox)
    return buffer.getvalue()


class ThemedFigure:
    """One figure drawn for a light and for a dark page. Jupyter shows its ``text/html``
    (both images; the page's theme shows one); a front-end without HTML, its light PNG."""

    def __init__(self, light: bytes, dark: bytes, alt: str, svg: str | None = None):
        self.light, self.dark, self.alt, self.svg = light, dark, alt, svg

    def _repr_png_(self):
        return self.light

    def _repr_html_(self):
        import base64
        import html

        alt = html.escape(self.alt, quote=True)

        def img(data, which):
            b64 = base64.b64encode(data).decode()
            return f'<img class="only-{which}" src="data:image/png;base64,{b64}" alt="{alt}">'

        # The book's theme hides .only-light/.only-dark by itself; the style switches them
        # in JupyterLab (dark theme), VS Code (dark) and the book, inside .themed-figure.
        dark_page = (
            'html[data-theme="dark"] .themed-figure',
            'body[data-jp-theme-light="false"] .themed-figure',
            "body.vscode-dark .themed-figure",
        )
        style = (
            ".themed-figure img{max-width:100%;height:auto}.themed-figure .only-dark{display:none}"
            + ",".join(f"{s} .only-dark" for s in dark_page)
            + "{display:inline}"
            + ",".join(f"{s} .only-light" for s in dark_page)
            + "{display:none}"
        )
        html_ = (
            f'<div class="themed-figure">{img(self.light, "light")}{img(self.dark, "dark")}'
            f"<style>{style}</style></div>"
        )
        # the light figure as SVG rides in the output's metadata, which no page shows: the
        # instructor pack collects it from the executed chapters (tools/classroom.py)
        return (html_, {"pooltools": {"svg": self.svg, "alt": self.alt}}) if self.svg else html_


def show(draw, alt, dpi=100, tight=False):
    """Draw a figure twice, for a light and a dark page: ``draw()`` makes it (it may
    return the ``Figure``; else the current one is taken), best with a constrained
    layout (``tight=True`` crops to the drawing instead, at the cost of another render).
    Returns a ``ThemedFigure``, which a notebook displays; ``alt`` describes it for a
    reader who cannot see it. The light figure is also kept as SVG (``svg_text``), for a
    teacher's own slides."""
    plt = _plt()
    renders, svg = [], None
    for name in ("light", "dark"):
        with themed(name):
            fig = draw() or plt.gcf()
            renders.append(png_bytes(fig, dpi, tight))
            if name == "light":
                svg = svg_text(fig, tight)
            plt.close(fig)
    return ThemedFigure(*renders, alt, svg)
