"""Interactive explorers that work in Jupyter and in the static book alike.

Each function returns an ``Explorer``: self-contained HTML (controls, a view, and the
JavaScript of ``explorers.js`` that computes and draws the pooling in the browser).
Jupyter, VS Code and Colab show it through ``_repr_html_``; the rendered book keeps it
as it is, so the controls work there with no kernel. Every explorer's root element
carries ``data-pooltools-explorer``; its controls are plain ``input``, ``select`` and
``button`` elements, usable from the keyboard.

- ``window_explorer``: the window each output cell reads, its value, the size formula.
- ``gradient_explorer``: where an output's gradient lands in the input.
- ``shape_lab``: output size and the windows along one axis, or the rule broken.
- ``adaptive_bins_explorer``: the bins of adaptive pooling over the input.
- ``feature_maps``: a photograph, an edge filter's response, max and average pooled.
"""

from __future__ import annotations

import base64
import html
import io
import json
from functools import cache
from importlib import resources

import numpy as np

from ._validate import int_tuple


@cache
def _asset(name: str) -> str:
    return resources.files("pooltools").joinpath(name).read_text()


class Explorer:
    """An explorer's HTML; notebooks and the book display it through ``_repr_html_``."""

    def __init__(self, kind: str, controls: str, config: dict, script: str | None = None):
        # script: a chapter explorer's own file (explorer_<kind>.js) that registers its kind
        self.kind, self.controls, self.config, self.script = kind, controls, config, script

    def _repr_html_(self) -> str:
        config = html.escape(json.dumps(self.config), quote=True)
        return (
            # data-lm-suppress-shortcuts: keys typed here are not JupyterLab commands
            f'<div class="pt-explorer" data-lm-suppress-shortcuts="true" '
            f'data-pooltools-explorer="{self.kind}" '
            f'data-config="{config}">'
            f"<style>{_asset('explorers.css')}</style>"
            f'<div class="pt-controls">{self.controls}</div>'
            '<div class="pt-error" role="alert"></div>'
            '<div class="pt-view" aria-live="polite"></div>'
            f"<script>{_asset('explorers.js')}\n"
            + (f"{_asset(self.script)}\n" if self.script else "")
            + "pooltoolsJS.start(document.currentScript.parentElement);</script></div>"
        )


def _number(name: str, label: str, value: int, low: int, high: int = 12) -> str:
    return (
        f'<label>{label} <input type="number" name="{name}" value="{value}" '
        f'min="{low}" max="{high}" step="1"></label>'
    )


def _select(name: str, label: str, options, selected) -> str:
    items = "".join(
        f'<option value="{o}"{" selected" if str(o) == str(selected) else ""}>{o}</option>'
        for o in options
    )
    return f'<label>{label} <select name="{name}">{items}</select></label>'


def _onoff(flag: bool) -> str:
    return "on" if flag else "off"


def _grid(op: str, x, default_seed: int) -> list:
    if x is None:
        x = np.random.default_rng(default_seed).integers(0, 10, (6, 6))
    x = np.asarray(x)
    if x.ndim != 2 or not 1 <= x.shape[0] <= 12 or not 1 <= x.shape[1] <= 12:
        raise ValueError(f"{op}: x must be a 2-D grid of at most 12x12 cells, got shape {x.shape}")
    if x.dtype.kind not in "iuf":
        raise TypeError(f"{op}: x has dtype {x.dtype}; expected real numbers")
    return x.tolist()


def _mode(op: str, mode: str) -> str:
    if mode not in ("max", "avg"):
        raise ValueError(f"{op}: mode={mode!r} must be 'max' or 'avg'")
    return mode


def _pooling_controls(mode, kernel_size, stride, padding, ceil_mode, dilation=None) -> str:
    """Mode, kernel, stride, padding, dilation (if given) and ceil mode, as form controls."""
    return (
        _select("mode", "mode", ["max", "avg"], mode)
        + _number("kernel", "kernel", kernel_size, 1)
        + _number("stride", "stride", stride, 1)
        + _number("padding", "padding", padding, 0)
        + ("" if dilation is None else _number("dilation", "dilation", dilation, 1))
        + _select("ceil", "ceil mode", ["off", "on"], _onoff(ceil_mode))
    )


_STEP = (
    '<label>output cell <input type="range" name="cell" min="0" max="0" value="0"></label>'
    '<button type="button" data-step="prev">◀ previous</button>'
    '<button type="button" data-step="next">next ▶</button>'
)


def window_explorer(
    x=None, kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False, mode="max"
) -> Explorer:
    """Step through the output cells and see the window each one reads.

    ``x`` is a small 2-D grid (default: 6x6 random digits). Controls: mode, kernel size,
    stride, padding, dilation, ceil mode, and the output cell. Invalid settings show the
    rule they break.
    """
    op = "window_explorer"
    controls = (
        _pooling_controls(_mode(op, mode), kernel_size, stride, padding, ceil_mode, dilation)
        + "<br>"
        + _STEP
    )
    return Explorer("window", controls, {"input": _grid(op, x, 0)})


def gradient_explorer(
    x=None, kernel_size=2, stride=2, padding=0, ceil_mode=False, mode="max", count_include_pad=True
) -> Explorer:
    """Run pooling backwards: where does an output cell's gradient land in the input?

    Pick one output cell (upstream gradient 1 there, 0 elsewhere) or all ones. Max pooling
    routes each gradient to its window's winner; average pooling spreads it over the
    window, divided by the window's divisor (shown, with ``count_include_pad``).
    """
    op = "gradient_explorer"
    controls = (
        _pooling_controls(_mode(op, mode), kernel_size, stride, padding, ceil_mode)
        + _select(
            "count_include_pad", "count_include_pad", ["on", "off"], _onoff(count_include_pad)
        )
        + "<br>"
        + _select("upstream", "upstream gradient", ["one cell", "all ones"], "one cell")
        + _STEP
    )
    return Explorer("gradient", controls, {"input": _grid(op, x, 1)})


def shape_lab(
    length=7, kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False
) -> Explorer:
    """Output size along one axis, the windows drawn over the input, or the rule broken."""
    controls = (
        _number("length", "input size", length, 1, 40)
        + _number("kernel", "kernel", kernel_size, 1)
        + _number("stride", "stride", stride, 1)
        + _number("padding", "padding", padding, 0)
        + _number("dilation", "dilation", dilation, 1)
        + _select("ceil", "ceil mode", ["off", "on"], _onoff(ceil_mode))
    )
    return Explorer("shape", controls, {})


def adaptive_bins_explorer(input_size=10, output_size=4) -> Explorer:
    """The bins adaptive pooling uses for an input and output size, drawn over the input."""
    controls = _number("length", "input size", input_size, 1, 40) + _number(
        "bins", "output size", output_size, 1, 40
    )
    return Explorer("adaptive", controls, {})


def feature_maps(image=None, kernels=(2, 4, 8), size=128) -> Explorer:
    """A photograph, a vertical-edge detector's response, and that response pooled.

    ``image`` is a 2-D grayscale array; by default matplotlib's sample photograph of
    Grace Hopper (no download). The response is ``relu`` of a 3x3 Sobel filter; every
    pooled view is computed here by pooltools and embedded as a small PNG, so the
    controls (mode, kernel) work without a kernel.
    """
    from . import avg_pool2d, max_pool2d

    op = "feature_maps"
    kernels = int_tuple(op, "kernels", tuple(kernels), len(tuple(kernels)), 1)
    gray = sample_photo(size) if image is None else np.asarray(image, dtype=np.float32)
    if gray.ndim != 2:
        raise ValueError(f"{op}: image must be a 2-D grayscale array, got shape {gray.shape}")
    response = np.maximum(vertical_edges(gray), 0)
    bright = float(np.percentile(response, 99)) or 1.0  # a few strong edges must not darken all
    stages = [
        _view(gray, "gray", "photograph", f"input {gray.shape[0]}×{gray.shape[1]}"),
        _view(
            response,
            "cividis",
            "vertical-edge response, bright where edges are",
            f"edge response {response.shape[0]}×{response.shape[1]}",
            vmax=bright,
        ),
    ]
    views = {}
    for mode, pool in (("max", max_pool2d), ("avg", avg_pool2d)):
        for k in kernels:
            pooled = pool(response[None], k)[0]
            h, w = pooled.shape
            views[f"{mode}-{k}"] = {
                **_view(
                    pooled,
                    "cividis",
                    f"edge response {mode} pooled with {k}×{k} windows",
                    f"{mode} pooled, kernel {k}: {h}×{w}",
                    vmax=bright,
                ),
                "shape": [h, w],
            }
    controls = _select("mode", "pooling", ["max", "avg"], "max") + _select(
        "kernel", "kernel = stride", kernels, kernels[0]
    )
    return Explorer("features", controls, {"stages": stages, "views": views})


def sample_photo(size: int = 128) -> np.ndarray:
    """Matplotlib's sample photograph of Grace Hopper, grayscale in [0, 1], ``size`` a side.

    It ships with matplotlib, so nothing is downloaded. Downsampled by average pooling.
    """
    import matplotlib.cbook
    import matplotlib.image

    rgb = matplotlib.image.imread(
        matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)
    )
    gray = rgb[..., :3].astype(np.float32).mean(axis=-1) / 255.0
    from . import avg_pool2d

    side = min(gray.shape)
    gray = gray[:side, :side]
    factor = max(1, side // size)
    return avg_pool2d(gray[None, : factor * size, : factor * size], factor)[0]


def vertical_edges(image: np.ndarray) -> np.ndarray:
    """A 3x3 Sobel filter's response to vertical edges (valid convolution, no padding)."""
    kernel = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=np.float32)
    h, w = image.shape
    out = np.zeros((h - 2, w - 2), dtype=np.float32)
    for a in range(3):
        for b in range(3):
            out += kernel[a, b] * image[a : a + h - 2, b : b + w - 2]
    return out


def _view(values, cmap: str, alt: str, caption: str, vmax=None) -> dict:
    import matplotlib.image

    buffer = io.BytesIO()
    vmax = float(values.max()) if vmax is None else vmax
    matplotlib.image.imsave(
        buffer, values, cmap=cmap, vmin=0, vmax=vmax or 1, format="png", metadata={"Software": None}
    )
    data = base64.b64encode(buffer.getvalue()).decode()
    return {"src": f"data:image/png;base64,{data}", "alt": alt, "caption": caption}


# Chapter 5 explorers
# (end of chapter 5 explorers)
# Chapter 6 explorers
# (end of chapter 6 explorers)
# Chapter 7 explorers
# (end of chapter 7 explorers)
# Chapter 8 explorers
# (end of chapter 8 explorers)
# Chapter 9 explorers
# (end of chapter 9 explorers)
# Chapter 10 explorers
# (end of chapter 10 explorers)
