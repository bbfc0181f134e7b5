"""Interactive explorers: Jupyter widgets in a kernel, the same drawing in the static book.

Each function checks its arguments and returns a widget (an ``anywidget.AnyWidget``, see
``pooltools.widgets``) whose settings and selection are traits shared with the page:
what the learner does in the explorer changes them in Python, setting them from Python
redraws it, and the results (``output``, ``error``, ...) are recomputed by pooltools at
once. Each widget class's docstring lists its traits. Where there is no kernel (the
rendered book, a front-end without widgets) the widget's ``text/html`` fallback runs
the same ES module against a stand-in model, so the controls still work. Every
explorer's root element carries ``data-pooltools-explorer``; its controls are plain
``input``, ``select`` and ``button`` elements, usable from the keyboard.

- ``window_explorer``: the window each output cell reads, its value, the size formula.
- ``gradient_explorer``: where an output's gradient lands in the input.
- ``shape_lab``: output size and the windows along one axis, or the rule broken.
- ``adaptive_bins_explorer``: the bins of adaptive pooling over the input.
- ``feature_maps``: a photograph, an edge filter's response, max and average pooled.
- ``downsample_explorer``: one grid max pooled, average pooled and convolved with stride
  2, side by side (chapter 7).
- ``shift_explorer``: shift a signal and watch max, average and blur pooling change or
  stay (chapter 8).
- ``architecture_trace``: step through where a network downsamples (chapter 9).
- ``family_explorer``: one window pooled by the family from the mean to the max (power
  mean, Lp norm, softmax pooling), and fractional max pooling's windows (chapter 11).

The drawing of each explorer is its own ES module, ``explorer_<kind>.js``; the pooling
they compute in the browser is ``explorers.js`` (``window.pooltoolsJS``), shared by all.
"""

from __future__ import annotations

import base64
import io
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from ._validate import int_tuple

if TYPE_CHECKING:
    from .widgets import (
        AdaptiveBinsExplorer,
        ArchitectureTrace,
        DownsampleExplorer,
        FamilyExplorer,
        FeatureMaps,
        GradientExplorer,
        ShapeLab,
        ShiftExplorer,
        WindowExplorer,
    )


@cache
def _asset(name: str) -> str:
    return resources.files("pooltools").joinpath(name).read_text()


def _grid(op: str, x, default_seed: int) -> list:
    if x is None:
        x = np.random.default_rng(default_seed).integers(0, 10, (6, 6))
    x = np.asarray(x)
    if x.ndim != 2 or not 1 <= x.shape[0] <= 12 or not 1 <= x.shape[1] <= 12:
        raise ValueError(f"{op}: x must be a 2-D grid of at most 12x12 cells, got shape {x.shape}")
    if x.dtype.kind not in "iuf":
        raise TypeError(f"{op}: x has dtype {x.dtype}; expected real numbers")
    return x.tolist()


def _settings(op: str, **values) -> dict:
    """Integer settings as ints and flags as bools, or a TypeError naming the parameter."""
    for name, v in values.items():
        flag = name in ("ceil_mode", "count_include_pad")
        if flag and not isinstance(v, bool | np.bool_):
            raise TypeError(f"{op}: {name}={v!r} must be True or False")
        if not flag and (isinstance(v, bool) or not isinstance(v, int | np.integer)):
            raise TypeError(f"{op}: {name}={v!r} must be an int")
    return {
        name: bool(v) if isinstance(v, bool | np.bool_) else int(v) for name, v in values.items()
    }


def _mode(op: str, mode: str) -> str:
    if mode not in ("max", "avg"):
        raise ValueError(f"{op}: mode={mode!r} must be 'max' or 'avg'")
    return mode


def window_explorer(
    x=None, kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False, mode="max"
) -> WindowExplorer:
    """Step through the output cells and see the window each one reads.

    ``x`` is a small 2-D grid (default: 6x6 random digits). Controls: mode, kernel size,
    stride, padding, dilation, ceil mode, and the output cell. Invalid settings show the
    rule they break.

    Returns a ``pooltools.widgets.WindowExplorer``: its settings are traits of the same
    names plus ``x`` and ``cell`` (the selected output cell, row and column); its results,
    computed by pooltools, are ``output``, ``value``, ``window``, ``winner`` and ``error``.

    Examples
    --------
    >>> explorer = window_explorer([[1, 5], [3, 2]], kernel_size=2)
    >>> explorer.output, explorer.winner
    ([[5.0]], [0, 1])
    >>> explorer.padding = 2  # from Python, as from the page
    >>> explorer.error
    'max_pool2d: padding=2 must be at most half the kernel size (2 // 2 = 1)'
    """
    from .widgets import WindowExplorer

    op = "window_explorer"
    return WindowExplorer(
        x=_grid(op, x, 0),
        mode=_mode(op, mode),
        **_settings(
            op,
            kernel_size=kernel_size,
            stride=stride,
            padding=padding,
            dilation=dilation,
            ceil_mode=ceil_mode,
        ),
    )


def gradient_explorer(
    x=None, kernel_size=2, stride=2, padding=0, ceil_mode=False, mode="max", count_include_pad=True
) -> GradientExplorer:
    """Run pooling backwards: where does an output cell's gradient land in the input?

    Pick one output cell (upstream gradient 1 there, 0 elsewhere) or all ones. Max pooling
    routes each gradient to its window's winner; average pooling spreads it over the
    window, divided by the window's divisor (shown, with ``count_include_pad``).

    Returns a ``pooltools.widgets.GradientExplorer``: its settings are traits of the same
    names plus ``x``, ``upstream`` (``"one cell"`` or ``"all ones"``) and ``cell``; its
    result ``output`` is the gradient reaching the input, computed by pooltools.
    """
    from .widgets import GradientExplorer

    op = "gradient_explorer"
    return GradientExplorer(
        x=_grid(op, x, 1),
        mode=_mode(op, mode),
        **_settings(
            op,
            kernel_size=kernel_size,
            stride=stride,
            padding=padding,
            ceil_mode=ceil_mode,
            count_include_pad=count_include_pad,
        ),
    )


def shape_lab(
    length=7, kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False
) -> ShapeLab:
    """Output size along one axis, the windows drawn over the input, or the rule broken.

    Returns a ``pooltools.widgets.ShapeLab``: its settings are traits of the same names;
    its results are ``output`` (``pool_output_size``), ``windows`` and ``error``.
    """
    from .widgets import ShapeLab

    return ShapeLab(
        **_settings(
            "shape_lab",
            length=length,
            kernel_size=kernel_size,
            stride=stride,
            padding=padding,
            dilation=dilation,
            ceil_mode=ceil_mode,
        )
    )


def adaptive_bins_explorer(input_size=10, output_size=4) -> AdaptiveBinsExplorer:
    """The bins adaptive pooling uses for an input and output size, drawn over the input.

    Returns a ``pooltools.widgets.AdaptiveBinsExplorer``: settings ``input_size`` and
    ``output_size``; result ``bins`` (``adaptive_bins``) and ``error``.
    """
    from .widgets import AdaptiveBinsExplorer

    return AdaptiveBinsExplorer(
        **_settings("adaptive_bins_explorer", input_size=input_size, output_size=output_size)
    )


def feature_maps(image=None, kernels=(2, 4, 8), size=128) -> FeatureMaps:
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
    from .widgets import FeatureMaps

    config = {"stages": stages, "views": views, "kernels": list(kernels)}
    return FeatureMaps(config=config, mode="max", kernel_size=kernels[0])


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
#: The 3x3 kernels ``downsample_explorer`` offers for its strided convolution. Applied
#: as PyTorch's ``conv2d`` applies them: a cross-correlation, no flip.
DOWNSAMPLE_KERNELS = {
    "average (box)": np.full((3, 3), 1 / 9),
    "binomial blur": np.outer([1, 2, 1], [1, 2, 1]) / 16,
    "vertical edge (Sobel)": np.array([[1.0, 0, -1], [2, 0, -2], [1, 0, -1]]),
    "horizontal edge (Sobel)": np.array([[1.0, 2, 1], [0, 0, 0], [-1, -2, -1]]),
    "identity (subsample)": np.array([[0.0, 0, 0], [0, 1, 0], [0, 0, 0]]),
}


def downsample_explorer(x=None, kernel: str = "average (box)") -> DownsampleExplorer:
    """One grid downsampled three ways, side by side.

    Max pooling 2x2 and average pooling 2x2 (stride 2), and a 3x3 convolution with stride
    2 and padding 1 whose kernel is picked from ``DOWNSAMPLE_KERNELS`` (the ``kernel``
    menu). ``x`` is a 2-D grid of real numbers, 2x2 to 12x12 cells (default: 8x8 random
    digits). The page shows every output with its numbers.

    Returns a ``DownsampleExplorer`` widget. Its settings are the traits ``x`` (the grid)
    and ``kernel`` (the kernel's name); its result ``output`` holds
    ``{"max", "avg", "conv", "kernel"}``, recomputed by pooltools whenever a setting
    changes, and ``error`` the rule an invalid setting breaks. ``config["kernels"]``
    holds the kernels the menu offers.

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers or ``kernel`` is not a string.
    ValueError
        If ``x`` is not a 2-D grid of 2x2 to 12x12 finite numbers, or ``kernel`` is not
        one of ``DOWNSAMPLE_KERNELS``.

    Examples
    --------
    >>> explorer = downsample_explorer([[1, 2], [3, 4]], kernel="identity (subsample)")
    >>> explorer.x, explorer.output["max"], explorer.output["conv"]
    ([[1, 2], [3, 4]], [[4.0]], [[1.0]])
    >>> explorer.kernel = "binomial blur"  # as a click in the menu would
    >>> explorer.output["conv"]
    [[1.125]]
    """
    from .widgets import DownsampleExplorer

    op = "downsample_explorer"
    if x is None:
        x = np.random.default_rng(2).integers(0, 10, (8, 8))
    x = _downsample_grid(op, x)
    kernel = _downsample_kernel(op, kernel, DOWNSAMPLE_KERNELS)
    kernels = {name: w.tolist() for name, w in DOWNSAMPLE_KERNELS.items()}
    return DownsampleExplorer(config={"kernels": kernels}, x=x.tolist(), kernel=kernel)


def _downsample_grid(op: str, x) -> np.ndarray:
    try:
        x = np.asarray(x)
    except ValueError:  # rows of different lengths
        raise ValueError(f"{op}: x must be a 2-D grid, its rows of one length") from None
    if x.dtype.kind not in "iuf":
        raise TypeError(f"{op}: x has dtype {x.dtype}; it must hold real numbers")
    if x.ndim != 2 or not (2 <= x.shape[0] <= 12 and 2 <= x.shape[1] <= 12):
        raise ValueError(
            f"{op}: x of shape {x.shape} must be a 2-D grid of 2x2 to 12x12 cells "
            "(a 2x2 pooling window must fit, and the page must stay readable)"
        )
    if not np.isfinite(x).all():
        raise ValueError(f"{op}: x must hold finite numbers; it has NaN or infinity")
    return x


def _downsample_kernel(op: str, kernel, kernels) -> str:
    if not isinstance(kernel, str):
        raise TypeError(f"{op}: kernel={kernel!r} must be a string, one of the kernel names")
    if kernel not in kernels:
        names = ", ".join(repr(name) for name in kernels)
        raise ValueError(f"{op}: kernel={kernel!r} must be one of {names}")
    return kernel


def _downsample_outputs(op: str, x, kernel: str, kernels) -> dict[str, list | str]:
    """What the downsampling explorer shows: ``{"max", "avg", "conv", "kernel"}``."""
    from . import avg_pool2d, max_pool2d, pool_output_size

    x = _downsample_grid(op, x).astype(np.float64)
    w = np.asarray(kernels[_downsample_kernel(op, kernel, kernels)], dtype=np.float64)
    # conv2d(x, w, stride=2, padding=1): a cross-correlation over the zero-padded grid
    rows, cols = (pool_output_size(n, 3, 2, 1) for n in x.shape)
    padded, conv = np.pad(x, 1), np.zeros((rows, cols))
    for a in range(3):
        for b in range(3):
            conv += w[a, b] * padded[a : a + 2 * rows : 2, b : b + 2 * cols : 2]
    return {
        "max": max_pool2d(x[None], 2)[0].tolist(),
        "avg": avg_pool2d(x[None], 2)[0].tolist(),
        "conv": conv.tolist(),
        "kernel": kernel,
    }


# (end of chapter 7 explorers)
# Chapter 8 explorers

#: The shift explorer's built-in signals: one whose max pooling changes completely under
#: a 1-sample shift (chapter 8's example), stripes, a single spike, seeded random digits.
SHIFT_SIGNALS = {
    "every output changes": [0, 0, 0, 1, 0, 0, 2, 3],
    "stripes 1100": [1, 1, 0, 0] * 4,
    "a single spike": [0] * 5 + [1] + [0] * 10,
    "random digits": np.random.default_rng(8).integers(0, 10, 16).tolist(),
}


def _signal(op: str, signal) -> np.ndarray:
    x = np.asarray(signal)
    if x.dtype.kind not in "iuf":
        raise TypeError(f"{op}: signal has dtype {x.dtype}; it must hold real numbers")
    if x.ndim != 1 or not 4 <= len(x) <= 32 or len(x) % 2:
        raise ValueError(
            f"{op}: signal of shape {x.shape} must be 1-D with an even length from 4 to 32 "
            "(kernel 2, stride 2 must tile it, and the page must stay readable)"
        )
    if not np.isfinite(x).all():
        raise ValueError(f"{op}: signal must hold finite numbers; it has NaN or infinity")
    return x.astype(np.float64)


def _shift(op: str, shift, length: int) -> int:
    if isinstance(shift, bool) or not isinstance(shift, int | np.integer):
        raise TypeError(f"{op}: shift={shift!r} must be an int")
    if not 0 <= shift < length:
        raise ValueError(
            f"{op}: shift={shift} must be from 0 to {length - 1} (the signal's length - 1)"
        )
    return int(shift)


def shift_outputs(signal, shift: int) -> dict[str, np.ndarray]:
    """Max, average and max-blur pooling (kernel 2, stride 2) of a circularly shifted signal.

    What ``shift_explorer`` shows, computed by pooltools: ``input`` is
    ``np.roll(signal, shift)``; ``max`` and ``avg`` pool it with ``max_pool1d`` and
    ``avg_pool1d``; ``blur`` is max-blur pooling with circular padding, a stride-1 max
    over neighbouring pairs (wrapping round), then the blur ``[1, 2, 1] / 4`` centred on
    every second sample: ``blur[j] = (m[2j-1] + 2 m[2j] + m[2j+1]) / 4`` with
    ``m[i] = max(x[i], x[i+1])``, indices modulo the length.

    Raises
    ------
    TypeError
        If ``signal`` does not hold real numbers or ``shift`` is not an int.
    ValueError
        If ``signal`` is not 1-D with an even length from 4 to 32 and finite values, or
        ``shift`` is not from 0 to its length - 1.

    Examples
    --------
    >>> out = shift_outputs([0, 0, 0, 1, 0, 0, 2, 3], 1)
    >>> out["max"].tolist(), out["blur"].tolist()
    ([3.0, 0.0, 1.0, 2.0], [2.25, 0.25, 0.75, 1.75])
    """
    return _shift_outputs("shift_outputs", signal, shift)


def _shift_outputs(op: str, signal, shift) -> dict[str, np.ndarray]:
    from . import avg_pool1d, max_pool1d

    x = _signal(op, signal)
    x = np.roll(x, _shift(op, shift, len(x)))
    pairs = max_pool1d(np.pad(x, (0, 1), mode="wrap")[None], 2, stride=1)[0]  # max(x[i], x[i+1])
    wrapped = np.pad(pairs, 1, mode="wrap")
    blurred = 0.25 * wrapped[:-2] + 0.5 * wrapped[1:-1] + 0.25 * wrapped[2:]
    return {
        "input": x,
        "max": max_pool1d(x[None], 2)[0],
        "avg": avg_pool1d(x[None], 2)[0],
        "blur": blurred[::2],
    }


def zone_plate(size: int = 64, shift: float = 0.0) -> np.ndarray:
    """A zone plate, ``0.5 + 0.5 cos(pi (x^2 + y^2) / size)``, moved ``shift`` pixels right.

    Its stripes get finer away from the centre: the local frequency along x is
    ``|x| / size`` cycles per pixel, from 0 at the centre to 0.5 (the finest a grid can
    hold) at the left and right edges. The pattern is drawn at its new place (not rolled),
    so a shift moves it with no seam. ``x`` and ``y`` run from ``-size/2`` to
    ``size/2 - 1``.

    Examples
    --------
    >>> zone_plate(4).shape, float(zone_plate(4)[2, 2])
    ((4, 4), 1.0)
    """
    if isinstance(size, bool) or not isinstance(size, int | np.integer) or size < 2:
        raise ValueError(f"zone_plate: size={size!r} must be an int of at least 2")
    y, x = np.mgrid[0:size, 0:size].astype(np.float64) - size / 2
    return 0.5 + 0.5 * np.cos(np.pi * ((x - shift) ** 2 + y**2) / size)


def shift_explorer(signal=None, shift: int = 0) -> ShiftExplorer:
    """Shift a 1-D signal circularly and watch max, average and max-blur pooling respond.

    A slider moves the signal by 0 to L-1 samples (``np.roll``); beneath it, the outputs
    of the three poolings of ``shift_outputs`` (kernel 2, stride 2), with the outputs
    that differ from the unshifted ones marked, and whether each output is a shifted
    copy of the unshifted output. A menu picks the signal: ``signal`` (if given) first,
    then ``SHIFT_SIGNALS``.

    Returns a ``ShiftExplorer`` widget. Its settings are the traits ``signal`` (the
    signal's name in ``config["signals"]``) and ``shift``; its result ``output`` holds
    ``{"shift", "input", "max", "avg", "blur"}`` and, for each pooling,
    ``<name>_copy``: the number of cells by which the unshifted output moved, or
    ``None`` if the output is no shifted copy. Results are recomputed by pooltools
    whenever a setting changes; ``error`` holds the rule an invalid setting breaks.

    Raises
    ------
    TypeError, ValueError
        As ``shift_outputs``, for ``signal`` and ``shift`` (checked against the first
        signal of the menu).

    Examples
    --------
    >>> explorer = shift_explorer([1, 2, 3, 4], shift=1)
    >>> explorer.signal, explorer.config["signals"]["your signal"]
    ('your signal', [1.0, 2.0, 3.0, 4.0])
    >>> explorer.output["input"], explorer.output["max"], explorer.output["max_copy"]
    ([4.0, 1.0, 2.0, 3.0], [4.0, 3.0], None)
    """
    from .widgets import ShiftExplorer

    op = "shift_explorer"
    signals = {} if signal is None else {"your signal": _signal(op, signal).tolist()}
    signals.update(SHIFT_SIGNALS)
    first = next(iter(signals))
    shift = _shift(op, shift, len(signals[first]))
    return ShiftExplorer(config={"signals": signals}, signal=first, shift=shift)


def _shift_view(op: str, signal, shift: int) -> dict:
    """What the shift explorer shows: the outputs, and by how much each is a shifted copy."""
    now, before = _shift_outputs(op, signal, shift), _shift_outputs(op, signal, 0)
    view = {"shift": shift, "input": now["input"].tolist()}
    for name in ("max", "avg", "blur"):
        y, y0 = now[name], before[name]
        # the r, shift / 2 first if the shift is even, for which y is y0 rolled by r
        tries = ([shift // 2] if shift % 2 == 0 else []) + list(range(len(y0)))
        moved = (r for r in tries if (np.abs(y - np.roll(y0, r)) < 1e-9).all())
        view[name], view[f"{name}_copy"] = y.tolist(), next(moved, None)
    return view


# (end of chapter 8 explorers)
# Chapter 9 explorers
TRACE_KINDS = ("input", "pooling", "strided conv", "global pooling")


def architecture_trace(traces: dict, architecture: str | None = None) -> ArchitectureTrace:
    """Step through where networks downsample, one architecture at a time.

    ``traces`` maps an architecture's name to its downsampling steps, in order, as
    traced from a real model (pooltools never imports torch: the caller traces and
    passes plain data). Each step is a dict:

    - ``layer``: the module's name (``str``);
    - ``kind``: ``"input"`` (the first step, and only the first), ``"pooling"``,
      ``"strided conv"`` or ``"global pooling"`` (only as the last step);
    - ``shape``: ``[C, H, W]``, the layer's output (the input's shape for the input);
    - ``stride``: the layer's stride, an int of at least 2, for pooling and strided
      convolutions; omitted or ``None`` for the input and global pooling;
    - ``op`` (optional): a short description, such as ``"MaxPool2d 3×3, stride 2"``.

    Each step's total stride, the product of the strides so far, is computed here.
    Heights and widths may not grow, and global pooling must give 1×1.

    Returns an ``ArchitectureTrace`` widget. Its settings are the traits
    ``architecture`` (default: the first of ``traces``) and ``step`` (from 0); its
    result ``output`` is the current step, ``{"architecture", "step", "layer", "kind",
    "shape", "total_stride"}``, recomputed whenever a setting changes, and ``error``
    the rule an invalid setting breaks. ``config["architectures"]`` holds the checked
    steps with their total strides, ``config["kinds"]`` the kinds of step.

    Raises
    ------
    ValueError, TypeError
        Naming the architecture, the step, the field and the rule it breaks.

    Examples
    --------
    >>> explorer = architecture_trace({"tiny": [
    ...     {"layer": "input", "kind": "input", "shape": [3, 8, 8]},
    ...     {"layer": "pool", "kind": "pooling", "shape": [3, 4, 4], "stride": 2}]})
    >>> explorer.step = 1  # as the "next" button would
    >>> explorer.output["layer"], explorer.output["total_stride"]
    ('pool', 2)
    """
    from .widgets import ArchitectureTrace

    op = "architecture_trace"
    if not isinstance(traces, dict) or not 1 <= len(traces) <= 12:
        raise ValueError(
            f"{op}: traces must be a dict of 1 to 12 architectures, got {traces!r:.60}"
        )
    architectures = {}
    for name, steps in traces.items():
        if not isinstance(name, str) or not name.strip() or any(c in name for c in "<>&\"'"):
            raise ValueError(f"{op}: architecture name {name!r} must be plain, non-empty text")
        architectures[name] = _trace_steps(op, name, steps)
    if architecture is None:
        architecture = next(iter(traces))
    if architecture not in traces:
        raise ValueError(f"{op}: architecture={architecture!r} must be one of {list(traces)}")
    config = {"architectures": architectures, "kinds": list(TRACE_KINDS)}
    return ArchitectureTrace(config=config, architecture=architecture)


def _trace_steps(op: str, name: str, steps) -> list[dict]:
    if not isinstance(steps, list | tuple) or not 1 <= len(steps) <= 64:
        raise ValueError(f"{op}: traces[{name!r}] must be a list of 1 to 64 steps")
    result, total = [], 1
    for i, step in enumerate(steps):
        where = f"{op}: traces[{name!r}][{i}]"
        if not isinstance(step, dict):
            raise TypeError(f"{where} must be a dict, got {type(step).__name__}")
        kind, layer = step.get("kind"), step.get("layer")
        if kind not in TRACE_KINDS:
            raise ValueError(f"{where}: kind={kind!r} must be one of {list(TRACE_KINDS)}")
        if (kind == "input") != (i == 0):
            raise ValueError(f"{where}: kind={kind!r}: the first step, and only it, is the input")
        if kind == "global pooling" and i != len(steps) - 1:
            raise ValueError(f"{where}: global pooling must be the last step")
        if not isinstance(layer, str) or not layer:
            raise ValueError(f"{where}: layer={layer!r} must be a non-empty string")
        shape = step.get("shape")
        if (
            not isinstance(shape, list | tuple)
            or len(shape) != 3
            or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in shape)
        ):
            raise ValueError(f"{where}: shape={shape!r} must be [C, H, W] of positive ints")
        stride = step.get("stride")
        if kind in ("pooling", "strided conv"):
            if not isinstance(stride, int) or isinstance(stride, bool) or stride < 2:
                raise ValueError(f"{where}: stride={stride!r} must be an int of at least 2")
            total *= stride
        elif stride is not None:
            raise ValueError(f"{where}: stride={stride!r} must be None for kind {kind!r}")
        if kind == "global pooling" and list(shape[1:]) != [1, 1]:
            raise ValueError(f"{where}: shape={list(shape)} must be 1×1 after global pooling")
        if result and any(a > b for a, b in zip(shape[1:], result[-1]["shape"][1:])):
            raise ValueError(
                f"{where}: shape={list(shape)} must not be larger than the step before "
                f"({result[-1]['shape']})"
            )
        result.append(
            {
                "layer": layer,
                "kind": kind,
                "shape": [int(v) for v in shape],
                "stride": stride,
                "total_stride": total,
                "op": str(step.get("op") or ""),
            }
        )
    return result


# (end of chapter 9 explorers)
# Chapter 10 explorers
# (end of chapter 10 explorers)


# Chapter 11 explorer
#: The window the family explorer pools, and the values its sliders offer.
FAMILY_WINDOW = (0.5, 1.0, 2.0, 6.0)
FAMILY_P = (1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 32.0, 64.0)
FAMILY_BETA = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 16.0)
FAMILY_RATIOS = (0.5, 0.6, 0.7071, 0.75, 0.8, 0.9)


def _window(op: str, window) -> np.ndarray:
    x = np.asarray(window, dtype=np.float64)
    if x.ndim != 1 or not 2 <= len(x) <= 8 or not np.isfinite(x).all() or (x < 0).any():
        raise ValueError(f"{op}: window must be 2 to 8 finite non-negative numbers, got {window!r}")
    return x


def family_outputs(window, p: float = 3.0, beta: float = 1.0) -> dict:
    """One window pooled by the family from the mean to the max.

    ``power_mean`` is ``(mean x**p) ** (1/p)`` (GeM on the window), ``lp_norm`` what
    ``lp_pool1d`` computes with the window as its kernel (``(sum x**p) ** (1/p)``),
    ``softmax`` is ``sum(softmax(beta * x) * x)`` and ``weights`` its softmax weights.

    Examples
    --------
    >>> out = family_outputs([1.0, 7.0], p=2, beta=0)
    >>> out["mean"], out["max"], out["power_mean"], out["softmax"]
    (4.0, 7.0, 5.0, 4.0)
    """
    from .avg_pool import avg_pool1d
    from .lp_pool import lp_pool1d

    op = "family_outputs"
    x = _window(op, window)
    if not (np.isfinite(p) and p >= 1):
        raise ValueError(f"{op}: p={p!r} must be a finite number of at least 1")
    if not (np.isfinite(beta) and beta >= 0):
        raise ValueError(f"{op}: beta={beta!r} must be a finite non-negative number")
    n = len(x)
    e = np.exp(beta * (x - x.max()))
    weights = e / e.sum()
    return {
        "mean": float(x.mean()),
        "max": float(x.max()),
        "power_mean": float(avg_pool1d(x[None] ** p, n)[0, 0] ** (1 / p)),
        "lp_norm": float(lp_pool1d(x[None], p, n)[0, 0]),
        "softmax": float((e * x).sum() / e.sum()),
        "weights": weights.tolist(),
    }


def fractional_starts(length: int, out: int, kernel: int, u: float) -> np.ndarray:
    """The window starts of fractional max pooling along one axis, for sample ``u``.

    The same rule ``fractional_max_pool2d`` uses (float64 samples).

    Examples
    --------
    >>> fractional_starts(10, 7, 2, 0.5).tolist()
    [0, 2, 3, 4, 6, 7, 8]
    """
    from .fractional_max_pool import _starts

    return _starts(np.array([u], dtype=np.float64), length, out, kernel)[0]


def family_explorer(
    window=None, p: float = 3.0, beta: float = 1.0, ratio: float = 0.7071, u: float = 0.3
) -> FamilyExplorer:
    """Pool one window by the whole family at once, and draw fractional windows.

    Sliders for ``p`` (the power mean, GeM, and the Lp norm of ``lp_pool``) and ``beta``
    (softmax pooling) move the outputs between the mean and the max; below, the windows
    of fractional max pooling (kernel 2) over 25 cells for a ``ratio`` and a sample ``u``.

    Returns a ``FamilyExplorer`` widget; its settings are the traits ``p``, ``beta``,
    ``ratio`` and ``u`` (``p`` and ``beta`` snap to the nearest of ``FAMILY_P`` and
    ``FAMILY_BETA``, ``u`` to hundredths, as the sliders do); its result ``output`` holds
    ``family_outputs`` and the fractional ``n`` and ``starts``.

    Examples
    --------
    >>> explorer = family_explorer([1, 7], p=2, beta=0)
    >>> explorer.output["power_mean"], explorer.output["starts"][:4]
    (5.0, [0, 1, 3, 4])
    """
    from .widgets import FamilyExplorer

    x = _window("family_explorer", FAMILY_WINDOW if window is None else window)
    config = {
        "window": x.tolist(),
        "p_values": list(FAMILY_P),
        "beta_values": list(FAMILY_BETA),
        "ratios": list(FAMILY_RATIOS),
        "length": 25,
        "kernel": 2,
    }
    return FamilyExplorer(config=config, p=p, beta=beta, ratio=ratio, u=u)
