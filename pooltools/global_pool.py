"""Global pooling: one number per channel, over all spatial positions, and its gradient.

``global_avg_pool``, ``global_max_pool`` and their ``*_backward`` take ``(N, C, *spatial)``
with any number of spatial dimensions and return ``(N, C)``: the classifier head of
ResNet and most modern CNNs. torch has no function by these names; the torch equivalents
are ``x.mean(dim=(2, 3))`` and ``x.amax(dim=(2, 3))`` (for 2-D), or adaptive pooling to
size 1. Each public function calls the private function of the same name just below.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _adaptive, _core
from ._geometry import AdaptiveAxis
from ._validate import as_input, grad_like


@_core.ieee_arithmetic
def _global_avg_pool(x):
    x, _ = as_input("global_avg_pool", x, None)
    axes = tuple(range(2, x.ndim))
    return x.mean(axis=axes, dtype=_core.acc_dtype(x.dtype)).astype(x.dtype, copy=False)


@_core.ieee_arithmetic
def _global_avg_pool_backward(grad_output, x):
    x, _ = as_input("global_avg_pool_backward", x, None)
    g = grad_like("global_avg_pool_backward", grad_output, x.shape[:2])
    plane = math.prod(x.shape[2:])
    share = (g.astype(_core.acc_dtype(x.dtype)) / plane).reshape(x.shape[:2] + (1,) * (x.ndim - 2))
    return np.broadcast_to(share, x.shape).astype(x.dtype)


@_core.ieee_arithmetic
def _global_max_pool(op, x):
    """The batched input, each plane's maximum and the flat index of its first maximum:
    adaptive max pooling of the flattened plane into one bin."""
    x, _ = as_input(op, x, None, integers=True)
    flat = x.reshape(x.shape[:2] + (math.prod(x.shape[2:]),))
    values, indices = _adaptive.max_indices(flat, (AdaptiveAxis(flat.shape[2], 1),))
    return x, values, indices


@_core.ieee_arithmetic
def _global_max_pool_backward(grad_output, x):
    op = "global_max_pool_backward"
    x, _, indices = _global_max_pool(op, x)
    g = grad_like(op, grad_output, x.shape[:2])
    flat_shape = x.shape[:2] + (math.prod(x.shape[2:]),)
    grad = _core.scatter(g[..., None], indices, flat_shape, x.dtype)
    return grad.reshape(x.shape)


def global_avg_pool(x: ArrayLike) -> NDArray:
    """Average each channel over all its spatial positions: ``(N, C, *spatial) -> (N, C)``.

    The same as ``adaptive_avg_pool2d(x, 1)`` flattened to ``(N, C)`` for 2-D input, or
    ``x.mean(dim=(2, 3))`` in torch.

    Parameters
    ----------
    x : array_like
        ``(N, C, *spatial)`` with at least one spatial dimension, floating point.

    Returns
    -------
    ndarray
        ``(N, C)``, the dtype of ``x`` (float16 is accumulated in float32, as in torch).

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, *spatial)`` with at least one spatial dimension, or a
        channel or spatial dimension is empty.
    TypeError
        If ``x`` is not a floating-point array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> pooltools.global_avg_pool(np.ones((8, 512, 7, 7), dtype=np.float32)).shape
    (8, 512)
    """
    return _global_avg_pool(x)


def global_avg_pool_backward(grad_output: ArrayLike, x: ArrayLike) -> NDArray:
    """Gradient of ``global_avg_pool`` with respect to ``x``.

    Every cell of a plane gets ``g / (number of cells in the plane)``.

    Parameters
    ----------
    grad_output : array_like
        ``(N, C)``: the gradient with respect to the output of ``global_avg_pool(x)``.
    x : array_like
        The input of the forward call.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``global_avg_pool``, or if ``grad_output`` is not ``(N, C)``.
    TypeError
        As ``global_avg_pool``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> pooltools.global_avg_pool_backward(np.ones((1, 1)), np.zeros((1, 1, 2, 2)))
    array([[[[0.25, 0.25],
             [0.25, 0.25]]]])
    """
    return _global_avg_pool_backward(grad_output, x)


def global_max_pool(x: ArrayLike) -> NDArray:
    """The maximum of each channel over all its spatial positions: ``(N, C, *spatial) -> (N, C)``.

    The same as ``adaptive_max_pool2d(x, 1)`` flattened to ``(N, C)`` for 2-D input, or
    ``x.amax(dim=(2, 3))`` in torch. NaN propagates.

    Parameters
    ----------
    x : array_like
        ``(N, C, *spatial)`` with at least one spatial dimension, floating point or
        integer.

    Returns
    -------
    ndarray
        ``(N, C)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, *spatial)`` with at least one spatial dimension, or a
        channel or spatial dimension is empty.
    TypeError
        If ``x`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> pooltools.global_max_pool(np.arange(24.0).reshape(2, 3, 2, 2))
    array([[ 3.,  7., 11.],
           [15., 19., 23.]])
    """
    _, values, _ = _global_max_pool("global_max_pool", x)
    return values[..., 0]


def global_max_pool_backward(grad_output: ArrayLike, x: ArrayLike) -> NDArray:
    """Gradient of ``global_max_pool`` with respect to ``x``.

    All of a plane's gradient goes to its first maximum, as in
    ``adaptive_max_pool2d(x, 1)``; torch's ``amax`` would split it among ties.

    Parameters
    ----------
    grad_output : array_like
        ``(N, C)``: the gradient with respect to the output of ``global_max_pool(x)``.
    x : array_like
        The input of the forward call.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``global_max_pool``, or if ``grad_output`` is not ``(N, C)``.
    TypeError
        As ``global_max_pool``, or if ``grad_output`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.array([[[[1.0, 4.0], [4.0, 2.0]]]])  # two 4s: the first one wins
    >>> pooltools.global_max_pool_backward(np.ones((1, 1)), x)
    array([[[[0., 1.],
             [0., 0.]]]])
    """
    return _global_max_pool_backward(grad_output, x)
