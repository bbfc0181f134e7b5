"""The functions the chapters call to make an explorer: each checks its arguments and
returns a widget (a class in ``widgets.py``). anywidget is imported only when an explorer
is made, so ``import pooltools.explore`` needs NumPy alone.
"""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING

import numpy as np

from .._validate import int_tuple
from .compute import (
    DOWNSAMPLE_KERNELS,
    FAMILY_BETA,
    FAMILY_P,
    FAMILY_RATIOS,
    FAMILY_WINDOW,
    FEATURE_MAX_SIDE,
    SHIFT_SIGNALS,
    TRANSPOSE_LIMITS,
    YOUR_SIGNAL,
    _downsample_grid,
    _downsample_kernel,
    _shift,
    _signal,
    _transpose_grid,
    _window,
    sample_photo,
    vertical_edges,
)

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
        TransposeExplorer,
        WindowExplorer,
    )


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

    Returns a ``pooltools.explore.widgets.WindowExplorer``: its settings are traits of the same
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

    Returns a ``pooltools.explore.widgets.GradientExplorer``: its settings are traits of the same
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

    Returns a ``pooltools.explore.widgets.ShapeLab``: its settings are traits of the same names;
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

    Returns a ``pooltools.explore.widgets.AdaptiveBinsExplorer``: settings ``input_size`` and
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
    controls (mode, kernel) work without a kernel. A picture the reader opens in the
    explorer (or drops on it) is made ``size`` x ``size`` as ``square_gray`` makes it
    and set on the widget's ``image``; the page draws its views itself.
    """
    from .. import avg_pool2d, max_pool2d

    op = "feature_maps"
    kernels = int_tuple(op, "kernels", tuple(kernels), len(tuple(kernels)), 1)
    size = _settings(op, size=size)["size"]
    if not max(kernels) + 2 <= size <= FEATURE_MAX_SIDE:
        raise ValueError(
            f"{op}: size={size} must be from {max(kernels) + 2} to {FEATURE_MAX_SIDE} "
            f"(the {max(kernels)}x{max(kernels)} window must fit in the edge response)"
        )
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

    config = {
        "stages": stages,
        "views": views,
        "kernels": list(kernels),
        # for a picture the reader opens: its size, and matplotlib's colour maps, so the
        # page draws it as _view draws the others
        "size": size,
        "original": "the book's photograph" if image is None else "the original picture",
        "colours": {name: _colour_map(name) for name in ("gray", "cividis")},
    }
    return FeatureMaps(photo=gray, config=config, mode="max", kernel_size=kernels[0])


def _colour_map(name: str) -> list[str]:
    """matplotlib's colour map ``name`` as the 256 colours ``imsave`` writes, "#rrggbb"."""
    import matplotlib

    rgb = matplotlib.colormaps[name](np.arange(256), bytes=True)[:, :3]
    return ["#" + bytes(c).hex() for c in rgb]


def _view(values, cmap: str, alt: str, caption: str, vmax=None) -> dict:
    import matplotlib.image

    buffer = io.BytesIO()
    vmax = float(values.max()) if vmax is None else vmax
    matplotlib.image.imsave(
        buffer, values, cmap=cmap, vmin=0, vmax=vmax or 1, format="png", metadata={"Software": None}
    )
    data = base64.b64encode(buffer.getvalue()).decode()
    return {"src": f"data:image/png;base64,{data}", "alt": alt, "caption": caption}


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


def shift_explorer(signal=None, shift: int = 0) -> ShiftExplorer:
    """Shift a 1-D signal circularly and watch max, average and max-blur pooling respond.

    A slider moves the signal by 0 to L-1 samples (``np.roll``); beneath it, the outputs
    of the three poolings of ``shift_outputs`` (kernel 2, stride 2), with the outputs
    that differ from the unshifted ones marked, and whether each output is a shifted
    copy of the unshifted output. A menu picks the signal: ``signal`` (if given) first,
    then ``SHIFT_SIGNALS``, and ``"your signal"`` (last if not given) is the reader's own:
    "edit or draw your signal" types, pastes or draws it (starting from the signal in
    view), and that is the trait ``x``.

    Returns a ``ShiftExplorer`` widget. Its settings are the traits ``signal`` (the
    signal's name in ``config["signals"]``), ``x`` and ``shift``; its result ``output`` holds
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
    >>> explorer.x = [0, 0, 5, 0]  # as the page's editor sets it
    >>> explorer.signal, explorer.output["input"]
    ('your signal', [0.0, 0.0, 0.0, 5.0])
    """
    from .widgets import ShiftExplorer

    op = "shift_explorer"
    signals = {} if signal is None else {YOUR_SIGNAL: _signal(op, signal).tolist()}
    signals.update(SHIFT_SIGNALS)
    first = next(iter(signals))
    signals.setdefault(YOUR_SIGNAL, [float(v) for v in signals[first]])
    shift = _shift(op, shift, len(signals[first]))
    return ShiftExplorer(
        config={"signals": signals}, signal=first, x=signals[YOUR_SIGNAL], shift=shift
    )


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


def family_explorer(
    window=None, p: float = 3.0, beta: float = 1.0, ratio: float = 0.7071, u: float = 0.3
) -> FamilyExplorer:
    """Pool one window by the whole family at once, and draw fractional windows.

    Sliders for ``p`` (the power mean, GeM, and the Lp norm of ``lp_pool``) and ``beta``
    (softmax pooling) move the outputs between the mean and the max; below, the windows
    of fractional max pooling (kernel 2) over 25 cells for a ``ratio`` and a sample ``u``.

    Returns a ``FamilyExplorer`` widget; its settings are the traits ``x`` (the window,
    which the reader may also type, paste or draw on the page), ``p``, ``beta``,
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
        "p_values": list(FAMILY_P),
        "beta_values": list(FAMILY_BETA),
        "ratios": list(FAMILY_RATIOS),
        "length": 25,
        "kernel": 2,
    }
    return FamilyExplorer(config=config, x=x.tolist(), p=p, beta=beta, ratio=ratio, u=u)


# Chapter 12 explorer
def transpose_explorer(
    x=None, kernel_size=3, stride=2, padding=0, output_padding=0, dilation=1
) -> TransposeExplorer:
    """A transposed convolution drawn input cell by input cell: which output cells each paints.

    The kernel is all ones, so each output cell is the sum of the input cells that paint
    it. Select an input cell (a click, or the arrow keys) to see the ``kernel_size`` x
    ``kernel_size`` output cells it paints, ``dilation`` apart, starting at row
    ``i * stride`` and column ``j * stride`` of the full canvas of
    ``(L - 1) * stride + dilation * (kernel_size - 1) + 1`` cells a side; ``padding``
    crops that many rows and columns off each side of the canvas (hatched), and
    ``output_padding`` adds as many at the bottom and right (dashed). Each output cell
    shows its value and, where several input cells paint it, how many (×n). ``x`` is a
    2-D grid of 1x1 to 6x6 real numbers; by default 3x3 ones, so that every output value
    is that count: where counts differ (kernel 3, stride 2), a flat input comes out as a
    checkerboard. The selected cell starts at the input's centre. Invalid settings show
    the rule they break.

    Returns a ``pooltools.explore.widgets.TransposeExplorer``: its settings are traits of
    the same names plus ``x`` and ``cell`` (the selected input cell); its results,
    computed by pooltools (``conv_transpose2d``), are ``output``, ``counts`` (the output
    of an all-ones input), ``painted`` and ``error``. ``config["limits"]`` holds the
    largest settings it draws, the controls' ranges (``TRANSPOSE_LIMITS``).

    Raises
    ------
    TypeError
        If ``x`` does not hold real numbers, or a setting is not an int.
    ValueError
        If ``x`` is not a 2-D grid of 1x1 to 6x6 finite numbers.

    Examples
    --------
    >>> explorer = transpose_explorer([[1, 2]], kernel_size=2, stride=1)
    >>> explorer.output, explorer.counts
    ([[1.0, 3.0, 2.0], [1.0, 3.0, 2.0]], [[1.0, 2.0, 1.0], [1.0, 2.0, 1.0]])
    >>> explorer.cell = (0, 1)  # as a click on the input's second cell would
    >>> explorer.painted
    [[0, 1], [0, 2], [1, 1], [1, 2]]
    >>> explorer.output_padding = 1  # from Python, as from the page
    >>> explorer.error.startswith("conv_transpose2d: output_padding=1 must be smaller")
    True
    """
    from .widgets import TransposeExplorer

    op = "transpose_explorer"
    if x is None:
        x = np.ones((3, 3), dtype=np.int64)
    x = _transpose_grid(op, x)
    H, W = x.shape
    return TransposeExplorer(
        config={"limits": dict(TRANSPOSE_LIMITS)},
        x=x.tolist(),
        cell=((H - 1) // 2, (W - 1) // 2),
        **_settings(
            op,
            kernel_size=kernel_size,
            stride=stride,
            padding=padding,
            output_padding=output_padding,
            dilation=dilation,
        ),
    )
