"""Max unpooling in 1, 2 and 3 dimensions: the partial inverse of max pooling.

``max_unpool1d``, ``max_unpool2d`` and ``max_unpool3d``, as in ``torch.nn.functional``:
each value goes back to the position its max pooling ``indices`` name, and every other
cell is zero. Each public function calls the N-d function just below.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _core
from ._validate import as_input, int_tuple, unbatch, unpool_size


@_core.ieee_arithmetic
def _max_unpool(op, n, x, indices, kernel_size, stride, padding, output_size):
    """Max unpooling over the last ``n`` axes of ``x``."""
    x, batched = as_input(op, x, n, integers=True)
    ind = np.asarray(indices)
    if ind.dtype.kind not in "iu":
        raise TypeError(f"{op}: indices has dtype {ind.dtype}; expected integers")
    ind = ind if batched else ind[np.newaxis]
    if ind.shape != x.shape:
        raise ValueError(
            f"{op}: indices has shape {ind.shape[int(not batched) :]} but x has shape "
            f"{x.shape[int(not batched) :]}; they must match"
        )
    k = int_tuple(op, "kernel_size", kernel_size, n, 1)
    s = k if stride is None else int_tuple(op, "stride", stride, n, 1)
    p = int_tuple(op, "padding", padding, n, 0)
    default = tuple((i - 1) * si - 2 * pi + ki for i, si, pi, ki in zip(x.shape[2:], s, p, k))
    size = default if output_size is None else unpool_size(op, output_size, default, s)
    plane = math.prod(size)
    flat = ind.reshape(x.shape[:2] + (math.prod(x.shape[2:]),))
    if flat.size and plane and (flat.min() < 0 or flat.max() >= plane):
        bad = flat[(flat < 0) | (flat >= plane)].flat[0]
        raise ValueError(
            f"{op}: indices contains {bad}, outside 0..{plane - 1} "
            f"(an output plane of size {size} has {plane} cells)"
        )
    out = np.zeros(x.shape[:2] + (plane,), dtype=x.dtype)
    if plane:  # torch returns an empty output without looking at indices
        np.put_along_axis(out, flat, x.reshape(flat.shape), axis=2)
    return unbatch(out.reshape(x.shape[:2] + size), batched)


def max_unpool1d(
    x: ArrayLike,
    indices: ArrayLike,
    kernel_size: int | tuple[int],
    stride: int | tuple[int] | None = None,
    padding: int | tuple[int] = 0,
    output_size: tuple[int, ...] | None = None,
) -> NDArray:
    """1-D max unpooling, as ``torch.nn.functional.max_unpool1d``.

    Puts each value of ``x`` at the position ``indices`` names and zeros everywhere
    else: the partial inverse of ``max_pool1d(..., return_indices=True)``.

    Parameters
    ----------
    x : array_like
        ``(N, C, L)`` or ``(C, L)``: pooled values.
    indices : array_like of ints
        The shape of ``x``: positions in the output's length, as ``max_pool1d`` returns.
    kernel_size, stride, padding : int
        The pooling's arguments; ``stride`` defaults to ``kernel_size``.
    output_size : tuple of ints, optional
        The output length ``(L_out,)`` (or the full output shape); it must lie strictly
        within ``stride`` of the default below.

    Returns
    -------
    ndarray
        ``(N, C, L_out)`` or ``(C, L_out)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, L)`` or ``(C, L)`` with ``C, L > 0``, ``indices`` has
        another shape or a position outside the output, or a size is out of range.
    TypeError
        If an argument has the wrong type, ``x`` is not a real numeric array, or
        ``indices`` are not integers.

    Notes
    -----
    By default ``L_out = (L - 1) * stride - 2 * padding + kernel_size``: the shortest
    length that max pooling with these arguments turns into ``L``.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.array([[1.0, 3.0, 2.0, 5.0, 4.0, 0.0]])
    >>> pooled, indices = pooltools.max_pool1d(x, 2, return_indices=True)
    >>> pooltools.max_unpool1d(pooled, indices, 2)
    array([[0., 3., 0., 5., 4., 0.]])
    """
    return _max_unpool("max_unpool1d", 1, x, indices, kernel_size, stride, padding, output_size)


def max_unpool2d(
    x: ArrayLike,
    indices: ArrayLike,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    padding: int | tuple[int, int] = 0,
    output_size: tuple[int, ...] | None = None,
) -> NDArray:
    """2-D max unpooling, as ``torch.nn.functional.max_unpool2d``.

    Puts each value of ``x`` at the flat position ``indices`` names within its output
    plane and zeros everywhere else: the partial inverse of
    ``max_pool2d(..., return_indices=True)``.

    Parameters
    ----------
    x : array_like
        ``(N, C, H, W)`` or ``(C, H, W)``: pooled values.
    indices : array_like of ints
        The shape of ``x``: flat offsets ``row * W_out + col`` within each output plane.
    kernel_size, stride, padding : int or tuple of 2 ints
        The pooling's arguments; ``stride`` defaults to ``kernel_size``.
    output_size : tuple of ints, optional
        The output size ``(H_out, W_out)`` (or the full output shape); each must lie
        strictly within ``stride`` of the default below.

    Returns
    -------
    ndarray
        ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, H, W)`` or ``(C, H, W)`` with ``C, H, W > 0``, ``indices``
        has another shape or a position outside the output plane, or a size is out of
        range.
    TypeError
        If an argument has the wrong type, ``x`` is not a real numeric array, or
        ``indices`` are not integers.

    Notes
    -----
    By default each output size is ``L_out = (L - 1) * stride - 2 * padding +
    kernel_size`` (``H`` and ``W`` alike): the smallest size that max pooling with these
    arguments turns into ``L``.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> pooled, indices = pooltools.max_pool2d(x, 2, return_indices=True)
    >>> pooltools.max_unpool2d(pooled, indices, 2)
    array([[[[ 0.,  0.,  0.,  0.],
             [ 0.,  5.,  0.,  7.],
             [ 0.,  0.,  0.,  0.],
             [ 0., 13.,  0., 15.]]]])
    """
    return _max_unpool("max_unpool2d", 2, x, indices, kernel_size, stride, padding, output_size)


def max_unpool3d(
    x: ArrayLike,
    indices: ArrayLike,
    kernel_size: int | tuple[int, int, int],
    stride: int | tuple[int, int, int] | None = None,
    padding: int | tuple[int, int, int] = 0,
    output_size: tuple[int, ...] | None = None,
) -> NDArray:
    """3-D max unpooling, as ``torch.nn.functional.max_unpool3d``.

    Puts each value of ``x`` at the flat position ``indices`` names within its output
    volume and zeros everywhere else: the partial inverse of
    ``max_pool3d(..., return_indices=True)``.

    Parameters
    ----------
    x : array_like
        ``(N, C, D, H, W)`` or ``(C, D, H, W)``: pooled values.
    indices : array_like of ints
        The shape of ``x``: flat offsets ``(depth * H_out + row) * W_out + col`` within
        each output volume.
    kernel_size, stride, padding : int or tuple of 3 ints
        The pooling's arguments; ``stride`` defaults to ``kernel_size``.
    output_size : tuple of ints, optional
        The output size ``(D_out, H_out, W_out)`` (or the full output shape); each must
        lie strictly within ``stride`` of the default below.

    Returns
    -------
    ndarray
        ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, D, H, W)`` or ``(C, D, H, W)`` with ``C, D, H, W > 0``,
        ``indices`` has another shape or a position outside the output volume, or a size
        is out of range.
    TypeError
        If an argument has the wrong type, ``x`` is not a real numeric array, or
        ``indices`` are not integers.

    Notes
    -----
    By default each output size is ``L_out = (L - 1) * stride - 2 * padding +
    kernel_size`` (``D``, ``H`` and ``W`` alike): the smallest size that max pooling with
    these arguments turns into ``L``.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.ones((2, 3, 4, 6, 6))
    >>> pooled, indices = pooltools.max_pool3d(x, 2, return_indices=True)
    >>> pooltools.max_unpool3d(pooled, indices, 2, output_size=(5, 7, 7)).shape
    (2, 3, 5, 7, 7)
    """
    return _max_unpool("max_unpool3d", 3, x, indices, kernel_size, stride, padding, output_size)
