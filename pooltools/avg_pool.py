"""Average pooling in 1, 2 and 3 dimensions, and its gradient.

``avg_pool1d``, ``avg_pool2d``, ``avg_pool3d`` and their ``*_backward``, as in
``torch.nn.functional``. Each public function checks its arguments once and calls one of
the N-d functions just below: window sums from the loop over kernel offsets in
``_core.py``, divided by torch's divisor. ``naive.avg_pool2d`` is the same op as loops.
"""

from __future__ import annotations

from numpy.typing import ArrayLike, NDArray

from . import _core
from ._validate import as_input, batched_grad, divisor_override, flag, pool_axes, unbatch


def _setup(op, n, x, kernel_size, stride, padding, ceil_mode, count_include_pad, override):
    """Check the arguments; return the batched input, the window geometry and the divisor
    of every window (``count_include_pad`` and ``divisor_override`` applied)."""
    x, batched = as_input(op, x, n)
    axes = pool_axes(
        op, x.shape[2:], kernel_size, stride, padding, 1, ceil_mode, kernel_fits=n == 3
    )
    include = flag(op, "count_include_pad", count_include_pad)
    override = divisor_override(op, override)
    return x, batched, axes, _core.divisor(axes, include, override, _core.acc_dtype(x.dtype))


@_core.ieee_arithmetic
def _avg_pool(op, n, x, *args):
    """Average pooling over the last ``n`` axes of ``x``: window sum / divisor."""
    x, batched, axes, div = _setup(op, n, x, *args)
    return unbatch(_core.average(x, axes, div), batched)


@_core.ieee_arithmetic
def _avg_pool_backward(op, n, grad_output, x, *args):
    """Share each output's gradient, divided by its divisor, among its window's cells."""
    x, batched, axes, div = _setup(op, n, x, *args)
    g = batched_grad(op, grad_output, _core.out_shape(x, axes), batched)
    return unbatch(_core.average_backward(g, x, axes, div), batched)


def avg_pool1d(
    x: ArrayLike,
    kernel_size: int | tuple[int],
    stride: int | tuple[int] | None = None,
    padding: int | tuple[int] = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> NDArray:
    """1-D average pooling, as ``torch.nn.functional.avg_pool1d``.

    Each output cell is the sum of its window divided by the window's size.

    Parameters
    ----------
    x : array_like
        ``(N, C, L)`` or ``(C, L)``, floating point.
    kernel_size : int
        Window length.
    stride : int, optional
        Step between windows; defaults to ``kernel_size``.
    padding : int, default 0
        Implicit zero padding added to both ends.
    ceil_mode : bool, default False
        Round the output length up instead of down.
    count_include_pad : bool, default True
        Count padding cells in the divisor (ceil-mode overhang past the padding never
        counts).
    divisor_override : int, optional
        Divide every window's sum by this instead.

    Returns
    -------
    ndarray
        ``(N, C, L_out)`` or ``(C, L_out)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, L)`` or ``(C, L)`` with ``C, L > 0``, or a size breaks
        its rule (``padding <= kernel_size // 2``, ``L_out >= 1``, ``divisor_override``
        non-zero); the message says which.
    TypeError
        If an argument has the wrong type, or ``x`` is not a floating-point array.

    Notes
    -----
    With ``k, s, p`` the kernel size, stride and padding (dilation is always 1)::

        L_out = floor((L + 2p - k) / s) + 1

    In ceil mode ``ceil`` replaces ``floor``, but a last window that would start at or
    past ``L + p`` is dropped.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> pooltools.avg_pool1d(np.array([[1.0, 3.0, 2.0, 5.0, 4.0, 0.0]]), 2)
    array([[2. , 3.5, 2. ]])
    >>> x = np.array([[3.0, 6.0, 9.0]])
    >>> pooltools.avg_pool1d(x, 3, stride=1, padding=1)  # the ends divide by 3
    array([[3., 6., 5.]])
    >>> pooltools.avg_pool1d(x, 3, stride=1, padding=1, count_include_pad=False)
    array([[4.5, 6. , 7.5]])
    """
    return _avg_pool(
        "avg_pool1d", 1, x, kernel_size, stride, padding, ceil_mode, count_include_pad,
        divisor_override,
    )  # fmt: skip


def avg_pool1d_backward(
    grad_output: ArrayLike,
    x: ArrayLike,
    kernel_size: int | tuple[int],
    stride: int | tuple[int] | None = None,
    padding: int | tuple[int] = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> NDArray:
    """Gradient of ``avg_pool1d`` with respect to ``x``.

    Each output's gradient, divided by its window's divisor, goes to every input cell of
    the window; where windows overlap, the gradients add up.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``avg_pool1d(x, ...)``, in its shape.
    x : array_like
        The input of the forward call.
    kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override
        As in ``avg_pool1d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``avg_pool1d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``avg_pool1d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.zeros((1, 6))
    >>> pooltools.avg_pool1d_backward(np.ones((1, 5)), x, 2, stride=1)
    array([[0.5, 1. , 1. , 1. , 1. , 0.5]])
    """
    return _avg_pool_backward(
        "avg_pool1d_backward", 1, grad_output, x, kernel_size, stride, padding, ceil_mode,
        count_include_pad, divisor_override,
    )  # fmt: skip


def avg_pool2d(
    x: ArrayLike,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    padding: int | tuple[int, int] = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> NDArray:
    """2-D average pooling, as ``torch.nn.functional.avg_pool2d``.

    Each output cell is the sum of its window divided by the window's size.

    Parameters
    ----------
    x : array_like
        ``(N, C, H, W)`` or ``(C, H, W)``, floating point.
    kernel_size : int or tuple of 2 ints
        Window size ``(kH, kW)``; an int is used for both.
    stride : int or tuple of 2 ints, optional
        Step between windows; defaults to ``kernel_size``.
    padding : int or tuple of 2 ints, default 0
        Implicit zero padding added to both sides.
    ceil_mode : bool, default False
        Round the output size up instead of down.
    count_include_pad : bool, default True
        Count padding cells in the divisor (ceil-mode overhang past the padding never
        counts).
    divisor_override : int, optional
        Divide every window's sum by this instead.

    Returns
    -------
    ndarray
        ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, H, W)`` or ``(C, H, W)`` with ``C, H, W > 0``, or a size
        breaks its rule (``padding <= kernel_size // 2``, an output size of at least 1,
        ``divisor_override`` non-zero); the message says which.
    TypeError
        If an argument has the wrong type, or ``x`` is not a floating-point array.

    Notes
    -----
    Along each axis (``H`` and ``W`` alike) of length ``L``, with ``k, s, p`` that axis's
    kernel size, stride and padding (dilation is always 1)::

        L_out = floor((L + 2p - k) / s) + 1

    In ceil mode ``ceil`` replaces ``floor``, but a last window that would start at or
    past ``L + p`` is dropped.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> pooltools.avg_pool2d(x, 2)
    array([[[[ 2.5,  4.5],
             [10.5, 12.5]]]])
    """
    return _avg_pool(
        "avg_pool2d", 2, x, kernel_size, stride, padding, ceil_mode, count_include_pad,
        divisor_override,
    )  # fmt: skip


def avg_pool2d_backward(
    grad_output: ArrayLike,
    x: ArrayLike,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    padding: int | tuple[int, int] = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> NDArray:
    """Gradient of ``avg_pool2d`` with respect to ``x``.

    Each output's gradient, divided by its window's divisor, goes to every input cell of
    the window; where windows overlap, the gradients add up.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``avg_pool2d(x, ...)``, in its shape.
    x : array_like
        The input of the forward call.
    kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override
        As in ``avg_pool2d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``avg_pool2d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``avg_pool2d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.zeros((1, 1, 3, 3))  # four overlapping 2x2 windows; the centre is in all
    >>> pooltools.avg_pool2d_backward(np.ones((1, 1, 2, 2)), x, 2, stride=1)
    array([[[[0.25, 0.5 , 0.25],
             [0.5 , 1.  , 0.5 ],
             [0.25, 0.5 , 0.25]]]])
    """
    return _avg_pool_backward(
        "avg_pool2d_backward", 2, grad_output, x, kernel_size, stride, padding, ceil_mode,
        count_include_pad, divisor_override,
    )  # fmt: skip


def avg_pool3d(
    x: ArrayLike,
    kernel_size: int | tuple[int, int, int],
    stride: int | tuple[int, int, int] | None = None,
    padding: int | tuple[int, int, int] = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> NDArray:
    """3-D average pooling, as ``torch.nn.functional.avg_pool3d``.

    Each output cell is the sum of its window divided by the window's size.

    Parameters
    ----------
    x : array_like
        ``(N, C, D, H, W)`` or ``(C, D, H, W)``, floating point (float16 too, which
        torch's CPU kernel lacks).
    kernel_size : int or tuple of 3 ints
        Window size ``(kD, kH, kW)``; an int is used for all three.
    stride : int or tuple of 3 ints, optional
        Step between windows; defaults to ``kernel_size``.
    padding : int or tuple of 3 ints, default 0
        Implicit zero padding added to both sides.
    ceil_mode : bool, default False
        Round the output size up instead of down.
    count_include_pad : bool, default True
        Count padding cells in the divisor (ceil-mode overhang past the padding never
        counts).
    divisor_override : int, optional
        Divide every window's sum by this instead.

    Returns
    -------
    ndarray
        ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, D, H, W)`` or ``(C, D, H, W)`` with ``C, D, H, W > 0``,
        or a size breaks its rule (``padding <= kernel_size // 2``, every input size at
        least the kernel size as in torch, ``divisor_override`` non-zero); the message
        says which.
    TypeError
        If an argument has the wrong type, or ``x`` is not a floating-point array.

    Notes
    -----
    Along each axis (``D``, ``H`` and ``W`` alike) of length ``L``, with ``k, s, p`` that
    axis's kernel size, stride and padding (dilation is always 1)::

        L_out = floor((L + 2p - k) / s) + 1

    In ceil mode ``ceil`` replaces ``floor``, but a last window that would start at or
    past ``L + p`` is dropped.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.ones((2, 3, 4, 6, 6))
    >>> pooltools.avg_pool3d(x, 2, stride=1).shape
    (2, 3, 3, 5, 5)
    """
    return _avg_pool(
        "avg_pool3d", 3, x, kernel_size, stride, padding, ceil_mode, count_include_pad,
        divisor_override,
    )  # fmt: skip


def avg_pool3d_backward(
    grad_output: ArrayLike,
    x: ArrayLike,
    kernel_size: int | tuple[int, int, int],
    stride: int | tuple[int, int, int] | None = None,
    padding: int | tuple[int, int, int] = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> NDArray:
    """Gradient of ``avg_pool3d`` with respect to ``x``.

    Each output's gradient, divided by its window's divisor, goes to every input cell of
    the window; where windows overlap, the gradients add up.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``avg_pool3d(x, ...)``, in its shape.
    x : array_like
        The input of the forward call.
    kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override
        As in ``avg_pool3d``.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``avg_pool3d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``avg_pool3d``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.ones((1, 1, 2, 2, 2))  # one window of 8 cells: each gets 1/8
    >>> pooltools.avg_pool3d_backward(np.ones((1, 1, 1, 1, 1)), x, 2).ravel()
    array([0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125])
    """
    return _avg_pool_backward(
        "avg_pool3d_backward", 3, grad_output, x, kernel_size, stride, padding, ceil_mode,
        count_include_pad, divisor_override,
    )  # fmt: skip
