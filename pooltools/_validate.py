"""Argument checking shared by every public op: validate once, at the boundary.

Every error names the function, the parameter, the value given and the rule broken.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

from ._geometry import AdaptiveAxis, Axis, output_length

_SPATIAL = {1: "L", 2: "H, W", 3: "D, H, W"}


def as_input(op: str, x, n: int | None, *, integers: bool = False) -> tuple[np.ndarray, bool]:
    """Return ``x`` as a batched ``(N, C, *spatial)`` array and whether it came batched.

    ``n`` is the number of spatial dimensions; ``None`` means "at least one" (global pooling).
    """
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as err:
        raise TypeError(f"{op}: input could not be turned into a numeric array ({err})") from None
    kind = arr.dtype.kind
    if (kind == "f" and arr.dtype.itemsize <= 8) or (kind in "iu" and integers):
        pass
    elif kind in "iu":
        raise TypeError(
            f"{op}: input has integer dtype {arr.dtype}; like torch's, this op needs a "
            "floating-point array (for example x.astype(np.float32))"
        )
    else:
        allowed = "float16, float32, float64" + (" or an integer dtype" if integers else "")
        raise TypeError(f"{op}: input has dtype {arr.dtype}; expected {allowed}")
    if n is None:
        if arr.ndim < 3:
            raise ValueError(
                f"{op}: input must have shape (N, C, *spatial) with at least one spatial "
                f"dimension, got shape {arr.shape}"
            )
        batched = True
    else:
        if arr.ndim not in (n + 1, n + 2):
            raise ValueError(
                f"{op}: input must be {n + 1}-D (C, {_SPATIAL[n]}) or {n + 2}-D "
                f"(N, C, {_SPATIAL[n]}), got {arr.ndim}-D shape {arr.shape}"
            )
        batched = arr.ndim == n + 2
        if not batched:
            arr = arr[np.newaxis]
    if 0 in arr.shape[1:]:
        raise ValueError(
            f"{op}: input shape {arr.shape if batched else arr.shape[1:]} has an empty "
            "channel or spatial dimension; only the batch dimension may be 0"
        )
    return arr, batched


def int_tuple(op: str, name: str, value, n: int, minimum: int) -> tuple[int, ...]:
    """An int or a sequence of 1 or ``n`` ints, each at least ``minimum``, as an ``n``-tuple."""
    if _is_int(value):
        values = (int(value),) * n
    elif isinstance(value, Sequence) and not isinstance(value, str) and len(value) in (1, n):
        if not all(_is_int(v) for v in value):
            raise TypeError(f"{op}: {name}={value!r} must contain only ints")
        values = tuple(int(v) for v in value) * (n if len(value) == 1 else 1)
    else:
        raise TypeError(f"{op}: {name}={value!r} must be an int or a tuple of {n} ints")
    if min(values) < minimum:
        rule = "positive" if minimum == 1 else f"at least {minimum}"
        raise ValueError(f"{op}: {name}={value!r} must be {rule}")
    return values


def flag(op: str, name: str, value) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{op}: {name}={value!r} must be True or False")
    return bool(value)


def pool_axes(
    op: str,
    spatial: tuple[int, ...],
    kernel_size,
    stride=None,
    padding=0,
    dilation=1,
    ceil_mode=False,
    *,
    kernel_fits: bool = False,
) -> tuple[Axis, ...]:
    """Check a fixed-window configuration and return its geometry, one ``Axis`` per dimension.

    ``kernel_fits`` adds the rule of torch's ``avg_pool3d``: every input dimension,
    padding aside, must be at least the kernel size.
    """
    n = len(spatial)
    k = int_tuple(op, "kernel_size", kernel_size, n, 1)
    no_stride = stride is None or (isinstance(stride, Sequence) and len(stride) == 0)
    s = k if no_stride else int_tuple(op, "stride", stride, n, 1)
    p = int_tuple(op, "padding", padding, n, 0)
    d = int_tuple(op, "dilation", dilation, n, 1)
    ceil_mode = flag(op, "ceil_mode", ceil_mode)
    for ki, pi in zip(k, p):
        if pi > ki // 2:
            raise ValueError(
                f"{op}: padding={padding!r} must be at most half the kernel size "
                f"({ki} // 2 = {ki // 2})"
            )
    if kernel_fits and any(length < ki for length, ki in zip(spatial, k)):
        raise ValueError(
            f"{op}: input size {spatial} is smaller than kernel_size={k}; in 3-D average "
            "pooling every input dimension must be at least the kernel size, padding aside"
        )
    outs = tuple(output_length(*args, ceil_mode) for args in zip(spatial, k, s, p, d))
    if min(outs) < 1:
        raise ValueError(
            f"{op}: output size would be {outs} for input size {spatial} with kernel_size={k}, "
            f"stride={s}, padding={p}, dilation={d}; the rule floor((L + 2p - d(k-1) - 1)/s) + 1 "
            "must give at least 1 along every axis (use a smaller kernel or more padding)"
        )
    return tuple(Axis(*args) for args in zip(spatial, k, s, p, d, outs))


def adaptive_axes(op: str, spatial: tuple[int, ...], output_size) -> tuple[AdaptiveAxis, ...]:
    """Check ``output_size`` (entries may be None: keep that input size) and return the bins."""
    n = len(spatial)
    if output_size is None or _is_int(output_size):
        sizes = (output_size,) * n
    elif isinstance(output_size, Sequence) and len(output_size) == n:
        sizes = tuple(output_size)
    else:
        raise TypeError(
            f"{op}: output_size={output_size!r} must be an int or a tuple of {n} ints or None"
        )
    result = []
    for length, size in zip(spatial, sizes):
        if size is None:
            size = length
        if not _is_int(size):
            raise TypeError(f"{op}: output_size={output_size!r} must contain only ints or None")
        if size < 1:
            raise ValueError(f"{op}: output_size={output_size!r} must be positive")
        result.append(AdaptiveAxis(length, int(size)))
    return tuple(result)


_AXIS_NAMES = {2: ("height", "width"), 3: ("depth", "height", "width")}


def fractional_sizes(
    op: str, spatial: tuple[int, ...], kernel_size, output_size, output_ratio
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Check fractional max pooling's sizes and return ``(kernel_size, output_size)``.

    Exactly one of ``output_size`` and ``output_ratio`` (each ratio strictly between 0
    and 1, giving ``int(L * ratio)``); then torch's fit rule: ``out + k - 1 <= L`` in 2-D,
    ``out + k - 1 < L`` in 3-D.
    """
    n = len(spatial)
    k = int_tuple(op, "kernel_size", kernel_size, n, 1)
    if (output_size is None) == (output_ratio is None):
        given = "neither" if output_size is None else "both"
        raise ValueError(
            f"{op}: give exactly one of output_size and output_ratio, got {given} "
            f"(output_size={output_size!r}, output_ratio={output_ratio!r})"
        )
    if output_size is not None:
        out = int_tuple(op, "output_size", output_size, n, 1)
    else:
        out = _ratio_sizes(op, spatial, output_ratio)
    strict = n == 3  # torch's 3-D kernel wants one cell to spare along every axis
    for name, length, ki, oi in zip(_AXIS_NAMES[n], spatial, k, out):
        if oi + ki - 1 > length - strict:
            rule = "<" if strict else "<="
            raise ValueError(
                f"{op}: kernel_size={k} and output_size={out} do not fit input size {spatial}: "
                f"pool {name} {ki} too large relative to input {name} {length}; the rule is "
                f"output_size + kernel_size - 1 {rule} input size along every axis"
            )
    return k, out


def _ratio_sizes(op: str, spatial: tuple[int, ...], output_ratio) -> tuple[int, ...]:
    n = len(spatial)
    if _is_real(output_ratio):
        ratios = (output_ratio,) * n
    elif (
        isinstance(output_ratio, Sequence)
        and not isinstance(output_ratio, str)
        and len(output_ratio) in (1, n)
        and all(_is_real(r) for r in output_ratio)
    ):
        ratios = tuple(output_ratio) * (n if len(output_ratio) == 1 else 1)
    else:
        raise TypeError(
            f"{op}: output_ratio={output_ratio!r} must be a number or a tuple of {n} numbers"
        )
    if not all(0 < r < 1 for r in ratios):
        raise ValueError(f"{op}: output_ratio={output_ratio!r} must lie strictly between 0 and 1")
    out = tuple(int(length * r) for length, r in zip(spatial, ratios))  # as torch: truncate
    if min(out) < 1:
        raise ValueError(
            f"{op}: output_ratio={output_ratio!r} gives output size {out} for input size "
            f"{spatial}; int(input size * ratio) must be at least 1 along every axis"
        )
    return out


def fractional_samples(op: str, samples, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    """Fractional max pooling's ``_random_samples``: ``shape`` ``(N, C, n)``, floating
    point, cast to ``dtype`` (the input's), every value in ``[0, 1)``."""
    s = np.asarray(samples)
    if s.dtype.kind != "f":
        raise TypeError(
            f"{op}: _random_samples has dtype {s.dtype}; expected a floating-point array"
        )
    if s.shape != shape:
        raise ValueError(
            f"{op}: _random_samples has shape {s.shape}; expected {shape}, one number per "
            "(batch, channel, spatial axis), with N = 1 for unbatched input"
        )
    s = s.astype(dtype, copy=False)
    if not ((s >= 0) & (s < 1)).all():
        bad = s[~((s >= 0) & (s < 1))][0]
        raise ValueError(
            f"{op}: _random_samples contains {bad} (as {dtype}); every sample must lie in [0, 1)"
        )
    return s


def generator(op: str, rng) -> np.random.Generator:
    """``rng``: a ``numpy.random.Generator``, a non-negative int seed, or None (fresh entropy)."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is not None and not _is_int(rng):
        raise TypeError(f"{op}: rng={rng!r} must be a numpy.random.Generator, an int seed or None")
    if rng is not None and rng < 0:
        raise ValueError(f"{op}: rng={rng!r} must be a non-negative int seed")
    return np.random.default_rng(rng)


def grad_like(op: str, grad_output, expected: tuple[int, ...]) -> np.ndarray:
    """Check that ``grad_output`` has the forward output's shape."""
    g = np.asarray(grad_output)
    if g.dtype.kind not in "fiu":
        raise TypeError(f"{op}: grad_output has dtype {g.dtype}; expected a real numeric array")
    if g.shape != expected:
        raise ValueError(
            f"{op}: grad_output has shape {g.shape} but the forward output has shape {expected}"
        )
    return g


def unbatch(arr: np.ndarray, batched: bool) -> np.ndarray:
    """Undo ``as_input``'s batching: drop the batch axis again if ``x`` came without one."""
    return arr if batched else arr[0]


def batched_grad(op: str, grad_output, out_shape: tuple[int, ...], batched: bool) -> np.ndarray:
    """Check ``grad_output`` against the forward output (unbatched if ``x`` was) and
    return it batched, like ``x`` after ``as_input``."""
    g = grad_like(op, grad_output, out_shape if batched else out_shape[1:])
    return g if batched else g[np.newaxis]


def divisor_override(op: str, value) -> int | None:
    """Average pooling's ``divisor_override``: None, or a non-zero int."""
    if value is None:
        return None
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value == 0:
        raise ValueError(f"{op}: divisor_override={value!r} must be None or a non-zero int")
    return int(value)


def norm_type(op: str, value) -> float:
    """Power-average pooling's ``norm_type``: a finite, non-zero real number."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"{op}: norm_type={value!r} must be a real number")
    if not math.isfinite(value) or value == 0:
        raise ValueError(f"{op}: norm_type={value!r} must be finite and non-zero")
    return float(value)


def unpool_size(op: str, output_size, default, stride) -> tuple[int, ...]:
    """Max unpooling's ``output_size``: ``n`` (or ``n + 2``) ints, each strictly within
    ``stride`` of the default size ``(L_in - 1)*stride - 2*padding + kernel_size``."""
    n = len(default)
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


def transpose_sizes(
    op: str, spatial, kernel, stride, padding, output_padding, dilation
) -> tuple[tuple[int, ...], ...]:
    """Check a transposed convolution's sizes; return ``(stride, padding, dilation, out)``,
    each an ``n``-tuple, ``out`` by ``(L - 1)s - 2p + d(k - 1) + output_padding + 1``.

    torch's rules: ``output_padding < max(stride, dilation)`` and ``out >= 1`` on every axis.
    """
    n = len(spatial)
    s = int_tuple(op, "stride", stride, n, 1)
    p = int_tuple(op, "padding", padding, n, 0)
    o = int_tuple(op, "output_padding", output_padding, n, 0)
    d = int_tuple(op, "dilation", dilation, n, 1)
    for oi, si, di in zip(o, s, d):
        if oi >= max(si, di):
            raise ValueError(
                f"{op}: output_padding={output_padding!r} must be smaller than either stride "
                f"or dilation (output_padding < max(stride, dilation) along every axis), "
                f"got output_padding {oi} with stride {si} and dilation {di}"
            )
    out = tuple(
        (li - 1) * si - 2 * pi + di * (ki - 1) + oi + 1
        for li, ki, si, pi, oi, di in zip(spatial, kernel, s, p, o, d)
    )
    if min(out) < 1:
        raise ValueError(
            f"{op}: output size would be {out} for input size {tuple(spatial)} with "
            f"kernel_size={tuple(kernel)}, stride={s}, padding={p}, output_padding={o}, "
            f"dilation={d}; the rule (L - 1)s - 2p + d(k - 1) + output_padding + 1 must give "
            "at least 1 along every axis (use less padding)"
        )
    return s, p, d, out


def conv_weight(
    op: str, x: np.ndarray, weight, bias, groups
) -> tuple[np.ndarray, np.ndarray | None, int]:
    """A transposed convolution's ``weight`` ``(C_in, C_out / groups, *kernel)``, of the
    dtype of ``x`` (batched), and ``bias``: None or ``(C_out,)``. Returns ``(weight, bias,
    groups)``."""
    n = x.ndim - 2
    w = np.asarray(weight)
    kernel = ", ".join("k" + a for a in _SPATIAL[n].replace(", ", ""))
    if w.ndim != n + 2 or 0 in w.shape:
        raise ValueError(
            f"{op}: weight must be a non-empty {n + 2}-D array (C_in, C_out / groups, "
            f"{kernel}), got shape {w.shape}"
        )
    if not _is_int(groups):
        raise TypeError(f"{op}: groups={groups!r} must be an int")
    if groups < 1 or x.shape[1] % groups:
        raise ValueError(
            f"{op}: groups={groups!r} must be a positive divisor of the input's channel "
            f"count C_in = {x.shape[1]}"
        )
    if w.shape[0] != x.shape[1]:
        raise ValueError(
            f"{op}: weight has shape {w.shape} but x has {x.shape[1]} channels; the weight's "
            "first dimension must be the input's channel count C_in"
        )
    if w.dtype != x.dtype:
        raise TypeError(
            f"{op}: weight has dtype {w.dtype} but x has dtype {x.dtype}; like torch's, "
            "this op needs both of one dtype"
        )
    c_out = groups * w.shape[1]
    if bias is None:
        return w, None, int(groups)
    b = np.asarray(bias)
    if b.dtype.kind != "f":
        raise TypeError(f"{op}: bias has dtype {b.dtype}; expected a floating-point array")
    if b.shape != (c_out,):
        raise ValueError(
            f"{op}: bias has shape {b.shape}; expected ({c_out},), one value per output "
            f"channel (C_out = groups * weight.shape[1] = {groups} * {w.shape[1]})"
        )
    return w, b, int(groups)


def shuffle_input(op: str, x, name: str, factor, down: bool) -> tuple[np.ndarray, int]:
    """Pixel (un)shuffle's input ``(*, C, H, W)`` and factor ``r``: for shuffling, ``C``
    divisible by ``r**2``; for unshuffling, ``H`` and ``W`` divisible by ``r``."""
    arr = np.asarray(x)
    if arr.dtype.kind not in "biufc":
        raise TypeError(f"{op}: input has dtype {arr.dtype}; expected a numeric or boolean array")
    if arr.ndim < 3:
        raise ValueError(
            f"{op}: input must have shape (*, C, H, W), at least 3-D, got {arr.ndim}-D "
            f"shape {arr.shape}"
        )
    if not _is_int(factor):
        raise TypeError(f"{op}: {name}={factor!r} must be an int")
    if factor < 1:
        raise ValueError(f"{op}: {name}={factor!r} must be positive")
    r = int(factor)
    if not down and arr.shape[-3] % (r * r):
        raise ValueError(
            f"{op}: input has {arr.shape[-3]} channels (shape {arr.shape}), not divisible by "
            f"{name}**2 = {r * r}; the rule is C_in = C_out * {name}**2"
        )
    for axis, size in zip(("height", "width"), arr.shape[-2:]):
        if down and size % r:
            raise ValueError(
                f"{op}: input {axis} {size} (shape {arr.shape}) is not divisible by "
                f"{name}={r}; height and width must both be multiples of {name}"
            )
    return arr, r


def _is_int(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
