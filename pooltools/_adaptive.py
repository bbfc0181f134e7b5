"""Adaptive pooling: bins of (slightly) varying size, gathered offset by offset.

Bin ``i`` along an axis of length ``L`` with ``out`` bins covers
``[floor(i*L/out), ceil((i+1)*L/out))``. The ``j``-th cell of every bin is gathered
with ``np.take``; a bin shorter than the widest repeats its last cell, which changes
neither a maximum nor its winner, and is masked out of sums.
"""

from __future__ import annotations

import itertools

import numpy as np

from ._core import acc_dtype, lowest
from ._geometry import AdaptiveAxis, Axis


def as_fixed(axes: tuple[AdaptiveAxis, ...]) -> tuple[Axis, ...] | None:
    """Bins that tile every axis evenly (14 -> 7) are plain fixed windows, kernel = stride
    = L // out: then the faster fixed-window core does the work. Otherwise None."""
    fixed = tuple(a.as_fixed() for a in axes)
    return None if None in fixed else fixed


def _shape(a: int, n: int, size: int) -> list[int]:
    return [size if b == a else 1 for b in range(n)]


def max_indices(x: np.ndarray, axes: tuple[AdaptiveAxis, ...]):
    """Bin maxima and the flat in-plane index of each winner (first max, last NaN)."""
    n = len(axes)
    out = x.shape[:2] + tuple(a.out for a in axes)
    best = np.full(out, lowest(x.dtype), dtype=x.dtype)
    nan = x.dtype.kind == "f" and bool(np.isnan(x).any())
    plane = [int(np.prod([b.length for b in axes[a + 1 :]], dtype=np.int64)) for a in range(n)]
    index = sum(ax.starts.reshape(_shape(a, n, ax.out)) * plane[a] for a, ax in enumerate(axes))
    index = np.broadcast_to(index, out).astype(np.int64)
    for offset in itertools.product(*(range(a.widest) for a in axes)):
        cells = x
        flat = 0
        for a, (ax, j) in enumerate(zip(axes, offset)):
            idx, _ = ax.cells(j)
            cells = np.take(cells, idx, axis=2 + a)
            flat = flat + idx.reshape(_shape(a, n, ax.out)) * plane[a]
        mask = cells > best
        if nan:
            mask |= np.isnan(cells)
        np.copyto(best, cells, where=mask)
        np.copyto(index, flat, where=mask)
    return best, index


def means(x: np.ndarray, axes: tuple[AdaptiveAxis, ...]) -> np.ndarray:
    """Bin averages, one axis at a time (an average over a box is separable)."""
    n = len(axes)
    acc = x.astype(acc_dtype(x.dtype), copy=False)
    for a, ax in enumerate(axes):
        total = 0
        for j in range(ax.widest):
            idx, valid = ax.cells(j)
            cells = np.take(acc, idx, axis=2 + a)
            if not valid.all():
                cells = np.where(valid.reshape(_shape(a, n, ax.out)), cells, 0)
            total = total + cells
        acc = total / (ax.stops - ax.starts).reshape(_shape(a, n, ax.out)).astype(acc.dtype)
    return acc.astype(x.dtype, copy=False)


def means_backward(g: np.ndarray, shape, axes: tuple[AdaptiveAxis, ...], dtype) -> np.ndarray:
    """The adjoint of ``means``: share each bin's gradient equally among its cells."""
    n = len(axes)
    grad = g.astype(acc_dtype(np.dtype(dtype)), copy=True)
    for a in reversed(range(n)):
        ax = axes[a]
        grad = grad / (ax.stops - ax.starts).reshape(_shape(a, n, ax.out)).astype(grad.dtype)
        moved = np.moveaxis(grad, 2 + a, -1)
        spread = np.zeros(moved.shape[:-1] + (ax.length,), dtype=grad.dtype)
        for j in range(ax.widest):
            idx, valid = ax.cells(j)
            np.add.at(spread, (..., idx[valid]), moved[..., valid])
        grad = np.moveaxis(spread, -1, 2 + a)
    return grad.astype(dtype, copy=False)
