"""Pooling as the book writes it: explicit loops over output cells and window cells.

These read like the formulas. For an output cell ``(i, j)`` the window covers input rows
``i*s - p + a*d`` and columns ``j*s - p + b*d`` for ``a, b`` in ``range(k)``. They work
on one 2-D plane, ``(H, W)``, take the same arguments as pooltools' vectorised ops and
give the same results, only far more slowly. Use them to read; use ``pooltools`` to run.

Each function states the formula it implements; the vectorised op it matches is named
after it (``naive.max_pool2d`` and ``pooltools.max_pool2d`` in ``max_pool.py``).
"""

from __future__ import annotations

import math

import numpy as np

from .shapes import adaptive_bins, pool_output_size


def _pair(v, default=None):
    v = default if v is None else v
    return (v, v) if isinstance(v, int) else tuple(v)


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Max pooling of one plane; returns ``(values, flat indices)``.

    ``out[i, j] = max of x[i*s - p + a*d, j*s - p + b*d] over a, b in range(k)``, skipping
    cells outside the input (padding is -inf); the index is the winner's ``r * W + c``.
    """
    out, idx, _ = _max_pool2d(x, kernel_size, stride, padding, dilation, ceil_mode)
    return out, idx


def _max_pool2d(x, kernel_size, stride, padding, dilation, ceil_mode):
    (kh, kw), (sh, sw) = _pair(kernel_size), _pair(stride, kernel_size)
    (ph, pw), (dh, dw) = _pair(padding), _pair(dilation)
    H, W = x.shape
    Ho, Wo = pool_output_size((H, W), (kh, kw), (sh, sw), (ph, pw), (dh, dw), ceil_mode)
    out = np.empty((Ho, Wo), dtype=x.dtype)
    idx = np.empty((Ho, Wo), dtype=np.int64)
    real = np.ones((Ho, Wo), dtype=bool)
    for i in range(Ho):
        for j in range(Wo):
            best, arg = -math.inf, None
            for a in range(kh):
                for b in range(kw):
                    r, c = i * sh - ph + a * dh, j * sw - pw + b * dw
                    if not (0 <= r < H and 0 <= c < W):
                        continue  # padding is -inf: it never wins
                    if arg is None:
                        arg = r * W + c  # torch starts from the first real cell
                    v = x[r, c]
                    if v > best or math.isnan(v):  # first max wins; NaN always wins
                        best, arg = v, r * W + c
            if arg is None:  # a window of padding only: torch's index is still defined
                real[i, j] = False
                r = i * sh - ph + (-(-max(ph - i * sh, 0) // dh)) * dh
                c = j * sw - pw + (-(-max(pw - j * sw, 0) // dw)) * dw
                arg = r * W + c
            out[i, j], idx[i, j] = best, arg
    return out, idx, real


def max_pool2d_backward(g, x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Each output's gradient goes to the cell that won its window (none for padding only).

    ``dx[r, c] = sum of g[i, j] over the windows (i, j) that cell (r, c) won``.
    """
    _, idx, real = _max_pool2d(x, kernel_size, stride, padding, dilation, ceil_mode)
    grad = np.zeros(x.size, dtype=np.float64)
    for (i, j), flat in np.ndenumerate(idx):
        if real[i, j]:
            grad[flat] += g[i, j]
    return grad.reshape(x.shape).astype(x.dtype)


def _divisor(start, k, L, p, include_pad):
    stop = min(start + k, L + p)  # ceil-mode overhang is never counted
    if include_pad:
        return stop - start
    return min(stop, L) - max(start, 0)


def avg_pool2d(
    x,
    kernel_size,
    stride=None,
    padding=0,
    ceil_mode=False,
    count_include_pad=True,
    divisor_override=None,
):
    """Average pooling of one plane.

    ``out[i, j] = (sum of x[r, c] over the window's input cells) / divisor``, where the
    divisor counts the window's cells inside the padded input (``count_include_pad``) or
    inside the input alone, unless ``divisor_override`` is given.
    """
    (kh, kw), (sh, sw), (ph, pw) = _pair(kernel_size), _pair(stride, kernel_size), _pair(padding)
    H, W = x.shape
    Ho, Wo = pool_output_size((H, W), (kh, kw), (sh, sw), (ph, pw), 1, ceil_mode)
    out = np.empty((Ho, Wo), dtype=x.dtype)
    for i in range(Ho):
        for j in range(Wo):
            r0, c0 = i * sh - ph, j * sw - pw
            total = 0.0
            for r in range(max(r0, 0), min(r0 + kh, H)):
                for c in range(max(c0, 0), min(c0 + kw, W)):
                    total += x[r, c]  # padding adds 0
            div = divisor_override or (
                _divisor(r0, kh, H, ph, count_include_pad)
                * _divisor(c0, kw, W, pw, count_include_pad)
            )
            out[i, j] = total / div
    return out


def avg_pool2d_backward(
    g,
    x,
    kernel_size,
    stride=None,
    padding=0,
    ceil_mode=False,
    count_include_pad=True,
    divisor_override=None,
):
    """Each output's gradient, divided by its divisor, goes to every real cell of its window.

    ``dx[r, c] = sum of g[i, j] / divisor(i, j) over the windows (i, j) that contain (r, c)``.
    """
    (kh, kw), (sh, sw), (ph, pw) = _pair(kernel_size), _pair(stride, kernel_size), _pair(padding)
    H, W = x.shape
    grad = np.zeros((H, W), dtype=np.float64)
    for (i, j), gij in np.ndenumerate(g):
        r0, c0 = i * sh - ph, j * sw - pw
        div = divisor_override or (
            _divisor(r0, kh, H, ph, count_include_pad) * _divisor(c0, kw, W, pw, count_include_pad)
        )
        grad[max(r0, 0) : min(r0 + kh, H), max(c0, 0) : min(c0 + kw, W)] += gij / div
    return grad.astype(x.dtype)


def adaptive_max_pool2d(x, output_size):
    """Adaptive max pooling of one plane; returns ``(values, flat indices)``.

    ``out[i, j] = max of x[r, c]`` over the bin ``r in [floor(i*H/Ho), ceil((i+1)*H/Ho))``,
    ``c in [floor(j*W/Wo), ceil((j+1)*W/Wo))``.
    """
    (Ho, Wo), (H, W) = _pair(output_size), x.shape
    out, idx = np.empty((Ho, Wo), dtype=x.dtype), np.empty((Ho, Wo), dtype=np.int64)
    for i, (r0, r1) in enumerate(adaptive_bins(H, Ho)):
        for j, (c0, c1) in enumerate(adaptive_bins(W, Wo)):
            best, arg = -math.inf, r0 * W + c0
            for r in range(r0, r1):
                for c in range(c0, c1):
                    if x[r, c] > best or math.isnan(x[r, c]):
                        best, arg = x[r, c], r * W + c
            out[i, j], idx[i, j] = best, arg
    return out, idx


def adaptive_max_pool2d_backward(g, x, output_size):
    """Each output's gradient goes to the cell that won its bin.

    ``dx[r, c] = sum of g[i, j] over the bins (i, j) that cell (r, c) won``.
    """
    _, idx = adaptive_max_pool2d(x, output_size)
    grad = np.zeros(x.size, dtype=np.float64)
    for (i, j), flat in np.ndenumerate(idx):
        grad[flat] += g[i, j]
    return grad.reshape(x.shape).astype(x.dtype)


def adaptive_avg_pool2d(x, output_size):
    """Adaptive average pooling of one plane: the mean of each bin.

    ``out[i, j] = mean of x[r, c]`` over the bin ``r in [floor(i*H/Ho), ceil((i+1)*H/Ho))``,
    ``c in [floor(j*W/Wo), ceil((j+1)*W/Wo))``.
    """
    (Ho, Wo), (H, W) = _pair(output_size), x.shape
    out = np.empty((Ho, Wo), dtype=x.dtype)
    for i, (r0, r1) in enumerate(adaptive_bins(H, Ho)):
        for j, (c0, c1) in enumerate(adaptive_bins(W, Wo)):
            out[i, j] = x[r0:r1, c0:c1].sum() / ((r1 - r0) * (c1 - c0))
    return out


def adaptive_avg_pool2d_backward(g, x, output_size):
    """Each bin's gradient is shared equally among its cells.

    ``dx[r, c] = sum of g[i, j] / (cells in bin (i, j)) over the bins that contain (r, c)``.
    """
    (Ho, Wo), (H, W) = _pair(output_size), x.shape
    grad = np.zeros((H, W), dtype=np.float64)
    for i, (r0, r1) in enumerate(adaptive_bins(H, Ho)):
        for j, (c0, c1) in enumerate(adaptive_bins(W, Wo)):
            grad[r0:r1, c0:c1] += g[i, j] / ((r1 - r0) * (c1 - c0))
    return grad.astype(x.dtype)


def _fractional_starts(u, L, out, k):
    """torch's window starts along an axis of length ``L`` for the sample ``u``."""
    if out == 1:
        return [L - k]
    real = type(u)  # the arithmetic is done in the dtype of x, as torch does it
    alpha = real(L - k) / real(out - 1)
    return [int((i + u) * alpha) - int(u * alpha) for i in range(out - 1)] + [L - k]


def fractional_max_pool2d(x, kernel_size, output_size, samples):
    """Fractional max pooling of one plane; returns ``(values, flat indices)``.

    ``samples = (u_w, u_h)``, each in ``[0, 1)``, in torch's order: the first places the
    columns. Along an axis of length ``L`` with kernel size ``k``, ``out`` outputs and
    sample ``u``, window ``i`` starts at ``int((i + u) * alpha) - int(u * alpha)`` with
    ``alpha = (L - k) / (out - 1)``, and the last at ``L - k``. Then
    ``out[i, j] = max of x[r, c]`` for ``r`` in ``[rows[i], rows[i] + kh)`` and ``c`` in
    ``[cols[j], cols[j] + kw)``; the index is the winner's ``r * W + c``.
    """
    (kh, kw), (Ho, Wo), (H, W) = _pair(kernel_size), _pair(output_size), x.shape
    u_w, u_h = x.dtype.type(samples[0]), x.dtype.type(samples[1])
    rows, cols = _fractional_starts(u_h, H, Ho, kh), _fractional_starts(u_w, W, Wo, kw)
    out, idx = np.empty((Ho, Wo), dtype=x.dtype), np.empty((Ho, Wo), dtype=np.int64)
    for i, r0 in enumerate(rows):
        for j, c0 in enumerate(cols):
            best, arg = -math.inf, r0 * W + c0
            for r in range(r0, r0 + kh):
                for c in range(c0, c0 + kw):
                    if x[r, c] > best or math.isnan(x[r, c]):  # first max wins; NaN always wins
                        best, arg = x[r, c], r * W + c
            out[i, j], idx[i, j] = best, arg
    return out, idx


def fractional_max_pool2d_backward(g, x, kernel_size, output_size, samples):
    """Each output's gradient goes to the cell that won its window.

    ``dx[r, c] = sum of g[i, j] over the windows (i, j) that cell (r, c) won``, added
    in the dtype of ``x``, as torch does.
    """
    _, idx = fractional_max_pool2d(x, kernel_size, output_size, samples)
    grad = np.zeros(x.size, dtype=x.dtype)
    for (i, j), flat in np.ndenumerate(idx):
        grad[flat] += g[i, j]
    return grad.reshape(x.shape)
