"""What the explorers show, computed by pooltools: the pictures and signals they start
from, and the outputs the page draws (and the browser tests compare the page with).

Both the functions that make explorers (``explorers.py``) and the widget classes
(``widgets.py``) use these, so neither needs the other to compute a result.
"""

from __future__ import annotations

import numpy as np


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
    from .. import avg_pool2d

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


#: The largest side of a picture the feature-map explorer takes from Python (the page
#: computes its edge response and pooled maps).
FEATURE_MAX_SIDE = 1024


def square_gray(rgb, size: int = 128) -> np.ndarray:
    """A picture as the feature-map explorer's "Open a picture…" makes it: grayscale,
    square, ``size`` a side, float32 (the page does the same in JavaScript; the browser
    test checks that the two agree).

    1. Grayscale as ``sample_photo``: the mean of R, G and B (0 to 255), divided by 255
       (a 2-D array is taken as gray already, 0 to 255). A fourth channel (alpha) is
       left out; the page draws a picture over white first, so the two agree for opaque
       pictures.
    2. The centred square: with ``short`` the shorter side and ``factor = short // size``,
       the square of side ``factor * size`` (or ``short`` if ``factor`` is 0) starting at
       row ``(H - side) // 2`` and column ``(W - side) // 2``.
    3. Resized to ``size`` x ``size``: average pooling by ``factor`` (``avg_pool2d``, kernel
       = stride = ``factor``); a picture whose shorter side is under ``size`` is enlarged
       by repeating pixels (nearest neighbour): cell ``(i, j)`` takes the square's pixel
       ``(i * side // size, j * side // size)``.

    >>> photo = np.full((300, 200, 3), 255, dtype=np.uint8)  # white, 200 wide
    >>> square_gray(photo, size=64).shape  # its centred 192x192, averaged over 3x3 blocks
    (64, 64)
    """
    from .. import avg_pool2d

    x = np.asarray(rgb)
    if x.ndim == 3 and x.shape[-1] in (3, 4):
        gray = x[..., :3].astype(np.float32).mean(axis=-1) / 255.0
    elif x.ndim == 2:
        gray = x.astype(np.float32) / 255.0
    else:
        raise ValueError(
            f"square_gray: rgb of shape {x.shape} must be (H, W), (H, W, 3) or (H, W, 4)"
        )
    h, w = gray.shape
    factor = min(h, w) // size
    side = factor * size if factor else min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    square = gray[top : top + side, left : left + side]
    if factor:
        return avg_pool2d(square[None], factor)[0]
    at = np.arange(size) * side // size
    return square[np.ix_(at, at)]


def _grid(op: str, x, name: str, sides: tuple[int, int], shape: str, why: str) -> np.ndarray:
    """``x`` (the trait ``name``) as a 2-D array of finite real numbers whose sides lie in
    ``sides``, or the error that names the rule: ``shape`` says the sizes in words, ``why``
    why those."""
    try:
        x = np.asarray(x)
    except ValueError:  # rows of different lengths
        raise ValueError(f"{op}: {name} must be a 2-D grid, its rows of one length") from None
    if x.dtype.kind not in "iuf":
        raise TypeError(f"{op}: {name} has dtype {x.dtype}; it must hold real numbers")
    if x.ndim != 2 or not (sides[0] <= min(x.shape) and max(x.shape) <= sides[1]):
        raise ValueError(f"{op}: {name} of shape {x.shape} must be a 2-D grid {shape} ({why})")
    if not np.isfinite(x).all():
        raise ValueError(f"{op}: {name} must hold finite numbers; it has NaN or infinity")
    return x


def _feature_image(op: str, image, kernels) -> np.ndarray:
    """``image`` (the feature-map explorer's trait) as a float32 grid, or the rule it breaks."""
    least, k = max(kernels) + 2, max(kernels)  # the largest window must fit in the response
    x = _grid(
        op,
        image,
        "image",
        (least, FEATURE_MAX_SIDE),
        f"with sides from {least} to {FEATURE_MAX_SIDE}",
        f"the {k}x{k} window must fit in its edge response",
    )
    return x.astype(np.float32)


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


def _downsample_grid(op: str, x) -> np.ndarray:
    why = "a 2x2 pooling window must fit, and the page must stay readable"
    return _grid(op, x, "x", (2, 12), "of 2x2 to 12x12 cells", why)


def _downsample_kernel(op: str, kernel, kernels) -> str:
    if not isinstance(kernel, str):
        raise TypeError(f"{op}: kernel={kernel!r} must be a string, one of the kernel names")
    if kernel not in kernels:
        names = ", ".join(repr(name) for name in kernels)
        raise ValueError(f"{op}: kernel={kernel!r} must be one of {names}")
    return kernel


def _downsample_outputs(op: str, x, kernel: str, kernels) -> dict[str, list | str]:
    """What the downsampling explorer shows: ``{"max", "avg", "conv", "kernel"}``."""
    from .. import avg_pool2d, max_pool2d, pool_output_size

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


#: The shift explorer's name for the reader's own signal (its trait ``x``).
YOUR_SIGNAL = "your signal"


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
    from .. import avg_pool1d, max_pool1d

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
    from ..avg_pool import avg_pool1d
    from ..lp_pool import lp_pool1d

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
    from ..fractional_max_pool import _starts

    return _starts(np.array([u], dtype=np.float64), length, out, kernel)[0]


# Chapter 12 explorer
#: The largest settings the transposed-convolution explorer draws (its controls' ranges):
#: past them the full canvas would not fit a page (kernel 7, stride 4 and dilation 3 on a
#: 6x6 input already give 39x39 cells).
TRANSPOSE_LIMITS = {"kernel_size": 7, "stride": 4, "padding": 6, "output_padding": 3, "dilation": 3}


def _transpose_grid(op: str, x) -> np.ndarray:
    return _grid(op, x, "x", (1, 6), "of 1x1 to 6x6 cells", "the full canvas must fit the page")


def _transpose_view(op: str, x, k: int, s: int, p: int, o: int, d: int, cell) -> dict:
    """What the transposed-convolution explorer shows, computed by pooltools:
    ``{"output", "counts", "cell", "painted"}``. ``output`` is ``conv_transpose2d`` of ``x``
    with the all-ones ``k``x``k`` kernel, ``counts`` the same of all ones (how many input
    cells paint each output cell), ``painted`` the output cells the selected input ``cell``
    paints (those padding crops left out)."""
    from .. import conv_transpose2d

    x = _transpose_grid(op, x).astype(np.float64)
    if k < 1:  # the kernel is made here: pooltools sees its shape, not the setting
        raise ValueError(f"{op}: kernel_size={k} must be at least 1")
    for name, v in zip(TRANSPOSE_LIMITS, (k, s, p, o, d)):
        if v > TRANSPOSE_LIMITS[name]:
            raise ValueError(
                f"{op}: {name}={v} is more than this explorer draws (at most "
                f"{TRANSPOSE_LIMITS[name]}; pooltools.conv_transpose2d takes any size)"
            )
    kernel = np.ones((1, 1, k, k))
    settings = {"stride": s, "padding": p, "output_padding": o, "dilation": d}
    out = conv_transpose2d(x[None, None], kernel, **settings)[0, 0]
    counts = conv_transpose2d(np.ones_like(x)[None, None], kernel, **settings)[0, 0]
    H, W = x.shape
    i, j = cell if 0 <= cell[0] < H and 0 <= cell[1] < W else (0, 0)
    Ho, Wo = out.shape
    painted = [
        [i * s - p + a * d, j * s - p + b * d]
        for a in range(k)
        for b in range(k)
        if 0 <= i * s - p + a * d < Ho and 0 <= j * s - p + b * d < Wo
    ]
    return {"output": out.tolist(), "counts": counts.tolist(), "cell": (i, j), "painted": painted}


# (end of chapter 12 explorer)
