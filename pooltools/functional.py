"""The public pooling ops: thin wrappers, one per op and dimension, over the N-d core.

Names, argument order and defaults follow ``torch.nn.functional``. Each op ``<op>`` has
``<op>_backward(grad_output, x, ...)`` returning the gradient with respect to ``x``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _adaptive, _core
from ._geometry import AdaptiveAxis
from ._validate import adaptive_axes, as_input, flag, grad_like, int_tuple, pool_axes

Size = int | tuple[int, ...]
_DIMS = {1: "L", 2: "H, W", 3: "D, H, W"}
_ODIMS = {1: "L_out", 2: "H_out, W_out", 3: "D_out, H_out, W_out"}

# NaN and inf are data here, as in torch: arithmetic on them must not warn.
_ieee = np.errstate(invalid="ignore", over="ignore", divide="ignore")

_COMMON = """
Raises
------
ValueError
    If a size is out of range (with the rule it breaks), or the shape of ``x`` is not
    ``(N, C, {dims})`` or ``(C, {dims})`` with non-empty channel and spatial dimensions.
TypeError
    If an argument has the wrong type, or ``x`` is not a real numeric array.
"""

_FIXED_NOTES = """
Notes
-----
Along each spatial axis of length ``L`` the output length is

    L_out = floor((L + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1

with ``ceil`` instead of ``floor`` in ceil mode, where a last window that would start
at or past ``L + padding`` is dropped. ``stride`` defaults to ``kernel_size`` and
``padding`` may be at most ``kernel_size // 2``.
"""

_DOCS = {
    "max_pool": """{n}-D max pooling, as ``torch.nn.functional.max_pool{n}d``.

Each output cell is the maximum of its window; padding counts as -inf, so a window of
padding only gives -inf. Ties go to the first maximum in row-major order; NaN propagates.

Parameters
----------
x : array_like
    ``(N, C, {dims})`` or ``(C, {dims})``, floating point or integer.
kernel_size : int or tuple of {n} ints
    Window size.
stride : int or tuple of {n} ints, optional
    Step between windows; defaults to ``kernel_size``.
padding : int or tuple of {n} ints, default 0
    Implicit -inf padding added to both sides.
dilation : int or tuple of {n} ints, default 1
    Spacing between the cells of a window.
ceil_mode : bool, default False
    Round the output length up instead of down.
return_indices : bool, default False
    Also return where each maximum came from: a flat int64 offset into its input plane,
    as ``max_unpool{n}d`` takes it.

Returns
-------
out : ndarray
    ``(N, C, {odims})``, the dtype of ``x``.
indices : ndarray of int64
    Only if ``return_indices``.
""",
    "avg_pool": """{n}-D average pooling, as ``torch.nn.functional.avg_pool{n}d``.

Parameters
----------
x : array_like
    ``(N, C, {dims})`` or ``(C, {dims})``, floating point.
kernel_size : int or tuple of {n} ints
    Window size.
stride : int or tuple of {n} ints, optional
    Step between windows; defaults to ``kernel_size``.
padding : int or tuple of {n} ints, default 0
    Implicit zero padding added to both sides.
ceil_mode : bool, default False
    Round the output length up instead of down.
count_include_pad : bool, default True
    Count padding cells in the divisor (ceil-mode overhang past the padding never counts).
divisor_override : int, optional
    Divide every window sum by this instead.

Returns
-------
out : ndarray
    ``(N, C, {odims})``, the dtype of ``x``.
""",
    "lp_pool": """{n}-D power-average pooling, as ``torch.nn.functional.lp_pool{n}d``.

``out = (sum over the window of x**norm_type) ** (1 / norm_type)``; ``norm_type=1`` is
sum pooling and large ``norm_type`` approaches max pooling. As in torch, the sum is
computed as an average times the kernel volume, so a ceil-mode window that overhangs
the input is scaled up to the full kernel.

Parameters
----------
x : array_like
    ``(N, C, {dims})`` or ``(C, {dims})``, floating point.
norm_type : float
    The power ``p``; finite and non-zero.
kernel_size : int or tuple of {n} ints
    Window size.
stride : int or tuple of {n} ints, optional
    Step between windows; defaults to ``kernel_size``.
ceil_mode : bool, default False
    Round the output length up instead of down.

Returns
-------
out : ndarray
    ``(N, C, {odims})``, the dtype of ``x``.
""",
    "adaptive_max_pool": """{n}-D adaptive max pooling, as torch's ``adaptive_max_pool{n}d``.

You choose the output size; the windows follow. Along an axis of length ``L`` with
``out`` bins, bin ``i`` covers ``[floor(i*L/out), ceil((i+1)*L/out))``: bins may overlap,
and ``out > L`` repeats cells.

Parameters
----------
x : array_like
    ``(N, C, {dims})`` or ``(C, {dims})``, floating point.
output_size : int or tuple of {n} ints or None
    The output's spatial size; ``None`` keeps that input size.
return_indices : bool, default False
    Also return the flat int64 offset of each maximum within its input plane.

Returns
-------
out : ndarray
    ``(N, C, {odims})``, the dtype of ``x``.
indices : ndarray of int64
    Only if ``return_indices``.
""",
    "adaptive_avg_pool": """{n}-D adaptive average pooling, as torch's ``adaptive_avg_pool{n}d``.

Along an axis of length ``L`` with ``out`` bins, bin ``i`` covers
``[floor(i*L/out), ceil((i+1)*L/out))`` and its output is the mean of those cells.

Parameters
----------
x : array_like
    ``(N, C, {dims})`` or ``(C, {dims})``, floating point.
output_size : int or tuple of {n} ints or None
    The output's spatial size; ``None`` keeps that input size.

Returns
-------
out : ndarray
    ``(N, C, {odims})``, the dtype of ``x``.
""",
    "max_unpool": """{n}-D max unpooling, as ``torch.nn.functional.max_unpool{n}d``.

Puts each value of ``x`` at the flat position ``indices`` names within its output plane
and zeros everywhere else: the partial inverse of ``max_pool{n}d(..., return_indices=True)``.

Parameters
----------
x : array_like
    ``(N, C, {dims})`` or ``(C, {dims})``: pooled values.
indices : array_like of ints
    Same shape as ``x``: flat offsets within each output plane.
kernel_size, stride, padding : int or tuple of {n} ints
    The pooling's arguments; ``stride`` defaults to ``kernel_size``.
output_size : tuple of ints, optional
    The output's spatial size (or its full shape); by default
    ``(L_in - 1)*stride - 2*padding + kernel_size`` per axis. It must lie strictly
    within ``stride`` of that default.

Returns
-------
out : ndarray
    The unpooled array, the dtype of ``x``.
""",
}


def _document(func, op: str, n: int, example: str, notes: str = ""):
    """Name ``func`` ``<op><n>d`` and give it its numpydoc docstring and example."""
    func.__name__ = func.__qualname__ = f"{op}{n}d"
    doc = _DOCS[op].format(n=n, dims=_DIMS[n], odims=_ODIMS[n])
    examples = "\nExamples\n--------\n>>> import numpy as np, pooltools\n" + example
    func.__doc__ = doc + _COMMON.format(dims=_DIMS[n]) + notes + examples
    return func


def _document_backward(func, op: str, n: int):
    func.__name__ = func.__qualname__ = f"{op}{n}d_backward"
    func.__doc__ = func.__doc__.format(op=f"{op}{n}d")
    return func


def _unbatch(arr: NDArray, batched: bool) -> NDArray:
    return arr if batched else arr[0]


def _grad(op, grad_output, out_shape, batched) -> NDArray:
    expected = out_shape if batched else out_shape[1:]
    g = grad_like(op, grad_output, expected)
    return g if batched else g[np.newaxis]


def _divisor_override(op: str, value):
    if value is None:
        return None
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value == 0:
        raise ValueError(f"{op}: divisor_override={value!r} must be None or a non-zero int")
    return int(value)


def _norm_type(op: str, value) -> float:
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"{op}: norm_type={value!r} must be a real number")
    if not math.isfinite(value) or value == 0:
        raise ValueError(f"{op}: norm_type={value!r} must be finite and non-zero")
    return float(value)


# --- max pooling ---------------------------------------------------------------------


def _make_max_pool(n: int):
    op = f"max_pool{n}d"

    @_ieee
    def max_pool(
        x: ArrayLike,
        kernel_size: Size,
        stride: Size | None = None,
        padding: Size = 0,
        dilation: Size = 1,
        ceil_mode: bool = False,
        return_indices: bool = False,
    ) -> NDArray | tuple[NDArray, NDArray[np.int64]]:
        x, batched = as_input(op, x, n, integers=True)
        axes = pool_axes(op, x.shape[2:], kernel_size, stride, padding, dilation, ceil_mode)
        if flag(op, "return_indices", return_indices):
            values, win = _core.max_winners(x, axes)
            indices = _core.flat_indices(win, axes)
            return _unbatch(values, batched), _unbatch(indices, batched)
        return _unbatch(_core.max_values(x, axes), batched)

    @_ieee
    def max_pool_backward(
        grad_output: ArrayLike,
        x: ArrayLike,
        kernel_size: Size,
        stride: Size | None = None,
        padding: Size = 0,
        dilation: Size = 1,
        ceil_mode: bool = False,
    ) -> NDArray:
        """Gradient of ``{op}`` with respect to ``x``: each output's gradient goes to its
        window's winning cell (the first maximum; the last NaN); overlaps add up."""
        name = op + "_backward"
        x, batched = as_input(name, x, n, integers=True)
        axes = pool_axes(name, x.shape[2:], kernel_size, stride, padding, dilation, ceil_mode)
        g = _grad(name, grad_output, _core.out_shape(x, axes), batched)
        return _unbatch(_core.max_backward(g, x, axes), batched)

    return max_pool, max_pool_backward


# --- average pooling -----------------------------------------------------------------


def _make_avg_pool(n: int):
    op = f"avg_pool{n}d"

    def setup(name, x, kernel_size, stride, padding, ceil_mode, count_include_pad, override):
        x, batched = as_input(name, x, n)
        axes = pool_axes(
            name, x.shape[2:], kernel_size, stride, padding, 1, ceil_mode, kernel_fits=n == 3
        )
        include = flag(name, "count_include_pad", count_include_pad)
        div = _core.divisor(
            axes, include, _divisor_override(name, override), _core.acc_dtype(x.dtype)
        )
        return x, batched, axes, div

    @_ieee
    def avg_pool(
        x: ArrayLike,
        kernel_size: Size,
        stride: Size | None = None,
        padding: Size = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
        divisor_override: int | None = None,
    ) -> NDArray:
        x, batched, axes, div = setup(
            op, x, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override
        )
        return _unbatch(_core.average(x, axes, div), batched)

    @_ieee
    def avg_pool_backward(
        grad_output: ArrayLike,
        x: ArrayLike,
        kernel_size: Size,
        stride: Size | None = None,
        padding: Size = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
        divisor_override: int | None = None,
    ) -> NDArray:
        """Gradient of ``{op}`` with respect to ``x``: each output's gradient, divided by
        its window's divisor, goes to every real cell of the window."""
        name = op + "_backward"
        x, batched, axes, div = setup(
            name, x, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override
        )
        g = _grad(name, grad_output, _core.out_shape(x, axes), batched)
        return _unbatch(_core.average_backward(g, x, axes, div), batched)

    return avg_pool, avg_pool_backward


# --- power-average (Lp) pooling ------------------------------------------------------


def _make_lp_pool(n: int):
    op = f"lp_pool{n}d"

    def setup(name, x, norm_type, kernel_size, stride, ceil_mode):
        p = _norm_type(name, norm_type)
        x, batched = as_input(name, x, n)
        axes = pool_axes(
            name, x.shape[2:], kernel_size, stride, 0, 1, ceil_mode, kernel_fits=n == 3
        )
        div = _core.divisor(axes, True, None, _core.acc_dtype(x.dtype))
        volume = math.prod(a.kernel for a in axes)
        # torch: avg_pool(x ** p) * volume, then ** (1/p); we follow it step by step
        mean = (_core.window_sums(x**p, axes) / div).astype(x.dtype, copy=False)
        return x, batched, axes, div, p, volume, mean

    @_ieee
    def lp_pool(
        x: ArrayLike,
        norm_type: float,
        kernel_size: Size,
        stride: Size | None = None,
        ceil_mode: bool = False,
    ) -> NDArray:
        x, batched, _, _, p, volume, mean = setup(op, x, norm_type, kernel_size, stride, ceil_mode)
        return _unbatch((mean * volume) ** (1.0 / p), batched)

    @_ieee
    def lp_pool_backward(
        grad_output: ArrayLike,
        x: ArrayLike,
        norm_type: float,
        kernel_size: Size,
        stride: Size | None = None,
        ceil_mode: bool = False,
    ) -> NDArray:
        """Gradient of ``{op}`` with respect to ``x``, by the chain rule through
        ``x**p``, the window mean, the scaling and the ``1/p`` power, as torch's autograd
        takes it (a window whose sum is exactly 0 passes no gradient)."""
        name = op + "_backward"
        x, batched, axes, div, p, volume, mean = setup(
            name, x, norm_type, kernel_size, stride, ceil_mode
        )
        g = _grad(name, grad_output, mean.shape, batched).astype(x.dtype, copy=False)
        g_mean = g * ((1.0 / p) * (mean * volume) ** (1.0 / p - 1.0)) * volume
        g_mean = np.where(mean == 0, 0, g_mean).astype(div.dtype)
        g_pow = _core.spread(g_mean / div, x.shape, axes).astype(x.dtype, copy=False)
        grad = g_pow * (p * x ** (p - 1.0))
        return _unbatch(grad.astype(x.dtype, copy=False), batched)

    return lp_pool, lp_pool_backward


# --- adaptive pooling ----------------------------------------------------------------


def _make_adaptive_max_pool(n: int):
    op = f"adaptive_max_pool{n}d"

    @_ieee
    def adaptive_max_pool(
        x: ArrayLike, output_size: Size | tuple[int | None, ...], return_indices: bool = False
    ) -> NDArray | tuple[NDArray, NDArray[np.int64]]:
        x, batched = as_input(op, x, n)
        axes = adaptive_axes(op, x.shape[2:], output_size)
        with_indices = flag(op, "return_indices", return_indices)
        fixed = _fixed(axes)
        if fixed and not with_indices:
            return _unbatch(_core.max_values(x, fixed), batched)
        if fixed:
            values, win = _core.max_winners(x, fixed)
            indices = _core.flat_indices(win, fixed)
        else:
            values, indices = _adaptive.max_indices(x, axes)
        if with_indices:
            return _unbatch(values, batched), _unbatch(indices, batched)
        return _unbatch(values, batched)

    @_ieee
    def adaptive_max_pool_backward(
        grad_output: ArrayLike, x: ArrayLike, output_size: Size | tuple[int | None, ...]
    ) -> NDArray:
        """Gradient of ``{op}`` with respect to ``x``: each output's gradient goes to the
        winning cell of its bin; overlapping bins add up."""
        name = op + "_backward"
        x, batched = as_input(name, x, n)
        axes = adaptive_axes(name, x.shape[2:], output_size)
        g = _grad(name, grad_output, x.shape[:2] + tuple(a.out for a in axes), batched)
        fixed = _fixed(axes)
        if fixed:
            return _unbatch(_core.max_backward(g, x, fixed), batched)
        _, indices = _adaptive.max_indices(x, axes)
        return _unbatch(_core.scatter(g, indices, x.shape, x.dtype), batched)

    return adaptive_max_pool, adaptive_max_pool_backward


def _make_adaptive_avg_pool(n: int):
    op = f"adaptive_avg_pool{n}d"

    @_ieee
    def adaptive_avg_pool(x: ArrayLike, output_size: Size | tuple[int | None, ...]) -> NDArray:
        x, batched = as_input(op, x, n)
        axes = adaptive_axes(op, x.shape[2:], output_size)
        fixed = _fixed(axes)
        if fixed:
            return _unbatch(_core.average(x, fixed, _fixed_divisor(x, fixed)), batched)
        return _unbatch(_adaptive.means(x, axes), batched)

    @_ieee
    def adaptive_avg_pool_backward(
        grad_output: ArrayLike, x: ArrayLike, output_size: Size | tuple[int | None, ...]
    ) -> NDArray:
        """Gradient of ``{op}`` with respect to ``x``: each bin's gradient is shared
        equally among its cells; overlapping bins add up."""
        name = op + "_backward"
        x, batched = as_input(name, x, n)
        axes = adaptive_axes(name, x.shape[2:], output_size)
        g = _grad(name, grad_output, x.shape[:2] + tuple(a.out for a in axes), batched)
        fixed = _fixed(axes)
        if fixed:
            div = _fixed_divisor(x, fixed)
            return _unbatch(_core.average_backward(g, x, fixed, div), batched)
        return _unbatch(_adaptive.means_backward(g, x.shape, axes, x.dtype), batched)

    return adaptive_avg_pool, adaptive_avg_pool_backward


def _fixed(axes: tuple[AdaptiveAxis, ...]):
    """Adaptive bins that tile every axis evenly: the faster fixed-window path."""
    fixed = tuple(a.as_fixed() for a in axes)
    return None if None in fixed else fixed


def _fixed_divisor(x, fixed):
    return _core.divisor(fixed, True, None, _core.acc_dtype(x.dtype))


# --- max unpooling -------------------------------------------------------------------


def _make_max_unpool(n: int):
    op = f"max_unpool{n}d"

    @_ieee
    def max_unpool(
        x: ArrayLike,
        indices: ArrayLike,
        kernel_size: Size,
        stride: Size | None = None,
        padding: Size = 0,
        output_size: tuple[int, ...] | None = None,
    ) -> NDArray:
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
        size = default if output_size is None else _unpool_size(op, output_size, default, s, n)
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
        return _unbatch(out.reshape(x.shape[:2] + size), batched)

    return max_unpool


def _unpool_size(op, output_size, default, stride, n) -> tuple[int, ...]:
    size = tuple(output_size)
    if len(size) in (n + 1, n + 2):
        size = size[-n:]
    if len(size) != n or not all(isinstance(v, numbers.Integral) for v in size):
        raise ValueError(f"{op}: output_size={output_size!r} must hold {n} or {n + 2} ints")
    for d, (v, dflt, s) in enumerate(zip(size, default, stride)):
        if not dflt - s < v < dflt + s:
            raise ValueError(
                f"{op}: output_size={output_size!r} is invalid: dimension {d} must be "
                f"strictly between {dflt - s} and {dflt + s}"
            )
    return tuple(int(v) for v in size)


# --- global pooling ------------------------------------------------------------------


@_ieee
def global_avg_pool(x: ArrayLike) -> NDArray:
    """Average each channel over all its spatial positions: ``(N, C, *spatial) -> (N, C)``.

    The same as ``adaptive_avg_pool{n}d(x, 1)`` flattened, or ``x.mean(dim=(2, ...))``
    in torch: the classifier head of ResNet and most modern CNNs.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, *spatial)`` with at least one spatial dimension.
    TypeError
        If ``x`` is not a floating-point array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> pooltools.global_avg_pool(np.ones((8, 512, 7, 7), dtype=np.float32)).shape
    (8, 512)
    """
    x, _ = as_input("global_avg_pool", x, None)
    axes = tuple(range(2, x.ndim))
    return x.mean(axis=axes, dtype=_core.acc_dtype(x.dtype)).astype(x.dtype, copy=False)


@_ieee
def global_avg_pool_backward(grad_output: ArrayLike, x: ArrayLike) -> NDArray:
    """Gradient of ``global_avg_pool``: every cell of a plane gets ``g / (number of cells)``."""
    x, _ = as_input("global_avg_pool_backward", x, None)
    g = grad_like("global_avg_pool_backward", grad_output, x.shape[:2])
    plane = math.prod(x.shape[2:])
    share = (g.astype(_core.acc_dtype(x.dtype)) / plane).reshape(x.shape[:2] + (1,) * (x.ndim - 2))
    return np.broadcast_to(share, x.shape).astype(x.dtype)


def _global_max(op, x):
    x, _ = as_input(op, x, None, integers=True)
    flat = x.reshape(x.shape[:2] + (math.prod(x.shape[2:]),))
    return x, _adaptive.max_indices(flat, (AdaptiveAxis(flat.shape[2], 1),))


@_ieee
def global_max_pool(x: ArrayLike) -> NDArray:
    """The maximum of each channel over all its spatial positions: ``(N, C, *spatial) -> (N, C)``.

    Raises
    ------
    ValueError
        If ``x`` is not ``(N, C, *spatial)`` with at least one spatial dimension.
    TypeError
        If ``x`` is not a real numeric array.

    Examples
    --------
    >>> import numpy as np, pooltools
    >>> pooltools.global_max_pool(np.arange(24.0).reshape(2, 3, 2, 2))
    array([[ 3.,  7., 11.],
           [15., 19., 23.]])
    """
    _, (values, _) = _global_max("global_max_pool", x)
    return values[..., 0]


@_ieee
def global_max_pool_backward(grad_output: ArrayLike, x: ArrayLike) -> NDArray:
    """Gradient of ``global_max_pool``: all of a plane's gradient goes to its first maximum
    (as ``adaptive_max_pool(x, 1)``; torch's ``amax`` would split it among ties)."""
    op = "global_max_pool_backward"
    x, (_, indices) = _global_max(op, x)
    g = grad_like(op, grad_output, x.shape[:2])
    flat_shape = x.shape[:2] + (math.prod(x.shape[2:]),)
    grad = _core.scatter(g[..., None], indices, flat_shape, x.dtype)
    return grad.reshape(x.shape)


# --- the public functions, 1d, 2d and 3d ----------------------------------------------
# Each example's expected output was checked against torch.nn.functional.


def _public(maker, op, examples, notes=""):
    funcs = []
    for n, example in zip((1, 2, 3), examples):
        made = maker(n)
        forward, backward = made if isinstance(made, tuple) else (made, None)
        funcs.append(_document(forward, op, n, example, notes))
        if backward is not None:
            funcs.append(_document_backward(backward, op, n))
    return funcs


_X1 = ">>> x = np.array([[1.0, 3.0, 2.0, 5.0, 4.0, 0.0]])\n"
_X2 = ">>> x = np.arange(16.0).reshape(1, 1, 4, 4)\n"
_X3 = ">>> x = np.ones((2, 3, 4, 6, 6))\n"

(
    max_pool1d,
    max_pool1d_backward,
    max_pool2d,
    max_pool2d_backward,
    max_pool3d,
    max_pool3d_backward,
) = _public(
    _make_max_pool,
    "max_pool",
    [
        _X1 + ">>> pooltools.max_pool1d(x, 2)\narray([[3., 5., 4.]])\n",
        _X2 + ">>> pooltools.max_pool2d(x, 2)\narray([[[[ 5.,  7.],\n         [13., 15.]]]])\n"
        ">>> pooltools.max_pool2d(x, 3, stride=2, padding=1, return_indices=True)[1]\n"
        "array([[[[ 5,  7],\n         [13, 15]]]])\n",
        _X3 + ">>> pooltools.max_pool3d(x, 2).shape\n(2, 3, 2, 3, 3)\n",
    ],
    _FIXED_NOTES,
)
(
    avg_pool1d,
    avg_pool1d_backward,
    avg_pool2d,
    avg_pool2d_backward,
    avg_pool3d,
    avg_pool3d_backward,
) = _public(
    _make_avg_pool,
    "avg_pool",
    [
        _X1 + ">>> pooltools.avg_pool1d(x, 2)\narray([[2. , 3.5, 2. ]])\n",
        _X2 + ">>> pooltools.avg_pool2d(x, 2)\narray([[[[ 2.5,  4.5],\n         [10.5, 12.5]]]])\n",
        _X3 + ">>> pooltools.avg_pool3d(x, 2, stride=1).shape\n(2, 3, 3, 5, 5)\n",
    ],
    _FIXED_NOTES,
)
(
    lp_pool1d,
    lp_pool1d_backward,
    lp_pool2d,
    lp_pool2d_backward,
    lp_pool3d,
    lp_pool3d_backward,
) = _public(
    _make_lp_pool,
    "lp_pool",
    [
        _X1 + ">>> pooltools.lp_pool1d(x, 1, 2)  # sum pooling\narray([[4., 7., 4.]])\n",
        ">>> x = np.full((1, 1, 4, 4), 3.0)\n>>> pooltools.lp_pool2d(x, 2, 2)\n"
        "array([[[[6., 6.],\n         [6., 6.]]]])\n",
        _X3 + ">>> pooltools.lp_pool3d(x, 2, 2).shape\n(2, 3, 2, 3, 3)\n",
    ],
    _FIXED_NOTES,
)
(
    adaptive_max_pool1d,
    adaptive_max_pool1d_backward,
    adaptive_max_pool2d,
    adaptive_max_pool2d_backward,
    adaptive_max_pool3d,
    adaptive_max_pool3d_backward,
) = _public(
    _make_adaptive_max_pool,
    "adaptive_max_pool",
    [
        _X1 + ">>> pooltools.adaptive_max_pool1d(x, 4)  # bins [0,2) [1,3) [3,5) [4,6)\n"
        "array([[3., 3., 5., 4.]])\n",
        _X2
        + ">>> pooltools.adaptive_max_pool2d(x, (1, None))\narray([[[[12., 13., 14., 15.]]]])\n",
        _X3 + ">>> pooltools.adaptive_max_pool3d(x, (1, 2, 3)).shape\n(2, 3, 1, 2, 3)\n",
    ],
)
(
    adaptive_avg_pool1d,
    adaptive_avg_pool1d_backward,
    adaptive_avg_pool2d,
    adaptive_avg_pool2d_backward,
    adaptive_avg_pool3d,
    adaptive_avg_pool3d_backward,
) = _public(
    _make_adaptive_avg_pool,
    "adaptive_avg_pool",
    [
        _X1 + ">>> pooltools.adaptive_avg_pool1d(x, 4)\narray([[2. , 2.5, 4.5, 2. ]])\n",
        _X2 + ">>> pooltools.adaptive_avg_pool2d(x, 1)\narray([[[[7.5]]]])\n",
        _X3 + ">>> pooltools.adaptive_avg_pool3d(x, 1).shape\n(2, 3, 1, 1, 1)\n",
    ],
)
max_unpool1d, max_unpool2d, max_unpool3d = _public(
    _make_max_unpool,
    "max_unpool",
    [
        _X1 + ">>> pooltools.max_unpool1d(*pooltools.max_pool1d(x, 2, return_indices=True), 2)\n"
        "array([[0., 3., 0., 5., 4., 0.]])\n",
        _X2 + ">>> pooled, indices = pooltools.max_pool2d(x, 2, return_indices=True)\n"
        ">>> pooltools.max_unpool2d(pooled, indices, 2)\narray([[[[ 0.,  0.,  0.,  0.],\n"
        "         [ 0.,  5.,  0.,  7.],\n         [ 0.,  0.,  0.,  0.],\n"
        "         [ 0., 13.,  0., 15.]]]])\n",
        _X3 + ">>> pooled, indices = pooltools.max_pool3d(x, 2, return_indices=True)\n"
        ">>> pooltools.max_unpool3d(pooled, indices, 2, output_size=(5, 7, 7)).shape\n"
        "(2, 3, 5, 7, 7)\n",
    ],
)
