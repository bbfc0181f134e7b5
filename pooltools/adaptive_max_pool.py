"""Adaptive max pooling in 1, 2 and 3 dimensions, and its gradient.

``adaptive_max_pool1d``, ``adaptive_max_pool2d``, ``adaptive_max_pool3d`` and their
``*_backward``, as in ``torch.nn.functional``. You choose the output size; the windows
(bins) follow: along an axis of length ``L`` with ``out`` bins, bin ``i`` covers
``[floor(i*L/out), ceil((i+1)*L/out))``. Each public function checks its arguments once
and calls one of the N-d functions just below: bins that tile the input evenly (14 -> 7)
are plain windows for ``_core.py``; others are gathered bin by bin in ``_adaptive.py``.
``naive.adaptive_max_pool2d`` is the same op written as the book's loops.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _adaptive, _core
from ._validate import adaptive_axes, as_input, batched_grad, flag, unbatch


@_core.ieee_arithmetic
def _adaptive_max_pool(op, n, x, output_size, return_indices):
    """Adaptive max pooling over the last ``n`` axes of ``x``."""
    x, batched = as_input(op, x, n)
    axes = adaptive_axes(op, x.shape[2:], output_size)
    with_indices = flag(op, "return_indices", return_indices)
    fixed = _adaptive.as_fixed(axes)
    if fixed is None:
        values, indices = _adaptive.max_indices(x, axes)
    elif with_indices:
        values, winners = _core.max_winners(x, fixed)
        indices = _core.flat_indices(winners, fixed)
    else:
        values = _core.max_values(x, fixed)
    if with_indices:
        return unbatch(values, batched), unbatch(indices, batched)
    return unbatch(values, batched)


@_core.ieee_arithmetic
def _adaptive_max_pool_backward(op, n, grad_output, x, output_size):
    """Send each output's gradient to its bin's winner; overlapping bins add up."""
    x, batched = as_input(op, x, n)
    axes = adaptive_axes(op, x.shape[2:], output_size)
    g = batched_grad(op, grad_output, x.shape[:2] + tuple(a.out for a in axes), batched)
    fixed = _adaptive.as_fixed(axes)
    if fixed is not None:
        return unbatch(_core.max_backward(g, x, fixed), batched)
    _, indices = _adaptive.max_indices(x, axes)
    return unbatch(_core.scatter(g, indices, x.shape, x.dtype), batched)


def adaptive_max_pool1d(
    x: ArrayLike, output_size: int | tuple[int | None] | None, return_indices: bool = False
) -> NDArray | tuple[NDArray, NDArray[np.int64]]:
    """1-D adaptive max pooling, as ``torch.nn.functional.adaptive_max_pool1d``.

    Each output cell is the maximum of its bin; ties go to the first maximum, NaN
    propagates.

    Parameters
    ----------
    x : array_like
        ``(N, C, L)`` or ``(C, L)``, floating point.
    output_size : int or None
        The output length ``L_out``; ``None`` keeps ``L``.
    return_indices : bool, default False
        Also return the int64 position in ``L`` of each maximum.

    Returns
    -------
    out : ndarray
        ``(N, C, L_out)`` or ``(C, L_out)``, the dtype of ``x``.
    indices : ndarray of int64
        The shape of ``out``; only if ``return_indices``.

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
    >>> pooltools.adaptive_max_pool1d(x, 4)  # bins [0,2) [1,3) [3,5) [4,6)
    array([[3., 3., 5., 4.]])
    >>> pooltools.adaptive_max_pool1d(x, 4, return_indices=True)[1]
    array([[1, 1, 3, 4]])
    """
    return _adaptive_max_pool("adaptive_max_pool1d", 1, x, output_size, return_indices)


def adaptive_max_pool1d_backward(
    grad_output: ArrayLike, x: ArrayLike, output_size: int | tuple[int | None] | None
) -> NDArray:
    """Gradient of ``adaptive_max_pool1d`` with respect to ``x``.

    Each output's gradient goes to the cell that won its bin; where bins overlap, the
    gradients add up.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``adaptive_max_pool1d(x, output_size)``.
    x : array_like
        The input of the forward call.
    output_size
        As in ``adaptive_max_pool1d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``adaptive_max_pool1d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``adaptive_max_pool1d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.array([[1.0, 3.0, 2.0, 5.0, 4.0, 0.0]])  # the 3 wins two bins
    >>> pooltools.adaptive_max_pool1d_backward(np.ones((1, 4)), x, 4)
    array([[0., 2., 0., 1., 1., 0.]])
    """
    return _adaptive_max_pool_backward(
        "adaptive_max_pool1d_backward", 1, grad_output, x, output_size
    )


def adaptive_max_pool2d(
    x: ArrayLike,
    output_size: int | tuple[int | None, int | None] | None,
    return_indices: bool = False,
) -> NDArray | tuple[NDArray, NDArray[np.int64]]:
    """2-D adaptive max pooling, as ``torch.nn.functional.adaptive_max_pool2d``.

    Each output cell is the maximum of its bin; ties go to the first maximum in row-major
    order, NaN propagates.

    Parameters
    ----------
    x : array_like
        ``(N, C, H, W)`` or ``(C, H, W)``, floating point.
    output_size : int or tuple of 2 ints or None
        The output size ``(H_out, W_out)``; an int is used for both, and ``None`` (for
        both or for one) keeps that input size.
    return_indices : bool, default False
        Also return the flat int64 offset ``row * W + col`` of each maximum.

    Returns
    -------
    out : ndarray
        ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, the dtype of ``x``.
    indices : ndarray of int64
        The shape of ``out``; only if ``return_indices``.

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
    ``L_out > L`` repeats cells.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> pooltools.adaptive_max_pool2d(x, (1, None))  # one row of bins, W kept
    array([[[[12., 13., 14., 15.]]]])
    """
    return _adaptive_max_pool("adaptive_max_pool2d", 2, x, output_size, return_indices)


def adaptive_max_pool2d_backward(
    grad_output: ArrayLike, x: ArrayLike, output_size: int | tuple[int | None, int | None] | None
) -> NDArray:
    """Gradient of ``adaptive_max_pool2d`` with respect to ``x``.

    Each output's gradient goes to the cell that won its bin; where bins overlap, the
    gradients add up.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``adaptive_max_pool2d(x, output_size)``.
    x : array_like
        The input of the forward call.
    output_size
        As in ``adaptive_max_pool2d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``adaptive_max_pool2d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``adaptive_max_pool2d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.arange(6.0).reshape(1, 1, 2, 3)  # 2 bins along W: columns [0,2) and [1,3)
    >>> pooltools.adaptive_max_pool2d_backward(np.ones((1, 1, 1, 2)), x, (1, 2))
    array([[[[0., 0., 0.],
             [0., 1., 1.]]]])
    """
    return _adaptive_max_pool_backward(
        "adaptive_max_pool2d_backward", 2, grad_output, x, output_size
    )


def adaptive_max_pool3d(
    x: ArrayLike,
    output_size: int | tuple[int | None, int | None, int | None] | None,
    return_indices: bool = False,
) -> NDArray | tuple[NDArray, NDArray[np.int64]]:
    """3-D adaptive max pooling, as ``torch.nn.functional.adaptive_max_pool3d``.

    Each output cell is the maximum of its bin; ties go to the first maximum in row-major
    order, NaN propagates.

    Parameters
    ----------
    x : array_like
        ``(N, C, D, H, W)`` or ``(C, D, H, W)``, floating point.
    output_size : int or tuple of 3 ints or None
        The output size ``(D_out, H_out, W_out)``; an int is used for all three, and
        ``None`` (for all or for one) keeps that input size.
    return_indices : bool, default False
        Also return the flat int64 offset ``(depth * H + row) * W + col`` of each maximum.

    Returns
    -------
    out : ndarray
        ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, the dtype of ``x``.
    indices : ndarray of int64
        The shape of ``out``; only if ``return_indices``.

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
    >>> pooltools.adaptive_max_pool3d(x, (1, 2, 3)).shape
    (2, 3, 1, 2, 3)
    """
    return _adaptive_max_pool("adaptive_max_pool3d", 3, x, output_size, return_indices)


def adaptive_max_pool3d_backward(
    grad_output: ArrayLike,
    x: ArrayLike,
    output_size: int | tuple[int | None, int | None, int | None] | None,
) -> NDArray:
    """Gradient of ``adaptive_max_pool3d`` with respect to ``x``.

    Each output's gradient goes to the cell that won its bin; where bins overlap, the
    gradients add up.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``adaptive_max_pool3d(x, output_size)``.
    x : array_like
        The input of the forward call.
    output_size
        As in ``adaptive_max_pool3d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``adaptive_max_pool3d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``adaptive_max_pool3d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.ones((1, 1, 2, 2, 2))  # all eight cells tie: the first one wins
    >>> pooltools.adaptive_max_pool3d_backward(np.ones((1, 1, 1, 1, 1)), x, 1).ravel()
    array([1., 0., 0., 0., 0., 0., 0., 0.])
    """
    return _adaptive_max_pool_backward(
        "adaptive_max_pool3d_backward", 3, grad_output, x, output_size
    )
