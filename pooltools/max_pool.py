"""Max pooling in 1, 2 and 3 dimensions, and its gradient.

``max_pool1d``, ``max_pool2d``, ``max_pool3d`` and their ``*_backward``, as in
``torch.nn.functional``. Each public function checks its arguments once and calls one of
the two N-d functions just below, which hand the work to the loop over kernel offsets in
``_core.py``. ``naive.max_pool2d`` is the same op written as the book's loops.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _core
from ._validate import as_input, batched_grad, flag, pool_axes, unbatch


@_core.ieee_arithmetic
def _max_pool(op, n, x, kernel_size, stride, padding, dilation, ceil_mode, return_indices):
    """Max pooling over the last ``n`` axes of ``x``."""
    x, batched = as_input(op, x, n, integers=True)
    axes = pool_axes(op, x.shape[2:], kernel_size, stride, padding, dilation, ceil_mode)
    if flag(op, "return_indices", return_indices):
        values, winners = _core.max_winners(x, axes)
        indices = _core.flat_indices(winners, axes)
        return unbatch(values, batched), unbatch(indices, batched)
    return unbatch(_core.max_values(x, axes), batched)


@_core.ieee_arithmetic
def _max_pool_backward(op, n, grad_output, x, kernel_size, stride, padding, dilation, ceil_mode):
    """Send each output's gradient to its window's winner; overlapping windows add up."""
    x, batched = as_input(op, x, n, integers=True)
    axes = pool_axes(op, x.shape[2:], kernel_size, stride, padding, dilation, ceil_mode)
    g = batched_grad(op, grad_output, _core.out_shape(x, axes), batched)
    return unbatch(_core.max_backward(g, x, axes), batched)


def max_pool1d(
    x: ArrayLike,
    kernel_size: int | tuple[int],
    stride: int | tuple[int] | None = None,
    padding: int | tuple[int] = 0,
    dilation: int | tuple[int] = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> NDArray | tuple[NDArray, NDArray[np.int64]]:
    """1-D max pooling, as ``torch.nn.functional.max_pool1d``.

    Each output cell is the maximum of its window. Padding counts as -inf; ties go to
    the first maximum; NaN propagates.

    Parameters
    ----------
    x : array_like
        ``(N, C, L)`` or ``(C, L)``, floating point or integer.
    kernel_size : int
        Window length.
    stride : int, optional
        Step between windows; defaults to ``kernel_size``.
    padding : int, default 0
        Implicit -inf padding added to both ends.
    dilation : int, default 1
        Spacing between the cells of a window.
    ceil_mode : bool, default False
        Round the output length up instead of down.
    return_indices : bool, default False
        Also return where each maximum came from: its int64 position in ``L``, as
        ``max_unpool1d`` takes it.

    Returns
    -------
    out : ndarray
        ``(N, C, L_out)`` or ``(C, L_out)``, the dtype of ``x``.
    indices : ndarray of int64
        The shape of ``out``; only if ``return_indices``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, L)`` or ``(C, L)`` with ``C, L > 0``, or a size breaks
        its rule (``padding <= kernel_size // 2``, ``L_out >= 1``); the message says which.
    TypeError
        If an argument has the wrong type, or ``x`` is not a real numeric array.

    Notes
    -----
    With ``k, s, p, d`` the kernel size, stride, padding and dilation::

        L_out = floor((L + 2p - d(k - 1) - 1) / s) + 1

    In ceil mode ``ceil`` replaces ``floor``, but a last window that would start at or
    past ``L + p`` is dropped.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.array([[1.0, 3.0, 2.0, 5.0, 4.0, 0.0]])
    >>> pooltools.max_pool1d(x, 2)
    array([[3., 5., 4.]])
    >>> pooltools.max_pool1d(x, 2, return_indices=True)[1]
    array([[1, 3, 4]])
    """
    return _max_pool(
        "max_pool1d", 1, x, kernel_size, stride, padding, dilation, ceil_mode, return_indices
    )


def max_pool1d_backward(
    grad_output: ArrayLike,
    x: ArrayLike,
    kernel_size: int | tuple[int],
    stride: int | tuple[int] | None = None,
    padding: int | tuple[int] = 0,
    dilation: int | tuple[int] = 1,
    ceil_mode: bool = False,
) -> NDArray:
    """Gradient of ``max_pool1d`` with respect to ``x``.

    Each output's gradient goes to the cell that won its window (the first maximum, or
    the last NaN); where windows overlap, the gradients add up.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``max_pool1d(x, ...)``, in its shape.
    x : array_like
        The input of the forward call.
    kernel_size, stride, padding, dilation, ceil_mode
        As in ``max_pool1d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``max_pool1d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``max_pool1d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.array([[0.0, 0.0, 5.0, 0.0, 0.0]])
    >>> pooltools.max_pool1d_backward(np.ones((1, 2)), x, 3, stride=2)  # 5 wins twice
    array([[0., 0., 2., 0., 0.]])
    """
    return _max_pool_backward(
        "max_pool1d_backward", 1, grad_output, x, kernel_size, stride, padding, dilation, ceil_mode
    )


def max_pool2d(
    x: ArrayLike,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    padding: int | tuple[int, int] = 0,
    dilation: int | tuple[int, int] = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> NDArray | tuple[NDArray, NDArray[np.int64]]:
    """2-D max pooling, as ``torch.nn.functional.max_pool2d``.

    Each output cell is the maximum of its window. Padding counts as -inf; ties go to
    the first maximum in row-major order; NaN propagates.

    Parameters
    ----------
    x : array_like
        ``(N, C, H, W)`` or ``(C, H, W)``, floating point or integer.
    kernel_size : int or tuple of 2 ints
        Window size ``(kH, kW)``; an int is used for both.
    stride : int or tuple of 2 ints, optional
        Step between windows; defaults to ``kernel_size``.
    padding : int or tuple of 2 ints, default 0
        Implicit -inf padding added to both sides.
    dilation : int or tuple of 2 ints, default 1
        Spacing between the cells of a window.
    ceil_mode : bool, default False
        Round the output size up instead of down.
    return_indices : bool, default False
        Also return where each maximum came from: its flat int64 offset ``row * W + col``
        in its input plane, as ``max_unpool2d`` takes it.

    Returns
    -------
    out : ndarray
        ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, the dtype of ``x``.
    indices : ndarray of int64
        The shape of ``out``; only if ``return_indices``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, H, W)`` or ``(C, H, W)`` with ``C, H, W > 0``, or a size
        breaks its rule (``padding <= kernel_size // 2``, an output size of at least 1);
        the message says which.
    TypeError
        If an argument has the wrong type, or ``x`` is not a real numeric array.

    Notes
    -----
    Along each axis (``H`` and ``W`` alike) of length ``L``, with ``k, s, p, d`` that
    axis's kernel size, stride, padding and dilation::

        L_out = floor((L + 2p - d(k - 1) - 1) / s) + 1

    In ceil mode ``ceil`` replaces ``floor``, but a last window that would start at or
    past ``L + p`` is dropped.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> pooltools.max_pool2d(x, 2)
    array([[[[ 5.,  7.],
             [13., 15.]]]])
    >>> pooltools.max_pool2d(x, 3, stride=2, padding=1, return_indices=True)[1]
    array([[[[ 5,  7],
             [13, 15]]]])
    """
    return _max_pool(
        "max_pool2d", 2, x, kernel_size, stride, padding, dilation, ceil_mode, return_indices
    )


def max_pool2d_backward(
    grad_output: ArrayLike,
    x: ArrayLike,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    padding: int | tuple[int, int] = 0,
    dilation: int | tuple[int, int] = 1,
    ceil_mode: bool = False,
) -> NDArray:
    """Gradient of ``max_pool2d`` with respect to ``x``.

    Each output's gradient goes to the cell that won its window (the first maximum, or
    the last NaN); where windows overlap, the gradients add up.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``max_pool2d(x, ...)``, in its shape.
    x : array_like
        The input of the forward call.
    kernel_size, stride, padding, dilation, ceil_mode
        As in ``max_pool2d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``max_pool2d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``max_pool2d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> pooltools.max_pool2d_backward(np.ones((1, 1, 2, 2)), x, 2)
    array([[[[0., 0., 0., 0.],
             [0., 1., 0., 1.],
             [0., 0., 0., 0.],
             [0., 1., 0., 1.]]]])
    """
    return _max_pool_backward(
        "max_pool2d_backward", 2, grad_output, x, kernel_size, stride, padding, dilation, ceil_mode
    )


def max_pool3d(
    x: ArrayLike,
    kernel_size: int | tuple[int, int, int],
    stride: int | tuple[int, int, int] | None = None,
    padding: int | tuple[int, int, int] = 0,
    dilation: int | tuple[int, int, int] = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> NDArray | tuple[NDArray, NDArray[np.int64]]:
    """3-D max pooling, as ``torch.nn.functional.max_pool3d``.

    Each output cell is the maximum of its window. Padding counts as -inf; ties go to
    the first maximum in row-major order; NaN propagates.

    Parameters
    ----------
    x : array_like
        ``(N, C, D, H, W)`` or ``(C, D, H, W)``, floating point or integer.
    kernel_size : int or tuple of 3 ints
        Window size ``(kD, kH, kW)``; an int is used for all three.
    stride : int or tuple of 3 ints, optional
        Step between windows; defaults to ``kernel_size``.
    padding : int or tuple of 3 ints, default 0
        Implicit -inf padding added to both sides.
    dilation : int or tuple of 3 ints, default 1
        Spacing between the cells of a window.
    ceil_mode : bool, default False
        Round the output size up instead of down.
    return_indices : bool, default False
        Also return where each maximum came from: its flat int64 offset
        ``(depth * H + row) * W + col`` in its input volume, as ``max_unpool3d`` takes it.

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
        a size breaks its rule (``padding <= kernel_size // 2``, an output size of at
        least 1); the message says which.
    TypeError
        If an argument has the wrong type, or ``x`` is not a real numeric array.

    Notes
    -----
    Along each axis (``D``, ``H`` and ``W`` alike) of length ``L``, with ``k, s, p, d``
    that axis's kernel size, stride, padding and dilation::

        L_out = floor((L + 2p - d(k - 1) - 1) / s) + 1

    In ceil mode ``ceil`` replaces ``floor``, but a last window that would start at or
    past ``L + p`` is dropped.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.ones((2, 3, 4, 6, 6))
    >>> pooltools.max_pool3d(x, 2).shape
    (2, 3, 2, 3, 3)
    >>> pooltools.max_pool3d(x, 3, stride=2, padding=1, ceil_mode=True).shape
    (2, 3, 3, 4, 4)
    """
    return _max_pool(
        "max_pool3d", 3, x, kernel_size, stride, padding, dilation, ceil_mode, return_indices
    )


def max_pool3d_backward(
    grad_output: ArrayLike,
    x: ArrayLike,
    kernel_size: int | tuple[int, int, int],
    stride: int | tuple[int, int, int] | None = None,
    padding: int | tuple[int, int, int] = 0,
    dilation: int | tuple[int, int, int] = 1,
    ceil_mode: bool = False,
) -> NDArray:
    """Gradient of ``max_pool3d`` with respect to ``x``.

    Each output's gradient goes to the cell that won its window (the first maximum, or
    the last NaN); where windows overlap, the gradients add up.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``max_pool3d(x, ...)``, in its shape.
    x : array_like
        The input of the forward call.
    kernel_size, stride, padding, dilation, ceil_mode
        As in ``max_pool3d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``max_pool3d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``max_pool3d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.ones((1, 1, 2, 2, 2))  # all eight cells tie: the first one wins
    >>> pooltools.max_pool3d_backward(np.ones((1, 1, 1, 1, 1)), x, 2).ravel()
    array([1., 0., 0., 0., 0., 0., 0., 0.])
    """
    return _max_pool_backward(
        "max_pool3d_backward", 3, grad_output, x, kernel_size, stride, padding, dilation, ceil_mode
    )
