"""The N-dimensional core: one loop over the kernel offsets, strided slices inside it.

For each kernel offset ``J`` (in row-major order) the cells that offset reads, one per
window, form a strided slice of the input. Reducing slice after slice with
``np.maximum``/``np.add`` is the vectorised form of the textbook double loop; padding and
ceil-mode overhang are skipped, never materialised.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from ._geometry import Axis

# NaN and inf are data here, as in torch: arithmetic on them must not warn. Every op's
# N-d implementation runs under this (a decorator; it can be entered again and again).
ieee_arithmetic = np.errstate(invalid="ignore", over="ignore", divide="ignore")


def acc_dtype(dtype: np.dtype) -> np.dtype:
    """Accumulate float16 in float32, as torch does on the CPU."""
    return np.dtype(np.float32) if dtype == np.float16 else np.dtype(dtype)


def lowest(dtype: np.dtype):
    """The identity of ``max``: -inf for floats, the smallest value for integers."""
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def offsets(axes: tuple[Axis, ...]):
    """Yield ``(flat_offset, out_index, in_index)`` for every kernel offset that reads
    at least one real input cell. Indices start with ``...`` (batch and channel)."""
    for flat, offset in enumerate(itertools.product(*(range(a.kernel) for a in axes))):
        pairs = [a.slices(j) for a, j in zip(axes, offset)]
        if all(o.stop > o.start for o, _ in pairs):
            yield flat, (..., *(o for o, _ in pairs)), (..., *(i for _, i in pairs))


def out_shape(x: np.ndarray, axes) -> tuple[int, ...]:
    return x.shape[:2] + tuple(a.out for a in axes)


def max_values(x: np.ndarray, axes: tuple[Axis, ...]) -> np.ndarray:
    """The maximum of every window; NaN propagates; a window of padding only is -inf."""
    out = np.full(out_shape(x, axes), lowest(x.dtype), dtype=x.dtype)
    for _, o, i in offsets(axes):
        view = out[o]
        np.maximum(view, x[i], out=view)
    return out


def max_winners(x: np.ndarray, axes: tuple[Axis, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Maximum values and the flat kernel offset of each winner (-1: a window of padding only).

    torch scans a window in row-major order and keeps a cell if it is greater than the
    best so far, or NaN: the first maximum wins a tie, the last NaN wins among NaNs, and
    a window whose real cells are all -inf points at its first real cell.
    """
    best = max_values(x, axes)
    kernel = math.prod(a.kernel for a in axes)
    win = np.full(best.shape, -1, dtype=np.min_scalar_type(-kernel))
    todo = list(offsets(axes))
    for flat, o, i in reversed(todo):  # the earliest cell equal to the max is set last
        w = win[o]
        hit = np.equal(x[i], best[o])
        np.subtract(w, np.multiply(hit, w - flat, dtype=w.dtype), out=w)  # where(hit, flat, w)
    if x.dtype.kind == "f" and np.isnan(best).any():
        for flat, o, i in todo:  # the latest NaN is set last
            np.copyto(win[o], flat, where=np.isnan(x[i]))
    return best, win


def flat_indices(win: np.ndarray, axes: tuple[Axis, ...]) -> np.ndarray:
    """Turn winning kernel offsets into flat int64 offsets within each input plane.

    A window of padding only points where torch's does: its first dilated cell at or
    after 0, even when that lies past the input.
    """
    n = len(axes)
    plane = [math.prod(b.length for b in axes[a + 1 :]) for a in range(n)]
    shift = np.zeros([a.kernel for a in axes], dtype=np.int64)  # per kernel offset
    base = np.zeros([a.out for a in axes], dtype=np.int64)  # per window
    first = np.zeros_like(base)
    for a, axis in enumerate(axes):
        along = [-1 if b == a else 1 for b in range(n)]
        shift = shift + (np.arange(axis.kernel) * axis.dilation * plane[a]).reshape(along)
        base = base + (axis.starts() * plane[a]).reshape(along)
        first = first + (axis.first_real() * plane[a]).reshape(along)
    index = base + shift.ravel().take(win.astype(np.intp))
    never = win < 0
    return np.where(never, first, index) if never.any() else index


def has_input(axes: tuple[Axis, ...]) -> np.ndarray:
    """Whether each window holds at least one real input cell (not padding only)."""
    result = np.ones((1,) * len(axes), dtype=bool)
    for a, axis in enumerate(axes):
        shape = [axis.out if b == a else 1 for b in range(len(axes))]
        result = result & axis.has_input().reshape(shape)
    return result


def max_backward(g: np.ndarray, x: np.ndarray, axes: tuple[Axis, ...]) -> np.ndarray:
    """Route each output gradient to the cell torch's index names (the winner, or the
    first real cell if nothing beat -inf); a window of padding only routes nothing."""
    _, win = max_winners(x, axes)
    index = flat_indices(win, axes)
    real = np.broadcast_to(has_input(axes), index.shape)
    if not real.all():
        g = np.where(real, g, 0)
        index = np.where(real, index, 0)
    return scatter(g, index, x.shape, x.dtype)


def scatter(
    g: np.ndarray, index: np.ndarray, shape: tuple[int, ...], dtype, acc=None
) -> np.ndarray:
    """Add each output gradient to the input cell its flat in-plane index names, in
    output order, as torch's backward kernels do: in ``acc`` (by default float16 in
    float32, as the max-pooling backwards; fractional max pooling's adds in float16)."""
    plane = math.prod(shape[2:])
    planes = np.arange(shape[0] * shape[1], dtype=np.int64)[:, None] * plane
    acc = acc_dtype(np.dtype(dtype)) if acc is None else np.dtype(acc)
    grad = np.zeros(math.prod(shape), dtype=acc)
    np.add.at(
        grad, (index.reshape(len(planes), -1 if planes.size else 0) + planes).ravel(), g.ravel()
    )
    return grad.reshape(shape).astype(dtype, copy=False)


def window_sums(x: np.ndarray, axes: tuple[Axis, ...]) -> np.ndarray:
    """The sum of the real cells of every window, in scan order, accumulated like torch."""
    out = np.zeros(out_shape(x, axes), dtype=acc_dtype(x.dtype))
    for _, o, i in offsets(axes):
        view = out[o]
        np.add(view, x[i], out=view)
    return out


def average(x: np.ndarray, axes: tuple[Axis, ...], div: np.ndarray) -> np.ndarray:
    return (window_sums(x, axes) / div).astype(x.dtype, copy=False)


def average_backward(g: np.ndarray, x: np.ndarray, axes: tuple[Axis, ...], div) -> np.ndarray:
    return spread(g.astype(div.dtype) / div, x.shape, axes).astype(x.dtype, copy=False)


def spread(g: np.ndarray, shape: tuple[int, ...], axes: tuple[Axis, ...]) -> np.ndarray:
    """The adjoint of ``window_sums``: add each output's value to every real cell of its window."""
    grad = np.zeros(shape, dtype=g.dtype)
    for _, o, i in offsets(axes):
        view = grad[i]
        np.add(view, g[o], out=view)
    return grad


def divisor(axes: tuple[Axis, ...], count_include_pad: bool, divisor_override, dtype):
    """torch's average divisor: the window size clipped to input + padding (or to the
    input alone), ceil-mode overhang never counted; or ``divisor_override``."""
    if divisor_override is not None:
        return np.asarray(divisor_override, dtype=dtype)
    result = np.ones((1,) * len(axes), dtype=np.int64)
    for a, axis in enumerate(axes):
        shape = [axis.out if b == a else 1 for b in range(len(axes))]
        result = result * axis.count(count_include_pad).reshape(shape)
    return result.astype(dtype)
