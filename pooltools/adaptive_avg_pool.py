"""Adaptive average pooling in 1, 2 and 3 dimensions, and its gradient.

``adaptive_avg_pool1d``, ``adaptive_avg_pool2d``, ``adaptive_avg_pool3d`` and their
``*_backward``, as in ``torch.nn.functional``. You choose the output size; the windows
(bins) follow: along an axis of length ``L`` with ``out`` bins, bin ``i`` covers
``[floor(i*L/out), ceil((i+1)*L/out))``. Each public function checks its arguments once
and calls one of the N-d functions just below: bins that tile the input evenly (14 -> 7)
are plain windows for ``_core.py``; others are averaged axis by axis in ``_adaptive.py``.
``naive.adaptive_avg_pool2d`` is the same op written as the book's loops.
"""

from __future__ import annotations

from numpy.typing import ArrayLike, NDArray

from . import _adaptive, _core
from ._validate import adaptive_axes, as_input, batched_grad, unbatch


@_core.ieee_arithmetic
def _adaptive_avg_pool(op, n, x, output_size):
    """Adaptive average pooling over the last ``n`` axes of ``x``."""
    x, batched = as_input(op, x, n)
    axes = adaptive_axes(op, x.shape[2:], output_size)
    fixed = _adaptive.as_fixed(axes)
    if fixed is not None:
        div = _core.divisor(fixed, True, None, _core.acc_dtype(x.dtype))
        return unbatch(_core.average(x, fixed, div), batched)
    return unbatch(_adaptive.means(x, axes), batched)


@_core.ieee_arithmetic
def _adaptive_avg_pool_backward(op, n, grad_output, x, output_size):
    """Share each bin's gradient equally among its cells; overlapping bins add up."""
    x, batched = as_input(op, x, n)
    axes = adaptive_axes(op, x.shape[2:], output_size)
    g = batched_grad(op, grad_output, x.shape[:2] + tuple(a.out for a in axes), batched)
    fixed = _adaptive.as_fixed(axes)
    if fixed is not None:
        div = _core.divisor(fixed, True, None, _core.acc_dtype(x.dtype))
        return unbatch(_core.average_backward(g, x, fixed, div), batched)
    return unbatch(_adaptive.means_backward(g, x.shape, axes, x.dtype), batched)


def adaptive_avg_pool1d(x: ArrayLike, output_size: int | tuple[int | None] | None) -> NDArray:
    """1-D adaptive average pooling, as ``torch.nn.functional.adaptive_avg_pool1d``.

    Each output cell is the mean of its bin.

    Parameters
    ----------
    x : array_like
        ``(N, C, L)`` or ``(C, L)``, floating point.
    output_size : int or None
        The output length ``L_out``; ``None`` keeps ``L``.

    Returns
    -------
    ndarray
        ``(N, C, L_out)`` or ``(C, L_out)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, L)`` or ``(C, L)`` with ``C, L > 0``, or ``output_size``
        is not positive.
    TypeError
        If an argument has the wrong type, or ``x`` is not a floating-point array.

    Notes
    -----
    Bin ``i`` of ``L_out`` covers ``[floor(i * L / L_out), ceil((i + 1) * L / L_out))``:
    bins may overlap, and ``L_out > L`` repeats cells.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.array([[1.0, 3.0, 2.0, 5.0, 4.0, 0.0]])
    >>> pooltools.adaptive_avg_pool1d(x, 4)  # bins [0,2) [1,3) [3,5) [4,6)
    array([[2. , 2.5, 4.5, 2. ]])
    """
    return _adaptive_avg_pool("adaptive_avg_pool1d", 1, x, output_size)


def adaptive_avg_pool1d_backward(
    grad_output: ArrayLike, x: ArrayLike, output_size: int | tuple[int | None] | None
) -> NDArray:
    """Gradient of ``adaptive_avg_pool1d`` with respect to ``x``.

    Each bin's gradient is shared equally among its cells; where bins overlap, the
    gradients add up.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``adaptive_avg_pool1d(x, output_size)``.
    x : array_like
        The input of the forward call.
    output_size
        As in ``adaptive_avg_pool1d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``adaptive_avg_pool1d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``adaptive_avg_pool1d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.zeros((1, 6))  # bins [0,2) [1,3) [3,5) [4,6): cells 1 and 4 are in two
    >>> pooltools.adaptive_avg_pool1d_backward(np.ones((1, 4)), x, 4)
    array([[0.5, 1. , 0.5, 0.5, 1. , 0.5]])
    """
    return _adaptive_avg_pool_backward(
        "adaptive_avg_pool1d_backward", 1, grad_output, x, output_size
    )


def adaptive_avg_pool2d(
    x: ArrayLike, output_size: int | tuple[int | None, int | None] | None
) -> NDArray:
    """2-D adaptive average pooling, as ``torch.nn.functional.adaptive_avg_pool2d``.

    Each output cell is the mean of its bin.

    Parameters
    ----------
    x : array_like
        ``(N, C, H, W)`` or ``(C, H, W)``, floating point.
    output_size : int or tuple of 2 ints or None
        The output size ``(H_out, W_out)``; an int is used for both, and ``None`` (for
        both or for one) keeps that input size.

    Returns
    -------
    ndarray
        ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, H, W)`` or ``(C, H, W)`` with ``C, H, W > 0``, or an
        output size is not positive.
    TypeError
        If an argument has the wrong type, or ``x`` is not a floating-point array.

    Notes
    -----
    Along each axis of length ``L`` with ``L_out`` bins, bin ``i`` covers
    ``[floor(i * L / L_out), ceil((i + 1) * L / L_out))``: bins may overlap, and
    ``L_out > L`` repeats cells. ``adaptive_avg_pool2d(x, 1)`` is global average pooling.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> pooltools.adaptive_avg_pool2d(x, 1)
    array([[[[7.5]]]])
    """
    return _adaptive_avg_pool("adaptive_avg_pool2d", 2, x, output_size)


def adaptive_avg_pool2d_backward(
    grad_output: ArrayLike, x: ArrayLike, output_size: int | tuple[int | None, int | None] | None
) -> NDArray:
    """Gradient of ``adaptive_avg_pool2d`` with respect to ``x``.

    Each bin's gradient is shared equally among its cells; where bins overlap, the
    gradients add up.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``adaptive_avg_pool2d(x, output_size)``.
    x : array_like
        The input of the forward call.
    output_size
        As in ``adaptive_avg_pool2d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``adaptive_avg_pool2d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``adaptive_avg_pool2d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.zeros((1, 1, 2, 3))  # 2 bins of 2x2 along W: columns [0,2) and [1,3)
    >>> pooltools.adaptive_avg_pool2d_backward(np.ones((1, 1, 1, 2)), x, (1, 2))
    array([[[[0.25, 0.5 , 0.25],
             [0.25, 0.5 , 0.25]]]])
    """
    return _adaptive_avg_pool_backward(
        "adaptive_avg_pool2d_backward", 2, grad_output, x, output_size
    )


def adaptive_avg_pool3d(
    x: ArrayLike, output_size: int | tuple[int | None, int | None, int | None] | None
) -> NDArray:
    """3-D adaptive average pooling, as ``torch.nn.functional.adaptive_avg_pool3d``.

    Each output cell is the mean of its bin.

    Parameters
    ----------
    x : array_like
        ``(N, C, D, H, W)`` or ``(C, D, H, W)``, floating point.
    output_size : int or tuple of 3 ints or None
        The output size ``(D_out, H_out, W_out)``; an int is used for all three, and
        ``None`` (for all or for one) keeps that input size.

    Returns
    -------
    ndarray
        ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, D, H, W)`` or ``(C, D, H, W)`` with ``C, D, H, W > 0``, or
        an output size is not positive.
    TypeError
        If an argument has the wrong type, or ``x`` is not a floating-point array.

    Notes
    -----
    Along each axis of length ``L`` with ``L_out`` bins, bin ``i`` covers
    ``[floor(i * L / L_out), ceil((i + 1) * L / L_out))``: bins may overlap, and
    ``L_out > L`` repeats cells.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.ones((2, 3, 4, 6, 6))
    >>> pooltools.adaptive_avg_pool3d(x, 1).shape
    (2, 3, 1, 1, 1)
    """
    return _adaptive_avg_pool("adaptive_avg_pool3d", 3, x, output_size)


def adaptive_avg_pool3d_backward(
    grad_output: ArrayLike,
    x: ArrayLike,
    output_size: int | tuple[int | None, int | None, int | None] | None,
) -> NDArray:
    """Gradient of ``adaptive_avg_pool3d`` with respect to ``x``.

    Each bin's gradient is shared equally among its cells; where bins overlap, the
    gradients add up.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``adaptive_avg_pool3d(x, output_size)``.
    x : array_like
        The input of the forward call.
    output_size
        As in ``adaptive_avg_pool3d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``adaptive_avg_pool3d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``adaptive_avg_pool3d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.ones((1, 1, 2, 2, 2))  # one bin of 8 cells: each gets 1/8
    >>> pooltools.adaptive_avg_pool3d_backward(np.ones((1, 1, 1, 1, 1)), x, 1).ravel()
    array([0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125])
    """
    return _adaptive_avg_pool_backward(
        "adaptive_avg_pool3d_backward", 3, grad_output, x, output_size
    )
