"""The upsamplers, pooling's inverses: transposed convolution and pixel shuffling.

``conv_transpose1d``, ``conv_transpose2d`` and their ``*_backward``, ``pixel_shuffle`` and
``pixel_unshuffle``, as in ``torch.nn.functional``, and ``conv_transpose_output_size``, the
arithmetic that undoes ``shapes.pool_output_size``. A transposed convolution scatters: each
input cell adds its value times the kernel onto an output canvas, ``stride`` cells after
its neighbour's; its gradient gathers from the same cells. Both live in the two N-d
functions just below.
"""

from __future__ import annotations

import itertools

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _core
from ._validate import (
    as_input,
    batched_grad,
    conv_weight,
    int_tuple,
    shuffle_input,
    transpose_sizes,
    unbatch,
)


def _canvas_slices(spatial, kernel, s, d):
    """For each kernel offset ``J``: the offset and the strided canvas slices that input
    cell ``i`` reaches through it, ``i * s + J * d`` (before the crop of ``padding``)."""
    for offset in itertools.product(*(range(k) for k in kernel)):
        stops = [j * di + (length - 1) * si + 1 for j, di, length, si in zip(offset, d, spatial, s)]
        yield offset, tuple(slice(j * di, e, si) for j, di, e, si in zip(offset, d, stops, s))


def _split(a, groups, axis):
    """``a`` in float64 (float16 and float32 sums round once, at the end), its channel
    axis split in two: ``(groups, channels / groups)``."""
    shape = (*a.shape[:axis], groups, a.shape[axis] // groups, *a.shape[axis + 1 :])
    return a.reshape(shape).astype(np.float64)


@_core.ieee_arithmetic
def _conv_transpose(op, n, x, weight, bias, stride, padding, output_padding, groups, dilation):
    """Transposed convolution over the last ``n`` axes of ``x``."""
    x, batched = as_input(op, x, n)
    w, b, groups = conv_weight(op, x, weight, bias, groups)
    spatial, kernel = x.shape[2:], w.shape[2:]
    s, p, d, out = transpose_sizes(op, spatial, kernel, stride, padding, output_padding, dilation)
    xg, wg = _split(x, groups, 1), _split(w, groups, 0)
    full = tuple(length + 2 * pi for length, pi in zip(out, p))  # output_padding included
    canvas = np.zeros((x.shape[0], groups, wg.shape[2], *full))
    for offset, cells in _canvas_slices(spatial, kernel, s, d):
        canvas[(..., *cells)] += np.einsum("ngi...,gio->ngo...", xg, wg[(..., *offset)])
    crop = tuple(slice(pi, pi + length) for pi, length in zip(p, out))
    result = canvas[(..., *crop)].reshape(x.shape[0], groups * wg.shape[2], *out)
    if b is not None:
        result += b.reshape(-1, *[1] * n)
    return unbatch(result.astype(x.dtype), batched)


@_core.ieee_arithmetic
def _conv_transpose_backward(
    op, n, grad_output, x, weight, stride, padding, output_padding, groups, dilation
):
    """The forward's adjoint: pad ``grad_output`` back to the canvas, gather what each
    input cell scattered."""
    x, batched = as_input(op, x, n)
    w, _, groups = conv_weight(op, x, weight, None, groups)
    spatial, kernel = x.shape[2:], w.shape[2:]
    s, p, d, out = transpose_sizes(op, spatial, kernel, stride, padding, output_padding, dilation)
    g = batched_grad(op, grad_output, (x.shape[0], groups * w.shape[1], *out), batched)
    wg = _split(w, groups, 0)
    canvas = np.pad(_split(g, groups, 1), [(0, 0)] * 3 + [(pi, pi) for pi in p])
    grad = np.zeros((x.shape[0], groups, wg.shape[1], *spatial))
    for offset, cells in _canvas_slices(spatial, kernel, s, d):
        grad += np.einsum("ngo...,gio->ngi...", canvas[(..., *cells)], wg[(..., *offset)])
    return unbatch(grad.reshape(x.shape).astype(x.dtype), batched)


def conv_transpose_output_size(
    length: int,
    kernel_size: int,
    stride: int = 1,
    padding: int = 0,
    output_padding: int = 0,
    dilation: int = 1,
) -> int:
    """The output length of a transposed convolution along one axis.

    The transposed counterpart of ``pool_output_size`` (in ``shapes.py``), which gives
    the forward rule's length.

    Parameters
    ----------
    length : int
        The input length ``L``.
    kernel_size : int
        The kernel length ``k``.
    stride, padding, output_padding, dilation : int
        As in ``conv_transpose1d``.

    Returns
    -------
    int
        ``(L - 1) * stride - 2 * padding + dilation * (kernel_size - 1) + output_padding + 1``.

    Raises
    ------
    ValueError
        If a size breaks its rule: ``L``, ``k``, ``stride`` and ``dilation`` positive,
        ``padding`` and ``output_padding`` at least 0, ``output_padding < max(stride,
        dilation)``, and a result of at least 1.
    TypeError
        If an argument is not an int.

    Notes
    -----
    This inverts the rule of convolution and pooling (where pooling's ``p <= k // 2``
    allows), ``O = floor((L + 2p - d(k - 1) - 1) / s) + 1``. Put the result ``L_t`` in:
    ``L_t + 2p - d(k - 1) - 1 = (L - 1)s + output_padding``, so the forward rule gives
    ``L + floor(output_padding / s)``. The floor maps ``s`` input lengths to one output
    length, and ``output_padding = 0, 1, ..., s - 1`` picks among them: each gives a
    length that the forward rule maps back to ``L``, which is why ``output_padding``
    exists. torch also allows ``s <= output_padding < dilation``; those lengths do not
    come back to ``L``.

    Examples
    --------
    >>> from pooltools import conv_transpose_output_size, pool_output_size
    >>> conv_transpose_output_size(16, 3, stride=2, padding=1)
    31
    >>> conv_transpose_output_size(16, 3, stride=2, padding=1, output_padding=1)
    32
    >>> pool_output_size(31, 3, stride=2, padding=1), pool_output_size(32, 3, 2, 1)
    (16, 16)
    """
    op = "conv_transpose_output_size"
    (length,) = int_tuple(op, "length", length, 1, 1)
    kernel = int_tuple(op, "kernel_size", kernel_size, 1, 1)
    *_, (out,) = transpose_sizes(op, (length,), kernel, stride, padding, output_padding, dilation)
    return out


def conv_transpose1d(
    x: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None = None,
    stride: int | tuple[int] = 1,
    padding: int | tuple[int] = 0,
    output_padding: int | tuple[int] = 0,
    groups: int = 1,
    dilation: int | tuple[int] = 1,
) -> NDArray:
    """1-D transposed convolution, as ``torch.nn.functional.conv_transpose1d``.

    Each input cell adds its value times its kernel into the output, the kernels of
    neighbouring cells ``stride`` apart, overlapping ones adding up; then ``padding``
    cells are cut from both ends.

    Parameters
    ----------
    x : array_like
        ``(N, C_in, L)`` or ``(C_in, L)``, floating point.
    weight : array_like
        ``(C_in, C_out / groups, k)``, the dtype of ``x``.
    bias : array_like, optional
        ``(C_out,)``, added to every output cell of its channel.
    stride : int, default 1
        Distance between the kernels of neighbouring input cells.
    padding : int, default 0
        Cells cut from both ends of the output.
    output_padding : int, default 0
        Cells added to the end of the output; less than ``stride`` or ``dilation``.
    groups : int, default 1
        Input and output channels split into this many groups, each convolved alone.
    dilation : int, default 1
        Spacing between a kernel's cells.

    Returns
    -------
    ndarray
        ``(N, C_out, L_out)`` or ``(C_out, L_out)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` or ``weight`` has the wrong shape, ``groups`` does not divide ``C_in``,
        or a size breaks its rule (``output_padding < max(stride, dilation)``,
        ``L_out >= 1``); the message says which.
    TypeError
        If an argument has the wrong type, ``x`` is not floating point, or ``weight`` has
        another dtype.

    Notes
    -----
    ``L_out = (L - 1)s - 2p + d(k - 1) + output_padding + 1``: see
    ``conv_transpose_output_size``. This is the gradient of ``conv1d`` (torch's) with
    respect to its input, hence the name.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.array([[1.0, 2.0, 3.0]])
    >>> pooltools.conv_transpose1d(x, np.array([[[1.0, 1.0]]]), stride=2)
    array([[1., 1., 2., 2., 3., 3.]])
    >>> pooltools.conv_transpose1d(x, np.array([[[1.0, 10.0, 100.0]]]), stride=2, padding=1)
    array([[ 10., 102.,  20., 203.,  30.]])
    """
    return _conv_transpose(
        "conv_transpose1d", 1, x, weight, bias, stride, padding, output_padding, groups, dilation
    )


def conv_transpose1d_backward(
    grad_output: ArrayLike,
    x: ArrayLike,
    weight: ArrayLike,
    stride: int | tuple[int] = 1,
    padding: int | tuple[int] = 0,
    output_padding: int | tuple[int] = 0,
    groups: int = 1,
    dilation: int | tuple[int] = 1,
) -> NDArray:
    """Gradient of ``conv_transpose1d`` with respect to ``x`` (not ``weight`` or ``bias``).

    Each input cell gathers the output gradients of the cells it added to, weighted by
    the kernel cell it added through.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``conv_transpose1d(x, weight, ...)``, in
        its shape.
    x, weight : array_like
        The input and weight of the forward call.
    stride, padding, output_padding, groups, dilation
        As in ``conv_transpose1d``; the bias does not matter.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``conv_transpose1d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``conv_transpose1d``, or if ``grad_output`` is not a real numeric array.

    Notes
    -----
    A transposed convolution's gradient is a strided convolution, and a strided
    convolution's gradient is a transposed convolution: this is ``conv1d(grad_output,
    weight, stride, padding, dilation, groups)`` (cross-correlation, as in torch), cut
    to length ``L`` if ``output_padding >= stride`` made it longer.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x, w = np.zeros((1, 3)), np.array([[[1.0, 10.0]]])
    >>> pooltools.conv_transpose1d_backward(np.arange(6.0)[None], x, w, stride=2)
    array([[10., 32., 54.]])
    """
    return _conv_transpose_backward(
        "conv_transpose1d_backward",
        1,
        grad_output,
        x,
        weight,
        stride,
        padding,
        output_padding,
        groups,
        dilation,
    )


def conv_transpose2d(
    x: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None = None,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
    output_padding: int | tuple[int, int] = 0,
    groups: int = 1,
    dilation: int | tuple[int, int] = 1,
) -> NDArray:
    """2-D transposed convolution, as ``torch.nn.functional.conv_transpose2d``.

    Each input cell adds its value times its kernel into the output, the kernels of
    neighbouring cells ``stride`` apart, overlapping ones adding up; then ``padding``
    rows and columns are cut from both sides.

    Parameters
    ----------
    x : array_like
        ``(N, C_in, H, W)`` or ``(C_in, H, W)``, floating point.
    weight : array_like
        ``(C_in, C_out / groups, kH, kW)``, the dtype of ``x``.
    bias : array_like, optional
        ``(C_out,)``, added to every output cell of its channel.
    stride : int or tuple of 2 ints, default 1
        Distance between the kernels of neighbouring input cells.
    padding : int or tuple of 2 ints, default 0
        Rows and columns cut from both sides of the output.
    output_padding : int or tuple of 2 ints, default 0
        Rows and columns added to the bottom and right of the output; along each axis
        less than ``stride`` or ``dilation``.
    groups : int, default 1
        Input and output channels split into this many groups, each convolved alone.
    dilation : int or tuple of 2 ints, default 1
        Spacing between a kernel's cells.

    Returns
    -------
    ndarray
        ``(N, C_out, H_out, W_out)`` or ``(C_out, H_out, W_out)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` or ``weight`` has the wrong shape, ``groups`` does not divide ``C_in``,
        or a size breaks its rule (``output_padding < max(stride, dilation)``, an output
        size of at least 1); the message says which.
    TypeError
        If an argument has the wrong type, ``x`` is not floating point, or ``weight`` has
        another dtype.

    Notes
    -----
    Along each axis (``H`` and ``W`` alike) of length ``L``, with ``k, s, p, d`` that
    axis's kernel size, stride, padding and dilation::

        L_out = (L - 1)s - 2p + d(k - 1) + output_padding + 1

    the inverse of pooling's rule: see ``conv_transpose_output_size``.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.array([[[1.0, 2.0], [3.0, 4.0]]])
    >>> pooltools.conv_transpose2d(x, np.ones((1, 1, 2, 2)), stride=2)
    array([[[1., 1., 2., 2.],
            [1., 1., 2., 2.],
            [3., 3., 4., 4.],
            [3., 3., 4., 4.]]])
    """
    return _conv_transpose(
        "conv_transpose2d", 2, x, weight, bias, stride, padding, output_padding, groups, dilation
    )


def conv_transpose2d_backward(
    grad_output: ArrayLike,
    x: ArrayLike,
    weight: ArrayLike,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
    output_padding: int | tuple[int, int] = 0,
    groups: int = 1,
    dilation: int | tuple[int, int] = 1,
) -> NDArray:
    """Gradient of ``conv_transpose2d`` with respect to ``x`` (not ``weight`` or ``bias``).

    Each input cell gathers the output gradients of the cells it added to, weighted by
    the kernel cell it added through.

    Parameters
    ----------
    grad_output : array_like
        Gradient with respect to the output of ``conv_transpose2d(x, weight, ...)``, in
        its shape.
    x, weight : array_like
        The input and weight of the forward call.
    stride, padding, output_padding, groups, dilation
        As in ``conv_transpose2d``; the bias does not matter.

    Returns
    -------
    ndarray
        The gradient with respect to ``x``, in the shape and dtype of ``x``.

    Raises
    ------
    ValueError
        As ``conv_transpose2d``, or if ``grad_output`` does not have the output's shape.
    TypeError
        As ``conv_transpose2d``, or if ``grad_output`` is not a real numeric array.

    Notes
    -----
    A transposed convolution's gradient is a strided convolution, and a strided
    convolution's gradient is a transposed convolution: this is ``conv2d(grad_output,
    weight, stride, padding, dilation, groups)`` (cross-correlation, as in torch), cut
    to ``(H, W)`` where ``output_padding >= stride`` made it larger.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x, w = np.zeros((1, 2, 2)), np.ones((1, 1, 2, 2))
    >>> g = np.arange(16.0).reshape(1, 4, 4)
    >>> pooltools.conv_transpose2d_backward(g, x, w, stride=2)  # each sums its 2x2 block
    array([[[10., 18.],
            [42., 50.]]])
    """
    return _conv_transpose_backward(
        "conv_transpose2d_backward",
        2,
        grad_output,
        x,
        weight,
        stride,
        padding,
        output_padding,
        groups,
        dilation,
    )


def pixel_shuffle(x: ArrayLike, upscale_factor: int) -> NDArray:
    """Rearrange channels into space, as ``torch.nn.functional.pixel_shuffle``.

    Each group of ``r**2`` channels becomes one channel ``r`` times taller and wider:
    channel ``c * r**2 + i * r + j`` fills the cells ``(h * r + i, w * r + j)``.

    Parameters
    ----------
    x : array_like
        ``(*, C * r**2, H, W)``: any number of leading dimensions, any numeric dtype.
    upscale_factor : int
        ``r``, at least 1.

    Returns
    -------
    ndarray
        ``(*, C, H * r, W * r)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` has fewer than 3 dimensions, ``upscale_factor`` is less than 1, or the
        channel count is not divisible by ``upscale_factor**2``.
    TypeError
        If ``upscale_factor`` is not an int or ``x`` is not numeric.

    Notes
    -----
    A sub-pixel convolution (Shi et al. 2016) is a convolution to ``C * r**2`` channels
    followed by this: it upsamples without the overlaps of a transposed convolution.
    ``pixel_unshuffle`` is its inverse.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.arange(8).reshape(4, 1, 2)
    >>> pooltools.pixel_shuffle(x, 2)
    array([[[0, 2, 1, 3],
            [4, 6, 5, 7]]])
    """
    x, r = shuffle_input("pixel_shuffle", x, "upscale_factor", upscale_factor, down=False)
    *lead, c, h, w = x.shape
    m = len(lead)
    y = x.reshape(*lead, c // (r * r), r, r, h, w)
    y = y.transpose(*range(m), m, m + 3, m + 1, m + 4, m + 2).copy()  # (*, C, H, r, W, r)
    return y.reshape(*lead, c // (r * r), h * r, w * r)


def pixel_unshuffle(x: ArrayLike, downscale_factor: int) -> NDArray:
    """Rearrange space into channels, as ``torch.nn.functional.pixel_unshuffle``.

    Each ``r`` by ``r`` block of a channel becomes ``r**2`` channels: the inverse of
    ``pixel_shuffle``.

    Parameters
    ----------
    x : array_like
        ``(*, C, H * r, W * r)``: any number of leading dimensions, any numeric dtype.
    downscale_factor : int
        ``r``, at least 1.

    Returns
    -------
    ndarray
        ``(*, C * r**2, H, W)``, the dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` has fewer than 3 dimensions, ``downscale_factor`` is less than 1, or the
        height or width is not divisible by ``downscale_factor``.
    TypeError
        If ``downscale_factor`` is not an int or ``x`` is not numeric.

    Notes
    -----
    Like a pooling with stride ``r``, it shrinks height and width ``r`` times; unlike
    pooling it keeps every value, in ``r**2`` times the channels. An input without
    elements gets the shape above too, as from torch's meta and CUDA kernels (its CPU
    kernel returns such an input's own shape).

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> x = np.arange(16).reshape(1, 4, 4)
    >>> pooltools.pixel_unshuffle(x, 2)[0]  # the top-left cell of every 2x2 block
    array([[ 0,  2],
           [ 8, 10]])
    """
    x, r = shuffle_input("pixel_unshuffle", x, "downscale_factor", downscale_factor, down=True)
    *lead, c, h, w = x.shape
    m = len(lead)
    y = x.reshape(*lead, c, h // r, r, w // r, r)
    y = y.transpose(*range(m), m, m + 2, m + 4, m + 1, m + 3).copy()  # (*, C, r, r, H, W)
    return y.reshape(*lead, c * r * r, h // r, w // r)
