"""Power-average (Lp) pooling in 1, 2 and 3 dimensions, and its gradient.

``lp_pool1d``, ``lp_pool2d``, ``lp_pool3d`` and their ``*_backward``, as in
``torch.nn.functional``: ``out = (sum over the window of x**p) ** (1/p)``. ``p = 1`` is
sum pooling; a large ``p`` approaches max pooling. Each public function checks its
arguments once and calls one of the N-d functions just below, which follow torch step by
step (an average of ``x**p`` times the kernel volume, then the ``1/p`` power).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _core
from ._validate import as_input, batched_grad, norm_type, pool_axes, unbatch


def _setup(op, n, x, p, kernel_size, stride, ceil_mode):
    """Check the arguments; return what forward and backward share, including the window
    means of ``x**p`` (``mean * volume`` is the window sum, as torch computes it)."""
    p = norm_type(op, p)
    x, batched = as_input(op, x, n)
    axes = pool_axes(op, x.shape[2:], kernel_size, stride, 0, 1, ceil_mode, kernel_fits=n == 3)
    div = _core.divisor(axes, True, None, _core.acc_dtype(x.dtype))
    volume = math.prod(a.kernel for a in axes)
    mean = (_core.window_sums(x**p, axes) / div).astype(x.dtype, copy=False)
    return x, batched, axes, div, p, volume, mean


@_core.ieee_arithmetic
def _lp_pool(op, n, x, p, kernel_size, stride, ceil_mode):
    """Lp pooling over the last ``n`` axes of ``x``."""
    x, batched, _, _, p, volume, mean = _setup(op, n, x, p, kernel_size, stride, ceil_mode)
    return unbatch((mean * volume) ** (1.0 / p), batched)


@_core.ieee_arithmetic
def _lp_pool_backward(op, n, grad_output, x, p, kernel_size, stride, ceil_mode):
    """The chain rule through ``x**p``, the window mean, the scaling and the ``1/p`` power,
    as torch's autograd takes it (a window whose sum is exactly 0 passes no gradient)."""
    x, batched, axes, div, p, volume, mean = _setup(op, n, x, p, kernel_size, stride, ceil_mode)
    g = batched_grad(op, grad_output, mean.shape, batched).astype(x.dtype, copy=False)
    g_mean = g * ((1.0 / p) * (mean * volume) ** (1.0 / p - 1.0)) * volume
    g_mean = np.where(mean == 0, 0, g_mean).astype(div.dtype)
    g_pow = _core.spread(g_mean / div, x.shape, axes).astype(x.dtype, copy=False)
    grad = g_pow * (p * x ** (p - 1.0))
    return unbatch(grad.astype(x.dtype, copy=False), batched)


def lp_pool1d(
    x: ArrayLike,
    norm_type: float,
    kernel_size: int | tuple[int],
    stride: int | tuple[int] | None = None,
    ceil_mode: bool = False,
) -> NDArray:
    """1-D power-average pooling, as ``torch.nn.functional.lp_pool1d``.

    Each output cell is ``(sum of x**norm_type over its window) ** (1 / norm_type)``.

    Parameters
    ----------
    x : array_like
        ``(N, C, L)`` or ``(C, L)``, floating point.
    norm_type : float
        The power ``p``; finite and non-zero.
    kernel_size : int
        Window length.
    stride : int, optional
        Step between windows; defaults to ``kernel_size``.
    ceil_mode : bool, default False
        Round the output length up instead of down.

    Returns
    -------
    ndarray
        ``(N, C, L_out)`` or ``(C, L_out)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, L)`` or ``(C, L)`` with ``C, L > 0``, ``norm_type`` is
        0 or not finite, or ``L_out < 1``; the message says which.
    TypeError
        If an argument has the wrong type, or ``x`` is not a floating-point array.

    Notes
    -----
    With ``k, s`` the kernel size and stride (no padding, no dilation)::

        L_out = floor((L - k) / s) + 1

    In ceil mode ``ceil`` replaces ``floor``. As in torch, the window sum is computed as
    an average times ``k``, so a ceil-mode window that overhangs the input is scaled up
    to the full kernel.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.array([[1.0, 3.0, 2.0, 5.0, 4.0]])
    >>> pooltools.lp_pool1d(x, 1, 2)  # p = 1: sum pooling
    array([[4., 7.]])
    >>> pooltools.lp_pool1d(x, 1, 2, ceil_mode=True)  # the last window, [4], counts twice
    array([[4., 7., 8.]])
    """
    return _lp_pool("lp_pool1d", 1, x, norm_type, kernel_size, stride, ceil_mode)


def lp_pool1d_backward(
    grad_output: ArrayLike,
    x: ArrayLike,
    norm_type: float,
    kernel_size: int | tuple[int],
    stride: int | tuple[int] | None = None,
    ceil_mode: bool = False,
) -> NDArray:
    """Gradient of ``lp_pool1d`` with respect to ``x``.

    For a window with output ``y``, cell ``x_i`` gets ``g * x_i**(p-1) / y**(p-1)``, by
    the chain rule as torch's autograd takes it; a window whose sum is exactly 0 passes
    no gradient. Where windows overlap, the gradients add up.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``lp_pool1d(x, ...)``, in its shape.
    x : array_like
        The input of the forward call.
    norm_type, kernel_size, stride, ceil_mode
        As in ``lp_pool1d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``lp_pool1d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``lp_pool1d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.array([[3.0, 4.0]])  # lp_pool1d(x, 2, 2) is [[5.]]
    >>> pooltools.lp_pool1d_backward(np.ones((1, 1)), x, 2, 2)  # x / 5
    array([[0.6, 0.8]])
    """
    return _lp_pool_backward(
        "lp_pool1d_backward", 1, grad_output, x, norm_type, kernel_size, stride, ceil_mode
    )


def lp_pool2d(
    x: ArrayLike,
    norm_type: float,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    ceil_mode: bool = False,
) -> NDArray:
    """2-D power-average pooling, as ``torch.nn.functional.lp_pool2d``.

    Each output cell is ``(sum of x**norm_type over its window) ** (1 / norm_type)``.

    Parameters
    ----------
    x : array_like
        ``(N, C, H, W)`` or ``(C, H, W)``, floating point.
    norm_type : float
        The power ``p``; finite and non-zero.
    kernel_size : int or tuple of 2 ints
        Window size ``(kH, kW)``; an int is used for both.
    stride : int or tuple of 2 ints, optional
        Step between windows; defaults to ``kernel_size``.
    ceil_mode : bool, default False
        Round the output size up instead of down.

    Returns
    -------
    ndarray
        ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, H, W)`` or ``(C, H, W)`` with ``C, H, W > 0``,
        ``norm_type`` is 0 or not finite, or an output size would be below 1; the message
        says which.
    TypeError
        If an argument has the wrong type, or ``x`` is not a floating-point array.

    Notes
    -----
    Along each axis (``H`` and ``W`` alike) of length ``L``, with ``k, s`` that axis's
    kernel size and stride (no padding, no dilation)::

        L_out = floor((L - k) / s) + 1

    In ceil mode ``ceil`` replaces ``floor``. As in torch, the window sum is computed as
    an average times ``kH * kW``, so a ceil-mode window that overhangs the input is
    scaled up to the full kernel.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.full((1, 1, 4, 4), 3.0)
    >>> pooltools.lp_pool2d(x, 2, 2)  # sqrt(4 * 3**2)
    array([[[[6., 6.],
             [6., 6.]]]])
    """
    return _lp_pool("lp_pool2d", 2, x, norm_type, kernel_size, stride, ceil_mode)


def lp_pool2d_backward(
    grad_output: ArrayLike,
    x: ArrayLike,
    norm_type: float,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    ceil_mode: bool = False,
) -> NDArray:
    """Gradient of ``lp_pool2d`` with respect to ``x``.

    For a window with output ``y``, cell ``x_i`` gets ``g * x_i**(p-1) / y**(p-1)``, by
    the chain rule as torch's autograd takes it; a window whose sum is exactly 0 passes
    no gradient. Where windows overlap, the gradients add up.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``lp_pool2d(x, ...)``, in its shape.
    x : array_like
        The input of the forward call.
    norm_type, kernel_size, stride, ceil_mode
        As in ``lp_pool2d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``lp_pool2d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``lp_pool2d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.full((1, 1, 2, 2), 3.0)  # lp_pool2d(x, 2, 2) is [[[[6.]]]]
    >>> pooltools.lp_pool2d_backward(np.ones((1, 1, 1, 1)), x, 2, 2)  # x / 6
    array([[[[0.5, 0.5],
             [0.5, 0.5]]]])
    """
    return _lp_pool_backward(
        "lp_pool2d_backward", 2, grad_output, x, norm_type, kernel_size, stride, ceil_mode
    )


def lp_pool3d(
    x: ArrayLike,
    norm_type: float,
    kernel_size: int | tuple[int, int, int],
    stride: int | tuple[int, int, int] | None = None,
    ceil_mode: bool = False,
) -> NDArray:
    """3-D power-average pooling, as ``torch.nn.functional.lp_pool3d``.

    Each output cell is ``(sum of x**norm_type over its window) ** (1 / norm_type)``.

    Parameters
    ----------
    x : array_like
        ``(N, C, D, H, W)`` or ``(C, D, H, W)``, floating point.
    norm_type : float
        The power ``p``; finite and non-zero.
    kernel_size : int or tuple of 3 ints
        Window size ``(kD, kH, kW)``; an int is used for all three.
    stride : int or tuple of 3 ints, optional
        Step between windows; defaults to ``kernel_size``.
    ceil_mode : bool, default False
        Round the output size up instead of down.

    Returns
    -------
    ndarray
        ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, D, H, W)`` or ``(C, D, H, W)`` with ``C, D, H, W > 0``,
        ``norm_type`` is 0 or not finite, or an input size is smaller than the kernel
        (as in torch's 3-D pooling); the message says which.
    TypeError
        If an argument has the wrong type, or ``x`` is not a floating-point array.

    Notes
    -----
    Along each axis (``D``, ``H`` and ``W`` alike) of length ``L``, with ``k, s`` that
    axis's kernel size and stride (no padding, no dilation)::

        L_out = floor((L - k) / s) + 1

    In ceil mode ``ceil`` replaces ``floor``. As in torch, the window sum is computed as
    an average times ``kD * kH * kW``, so a ceil-mode window that overhangs the input is
    scaled up to the full kernel.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.ones((2, 3, 4, 6, 6))
    >>> pooltools.lp_pool3d(x, 2, 2).shape
    (2, 3, 2, 3, 3)
    """
    return _lp_pool("lp_pool3d", 3, x, norm_type, kernel_size, stride, ceil_mode)


def lp_pool3d_backward(
    grad_output: ArrayLike,
    x: ArrayLike,
    norm_type: float,
    kernel_size: int | tuple[int, int, int],
    stride: int | tuple[int, int, int] | None = None,
    ceil_mode: bool = False,
) -> NDArray:
    """Gradient of ``lp_pool3d`` with respect to ``x``.

    For a window with output ``y``, cell ``x_i`` gets ``g * x_i**(p-1) / y**(p-1)``, by
    the chain rule as torch's autograd takes it; a window whose sum is exactly 0 passes
    no gradient. Where windows overlap, the gradients add up.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``lp_pool3d(x, ...)``, in its shape.
    x : array_like
        The input of the forward call.
    norm_type, kernel_size, stride, ceil_mode
        As in ``lp_pool3d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``lp_pool3d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``lp_pool3d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.ones((1, 1, 2, 2, 2))  # p = 3: each of the 8 cells gets 8 ** (1/3 - 1)
    >>> pooltools.lp_pool3d_backward(np.ones((1, 1, 1, 1, 1)), x, 3, 2).ravel()
    array([0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25])
    """
    return _lp_pool_backward(
        "lp_pool3d_backward", 3, grad_output, x, norm_type, kernel_size, stride, ceil_mode
    )
