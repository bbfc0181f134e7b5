"""Fractional max pooling in 2 and 3 dimensions, and its gradient.

``fractional_max_pool2d``, ``fractional_max_pool3d`` and their ``*_backward``, as in
``torch.nn.functional`` (Graham, "Fractional Max-Pooling", 2014). The windows have a
fixed size, but their starts are pseudo-random: each ``(n, c)`` plane has one sample
``u`` in ``[0, 1)`` per spatial axis, and along an axis of length ``L`` with ``out``
outputs and kernel size ``k`` the windows start at::

    alpha = (L - k) / (out - 1)
    start[i] = int((i + u) * alpha) - int(u * alpha)    for i < out - 1
    start[out - 1] = L - k                              (the only window if out == 1)

computed in the dtype of ``x``, as torch does. Each public function checks its arguments
once and calls one of the two N-d functions just below; they gather every window's
cells with fancy indexing, one kernel offset at a time. ``naive.fractional_max_pool2d``
is the same op written as the book's loops.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _core
from ._validate import (
    as_input,
    batched_grad,
    flag,
    fractional_samples,
    fractional_sizes,
    generator,
    unbatch,
)


def _samples(op, n, x, samples, rng):
    """The ``(N, C, n)`` samples, given or drawn from ``rng``, in the dtype of ``x``."""
    shape = (*x.shape[:2], n)
    if samples is not None:
        return fractional_samples(op, samples, shape, x.dtype)
    rng = generator(op, rng)
    if x.dtype == np.float16:  # Generator.random has no float16: 11 random bits, exact
        return (rng.integers(0, 2**11, shape) / 2**11).astype(np.float16)
    return rng.random(shape, dtype=x.dtype)


def _starts(u: np.ndarray, length: int, out: int, kernel: int) -> np.ndarray:
    """torch's window starts along one axis, ``(planes, out)`` for ``u`` of shape ``(planes,)``."""
    last = np.full((len(u), 1), length - kernel, dtype=np.int64)
    if out == 1:
        return last
    real = u.dtype.type
    alpha = real(length - kernel) / real(out - 1)
    i = np.arange(out - 1, dtype=u.dtype)
    first = ((i + u[:, None]) * alpha).astype(np.int64)  # float -> int truncates, as C++
    return np.concatenate([first - (u * alpha).astype(np.int64)[:, None], last], axis=1)


def _winners(x, kernel, out, samples, order):
    """Each window's maximum and the flat in-plane index of its winner.

    ``order[a]`` is the sample that drives spatial axis ``a``. As torch, a window is
    scanned in row-major order and a cell wins if it is greater than the best so far, or
    NaN: the first maximum wins a tie, the last NaN wins among NaNs.
    """
    N, C, *spatial = x.shape
    planes, n = N * C, len(spatial)
    u = samples.reshape(planes, n)
    stride = [math.prod(spatial[a + 1 :]) for a in range(n)]  # in-plane stride of each axis
    first = np.zeros((planes,) + (1,) * n, dtype=np.int64)  # each window's first cell
    for a in range(n):
        along = [planes] + [out[a] if b == a else 1 for b in range(n)]
        starts = _starts(u[:, order[a]], spatial[a], out[a], kernel[a])
        first = first + (starts * stride[a]).reshape(along)
    first = first.reshape(planes, math.prod(out))
    # kernel offset J of every window is cell first + shift[J]: in x.reshape(-1), that is
    # the same gather from a view that starts shift[J] later
    shift = np.array([np.dot(offset, stride) for offset in np.ndindex(*kernel)], dtype=np.int64)
    flat = x.reshape(-1)
    cells = first + np.arange(planes)[:, None] * math.prod(spatial)
    best = flat.take(cells)
    winner = np.zeros(best.shape, dtype=np.min_scalar_type(-len(shift)))  # offset J that won
    for J in range(1, len(shift)):
        value = flat[shift[J] :].take(cells)
        wins = value > best
        wins |= np.isnan(value)
        np.maximum(best, value, out=best)  # NaN propagates, as the winner is NaN
        # J is larger than every earlier winner, so "where wins, J" is a maximum
        np.maximum(winner, wins * winner.dtype.type(J), out=winner)
    won = shift.take(winner)
    values = flat.take(cells + won)  # the winners' own bits: -0.0 or 0.0, NaN payloads
    return values.reshape(N, C, *out), (first + won).reshape(N, C, *out)


# torch's 2-D kernel reads sample 0 for the width and sample 1 for the height; its 3-D
# kernel reads them in (D, H, W) order.
_ORDER = {2: (1, 0), 3: (0, 1, 2)}


@_core.ieee_arithmetic
def _fractional_max_pool(op, n, x, kernel_size, output_size, output_ratio, ret, samples, rng):
    """Fractional max pooling over the last ``n`` axes of ``x``."""
    x, batched = as_input(op, x, n)
    k, out = fractional_sizes(op, x.shape[2:], kernel_size, output_size, output_ratio)
    with_indices = flag(op, "return_indices", ret)
    values, indices = _winners(x, k, out, _samples(op, n, x, samples, rng), _ORDER[n])
    if with_indices:
        return unbatch(values, batched), unbatch(indices, batched)
    return unbatch(values, batched)


@_core.ieee_arithmetic
def _fractional_max_pool_backward(
    op, n, grad_output, x, kernel_size, output_size, output_ratio, samples, rng
):
    """Send each output's gradient to its window's winner, adding in the dtype of ``x``."""
    x, batched = as_input(op, x, n)
    k, out = fractional_sizes(op, x.shape[2:], kernel_size, output_size, output_ratio)
    g = batched_grad(op, grad_output, x.shape[:2] + out, batched)
    _, indices = _winners(x, k, out, _samples(op, n, x, samples, rng), _ORDER[n])
    return unbatch(_core.scatter(g, indices, x.shape, x.dtype, acc=x.dtype), batched)


def fractional_max_pool2d(
    x: ArrayLike,
    kernel_size: int | tuple[int, int],
    output_size: int | tuple[int, int] | None = None,
    output_ratio: float | tuple[float, float] | None = None,
    return_indices: bool = False,
    _random_samples: ArrayLike | None = None,
    *,
    rng: np.random.Generator | int | None = None,
) -> NDArray | tuple[NDArray, NDArray[np.int64]]:
    """2-D fractional max pooling, as ``torch.nn.functional.fractional_max_pool2d``.

    Each output cell is the maximum of a ``kH x kW`` window; the windows' starts are
    pseudo-random, spread so that ``output_size`` of them cover the input (see Notes).
    Ties go to the first maximum in row-major order; NaN propagates.

    Parameters
    ----------
    x : array_like
        ``(N, C, H, W)`` or ``(C, H, W)``, float16, float32 or float64.
    kernel_size : int or tuple of 2 ints
        Window size ``(kH, kW)``; an int is used for both.
    output_size : int or tuple of 2 ints, optional
        ``(H_out, W_out)``; an int is used for both. Give this or ``output_ratio``.
    output_ratio : float or tuple of 2 floats, optional
        Output size as a fraction of the input size, each strictly between 0 and 1:
        ``H_out = int(H * ratio_h)``, ``W_out = int(W * ratio_w)``.
    return_indices : bool, default False
        Also return where each maximum came from: its flat int64 offset ``row * W + col``
        in its input plane, as ``max_unpool2d`` takes it.
    _random_samples : array_like, optional
        The samples that place the windows: shape ``(N, C, 2)`` (``(1, C, 2)`` for
        unbatched input), values in ``[0, 1)``, cast to the dtype of ``x``;
        ``[..., 0]`` places the columns and ``[..., 1]`` the rows, as in torch. The same
        samples give torch's result to the bit.
    rng : numpy.random.Generator or int or None, optional
        Where to draw the samples when ``_random_samples`` is not given: a Generator, a
        seed for ``numpy.random.default_rng``, or None for fresh entropy. Ignored when
        ``_random_samples`` is given.

    Returns
    -------
    out : ndarray
        ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, the dtype of ``x``.
    indices : ndarray of int64
        The shape of ``out``; only if ``return_indices``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, H, W)`` or ``(C, H, W)`` with ``C, H, W > 0``; if not
        exactly one of ``output_size`` and ``output_ratio`` is given; if a size is not
        positive, a ratio not strictly between 0 and 1, or the output does not fit
        (``H_out + kH - 1 <= H``, ``W_out + kW - 1 <= W``); if ``_random_samples`` has
        the wrong shape or a value outside ``[0, 1)``; the message says which.
    TypeError
        If an argument has the wrong type, or ``x`` is not a floating-point array.

    Notes
    -----
    Along each axis (``H`` and ``W`` alike) of length ``L``, with kernel size ``k``,
    ``out`` outputs and the plane's sample ``u`` for that axis, window ``i`` covers
    ``[start[i], start[i] + k)`` where, in the dtype of ``x``::

        alpha = (L - k) / (out - 1)
        start[i] = int((i + u) * alpha) - int(u * alpha)    for i < out - 1
        start[out - 1] = L - k                              (the only window if out == 1)

    Without ``_random_samples`` they are drawn as ``rng.random((N, C, 2), dtype=x.dtype)``
    (float16: multiples of ``2**-11``), so the windows are random.

    Where pooltools is stricter than torch's functional: it rejects ``output_size`` and
    ``output_ratio`` together (torch's function silently uses ``output_size``;
    ``torch.nn.FractionalMaxPool2d`` rejects them too), a ratio outside ``(0, 1)`` (the
    function never checks it), a size or kernel size below 1, and samples outside
    ``[0, 1)`` or with more than ``N`` rows (torch uses the first ``N``). It also takes
    a plain number as ``output_ratio``, where torch's 2-D function fails on ``len()``.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.arange(25.0).reshape(1, 1, 5, 5)
    >>> samples = np.array([[[0.5, 0.5]]])  # windows start at rows and columns 0, 2, 3
    >>> pooltools.fractional_max_pool2d(x, 2, output_size=3, _random_samples=samples)
    array([[[[ 6.,  8.,  9.],
             [16., 18., 19.],
             [21., 23., 24.]]]])
    >>> pooltools.fractional_max_pool2d(x, 2, output_ratio=0.5, rng=0).shape
    (1, 1, 2, 2)
    """
    return _fractional_max_pool(
        "fractional_max_pool2d",
        2,
        x,
        kernel_size,
        output_size,
        output_ratio,
        return_indices,
        _random_samples,
        rng,
    )


def fractional_max_pool2d_backward(
    grad_output: ArrayLike,
    x: ArrayLike,
    kernel_size: int | tuple[int, int],
    output_size: int | tuple[int, int] | None = None,
    output_ratio: float | tuple[float, float] | None = None,
    _random_samples: ArrayLike | None = None,
    *,
    rng: np.random.Generator | int | None = None,
) -> NDArray:
    """Gradient of ``fractional_max_pool2d`` with respect to ``x``.

    Each output's gradient goes to the cell that won its window (the first maximum, or
    the last NaN); where windows overlap, the gradients add up, in the dtype of ``x``.
    Pass the forward call's ``_random_samples``: without them new windows are drawn, and
    the result is the gradient of a different, random pooling.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``fractional_max_pool2d(x, ...)``, in its
        shape.
    x : array_like
        The input of the forward call.
    kernel_size, output_size, output_ratio, _random_samples, rng
        As in ``fractional_max_pool2d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``fractional_max_pool2d``, or if ``grad_output`` does not have the output's
        shape.
    TypeError
        As ``fractional_max_pool2d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.arange(25.0).reshape(1, 1, 5, 5)
    >>> samples = np.array([[[0.5, 0.5]]])
    >>> g = np.ones((1, 1, 3, 3))
    >>> pooltools.fractional_max_pool2d_backward(g, x, 2, 3, _random_samples=samples)
    array([[[[0., 0., 0., 0., 0.],
             [0., 1., 0., 1., 1.],
             [0., 0., 0., 0., 0.],
             [0., 1., 0., 1., 1.],
             [0., 1., 0., 1., 1.]]]])
    """
    return _fractional_max_pool_backward(
        "fractional_max_pool2d_backward",
        2,
        grad_output,
        x,
        kernel_size,
        output_size,
        output_ratio,
        _random_samples,
        rng,
    )


def fractional_max_pool3d(
    x: ArrayLike,
    kernel_size: int | tuple[int, int, int],
    output_size: int | tuple[int, int, int] | None = None,
    output_ratio: float | tuple[float, float, float] | None = None,
    return_indices: bool = False,
    _random_samples: ArrayLike | None = None,
    *,
    rng: np.random.Generator | int | None = None,
) -> NDArray | tuple[NDArray, NDArray[np.int64]]:
    """3-D fractional max pooling, as ``torch.nn.functional.fractional_max_pool3d``.

    Each output cell is the maximum of a ``kD x kH x kW`` window; the windows' starts
    are pseudo-random, spread so that ``output_size`` of them cover the input (see
    Notes). Ties go to the first maximum in row-major order; NaN propagates.

    Parameters
    ----------
    x : array_like
        ``(N, C, D, H, W)`` or ``(C, D, H, W)``, float16, float32 or float64.
    kernel_size : int or tuple of 3 ints
        Window size ``(kD, kH, kW)``; an int is used for all three.
    output_size : int or tuple of 3 ints, optional
        ``(D_out, H_out, W_out)``; an int is used for all three. Give this or
        ``output_ratio``.
    output_ratio : float or tuple of 3 floats, optional
        Output size as a fraction of the input size, each strictly between 0 and 1:
        ``D_out = int(D * ratio_d)`` and so on.
    return_indices : bool, default False
        Also return where each maximum came from: its flat int64 offset
        ``(depth * H + row) * W + col`` in its input volume, as ``max_unpool3d`` takes it.
    _random_samples : array_like, optional
        The samples that place the windows: shape ``(N, C, 3)`` (``(1, C, 3)`` for
        unbatched input), values in ``[0, 1)``, cast to the dtype of ``x``;
        ``[..., 0]``, ``[..., 1]``, ``[..., 2]`` place them along ``D``, ``H``, ``W``, as
        in torch. The same samples give torch's result to the bit.
    rng : numpy.random.Generator or int or None, optional
        Where to draw the samples when ``_random_samples`` is not given: a Generator, a
        seed for ``numpy.random.default_rng``, or None for fresh entropy. Ignored when
        ``_random_samples`` is given.

    Returns
    -------
    out : ndarray
        ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, the dtype of ``x``.
    indices : ndarray of int64
        The shape of ``out``; only if ``return_indices``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, D, H, W)`` or ``(C, D, H, W)`` with ``C, D, H, W > 0``;
        if not exactly one of ``output_size`` and ``output_ratio`` is given; if a size is
        not positive, a ratio not strictly between 0 and 1, or the output does not fit
        (``D_out + kD - 1 < D`` and so on: torch's 3-D rule is strict); if
        ``_random_samples`` has the wrong shape or a value outside ``[0, 1)``; the
        message says which.
    TypeError
        If an argument has the wrong type, or ``x`` is not a floating-point array.

    Notes
    -----
    Along each axis (``D``, ``H`` and ``W`` alike) of length ``L``, with kernel size
    ``k``, ``out`` outputs and the plane's sample ``u`` for that axis, window ``i``
    covers ``[start[i], start[i] + k)`` where, in the dtype of ``x``::

        alpha = (L - k) / (out - 1)
        start[i] = int((i + u) * alpha) - int(u * alpha)    for i < out - 1
        start[out - 1] = L - k                              (the only window if out == 1)

    torch requires ``out + k - 1 < L`` here, one cell more than in 2-D
    (``out + k - 1 <= L``), so pooltools does too. Without ``_random_samples`` the
    samples are drawn as ``rng.random((N, C, 3), dtype=x.dtype)`` (float16: multiples
    of ``2**-11``), so the windows are random.

    Where pooltools is stricter than torch's functional: it rejects ``output_size`` and
    ``output_ratio`` together (torch's function silently uses ``output_size``;
    ``torch.nn.FractionalMaxPool3d`` rejects them too), a ratio outside ``(0, 1)`` (the
    function never checks it), a size or kernel size below 1, and samples outside
    ``[0, 1)`` or with more than ``N`` rows (torch uses the first ``N``).

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.arange(125.0).reshape(1, 1, 5, 5, 5)
    >>> samples = np.array([[[0.5, 0.5, 0.5]]])
    >>> out = pooltools.fractional_max_pool3d(x, 2, output_size=2, _random_samples=samples)
    >>> out.ravel()
    array([ 31.,  34.,  46.,  49., 106., 109., 121., 124.])
    >>> pooltools.fractional_max_pool3d(x, 2, output_ratio=0.5, rng=0).shape
    (1, 1, 2, 2, 2)
    """
    return _fractional_max_pool(
        "fractional_max_pool3d",
        3,
        x,
        kernel_size,
        output_size,
        output_ratio,
        return_indices,
        _random_samples,
        rng,
    )


def fractional_max_pool3d_backward(
    grad_output: ArrayLike,
    x: ArrayLike,
    kernel_size: int | tuple[int, int, int],
    output_size: int | tuple[int, int, int] | None = None,
    output_ratio: float | tuple[float, float, float] | None = None,
    _random_samples: ArrayLike | None = None,
    *,
    rng: np.random.Generator | int | None = None,
) -> NDArray:
    """Gradient of ``fractional_max_pool3d`` with respect to ``x``.

    Each output's gradient goes to the cell that won its window (the first maximum, or
    the last NaN); where windows overlap, the gradients add up, in the dtype of ``x``.
    Pass the forward call's ``_random_samples``: without them new windows are drawn, and
    the result is the gradient of a different, random pooling.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``fractional_max_pool3d(x, ...)``, in its
        shape.
    x : array_like
        The input of the forward call.
    kernel_size, output_size, output_ratio, _random_samples, rng
        As in ``fractional_max_pool3d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``fractional_max_pool3d``, or if ``grad_output`` does not have the output's
        shape.
    TypeError
        As ``fractional_max_pool3d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.zeros((1, 1, 4, 4, 4))  # all cells tie: each window's first cell wins
    >>> samples = np.zeros((1, 1, 3))
    >>> g = np.ones((1, 1, 2, 2, 2))
    >>> grad = pooltools.fractional_max_pool3d_backward(g, x, 2, 2, _random_samples=samples)
    >>> grad.sum(), grad[0, 0, 0]
    (np.float64(8.0), array([[1., 0., 1., 0.],
           [0., 0., 0., 0.],
           [1., 0., 1., 0.],
           [0., 0., 0., 0.]]))
    """
    return _fractional_max_pool_backward(
        "fractional_max_pool3d_backward",
        3,
        grad_output,
        x,
        kernel_size,
        output_size,
        output_ratio,
        _random_samples,
        rng,
    )
