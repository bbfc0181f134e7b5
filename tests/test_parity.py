"""pooltools against torch.nn.functional: values, indices and gradients, every op and option."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import pooltools
from helpers import assert_same, t, torch_grad

SPECIAL = [np.nan, np.inf, -np.inf]
MAX_SIZE = {1: 9, 2: 7, 3: 5}


def torch_or_none(fn, x, dtype):
    """torch's result, falling back to float32 where torch's CPU kernel lacks float16."""
    try:
        return fn(t(x))
    except NotImplementedError:
        if dtype != np.float16:
            raise
        out = fn(t(x.astype(np.float32)))
        return (
            tuple(o.half() if o.is_floating_point() else o for o in out)
            if isinstance(out, tuple)
            else out.half()
        )


@st.composite
def inputs(draw, n, dtypes, specials=True, low=-3, high=3):
    spatial = draw(st.tuples(*[st.integers(1, MAX_SIZE[n])] * n))
    channels = draw(st.integers(1, 3))
    batch = draw(st.sampled_from([None, 0, 1, 2]))
    shape = (channels, *spatial) if batch is None else (batch, channels, *spatial)
    dtype = draw(st.sampled_from(dtypes))
    if np.dtype(dtype).kind == "f":
        choices = [float(v) for v in range(low, high + 1)]
        if specials and draw(st.booleans()):
            choices += SPECIAL
        elements = st.sampled_from(choices) | st.floats(low, high, width=16)
    else:
        elements = st.integers(max(low, np.iinfo(dtype).min), high)
    return draw(arrays(dtype, shape, elements=elements))


@st.composite
def fixed_case(draw, dtypes, dilation=True, padding=True, specials=True, low=-3, high=3):
    n = draw(st.sampled_from([1, 2, 3]))
    x = draw(inputs(n, dtypes, specials, low, high))
    ints = lambda lo, hi: st.tuples(*[st.integers(lo, hi)] * n)  # noqa: E731
    k = draw(ints(1, 4))
    kw = {"kernel_size": k, "ceil_mode": draw(st.booleans())}
    kw["stride"] = draw(st.none() | ints(1, 3))
    if padding:
        kw["padding"] = tuple(draw(st.integers(0, ki // 2)) for ki in k)
    if dilation:
        kw["dilation"] = draw(ints(1, 3))
    return n, x, kw


def has_padding_only_window(x, n, kw):
    spatial = x.shape[-n:]
    return any(not w.inputs for w in pooltools.pool_windows(spatial, **kw))


def gradient(x, rng_seed):
    return np.random.default_rng(rng_seed).standard_normal(x.shape).astype(x.dtype)


@given(
    fixed_case([np.float16, np.float32, np.float64, np.int32, np.int64, np.uint8]),
    st.integers(0, 9),
)
def test_max_pool(case, seed):
    n, x, kw = case
    ours, theirs = getattr(pooltools, f"max_pool{n}d"), getattr(F, f"max_pool{n}d")
    try:
        tv, ti = torch_or_none(lambda z: theirs(z, **kw, return_indices=True), x, x.dtype)
    except RuntimeError:
        with pytest.raises(ValueError, match=ours.__name__):
            ours(x, **kw)
        return
    values, indices = ours(x, **kw, return_indices=True)
    assert_same(values, tv)
    np.testing.assert_array_equal(indices, ti.numpy())
    assert indices.dtype == np.int64
    assert_same(ours(x, **kw), tv)
    if x.dtype.kind == "f" and x.dtype != np.float16 and not has_padding_only_window(x, n, kw):
        g = gradient(tv.numpy(), seed)
        expected = torch_grad(lambda z: theirs(z, **kw), x, g)
        assert_same(getattr(pooltools, f"max_pool{n}d_backward")(g, x, **kw), expected)


@given(
    fixed_case([np.float16, np.float32, np.float64], dilation=False),
    st.booleans(),
    st.sampled_from([None, 1, 3, -2]),
    st.integers(0, 9),
)
def test_avg_pool(case, count_include_pad, divisor_override, seed):
    n, x, kw = case
    kw = dict(kw, count_include_pad=count_include_pad, divisor_override=divisor_override)
    if n == 1:
        del kw["divisor_override"]  # torch's avg_pool1d has none
    ours, theirs = getattr(pooltools, f"avg_pool{n}d"), getattr(F, f"avg_pool{n}d")
    try:
        expected = torch_or_none(lambda z: theirs(z, **kw), x, x.dtype)
    except RuntimeError:
        with pytest.raises(ValueError, match=ours.__name__):
            ours(x, **kw)
        return
    assert_same(ours(x, **kw), expected)
    if x.dtype != np.float16:
        g = gradient(expected.numpy(), seed)
        grad = torch_grad(lambda z: theirs(z, **kw), x, g)
        assert_same(getattr(pooltools, f"avg_pool{n}d_backward")(g, x, **kw), grad)


@given(
    fixed_case([np.float32, np.float64], dilation=False, padding=False, specials=False, low=0),
    st.sampled_from([1, 2, 3, 1.5]),
    st.integers(0, 9),
)
def test_lp_pool(case, norm_type, seed):
    n, x, kw = case
    if n == 1:  # torch's lp_pool1d takes plain ints
        kw = {k: v[0] if isinstance(v, tuple) else v for k, v in kw.items()}
    ours, theirs = getattr(pooltools, f"lp_pool{n}d"), getattr(F, f"lp_pool{n}d")
    try:
        expected = theirs(t(x), norm_type, **kw)
    except RuntimeError:
        with pytest.raises(ValueError, match=ours.__name__):
            ours(x, norm_type, **kw)
        return
    assert_same(ours(x, norm_type, **kw), expected, dtype=np.float32)
    g = gradient(expected.numpy(), seed)
    grad = torch_grad(lambda z: theirs(z, norm_type, **kw), x, g)
    ours_grad = getattr(pooltools, f"lp_pool{n}d_backward")(g, x, norm_type, **kw)
    assume(np.isfinite(grad.numpy()).all())  # 0 ** negative power: both inf/nan, order-dependent
    np.testing.assert_allclose(ours_grad, grad.numpy(), rtol=1e-4, atol=1e-4)


@st.composite
def adaptive_case(draw, dtypes):
    n = draw(st.sampled_from([1, 2, 3]))
    x = draw(inputs(n, dtypes))
    size = tuple(draw(st.none() | st.integers(1, MAX_SIZE[n] + 2)) for _ in range(n))
    return n, x, size


def torch_size(x, size):
    """torch's 1-d adaptive pools take no None: spell the kept size out for them."""
    return tuple(x.shape[-len(size) + i] if s is None else s for i, s in enumerate(size))


@given(adaptive_case([np.float16, np.float32, np.float64]), st.integers(0, 9))
def test_adaptive_max_pool(case, seed):
    n, x, size = case
    ours, theirs = (
        getattr(pooltools, f"adaptive_max_pool{n}d"),
        getattr(F, f"adaptive_max_pool{n}d"),
    )
    tv, ti = torch_or_none(
        lambda z: theirs(z, torch_size(x, size), return_indices=True), x, x.dtype
    )
    values, indices = ours(x, size, return_indices=True)
    assert_same(values, tv)
    np.testing.assert_array_equal(indices, ti.numpy())
    assert_same(ours(x, size), tv)
    if x.dtype != np.float16:
        g = gradient(tv.numpy(), seed)
        grad = torch_grad(lambda z: theirs(z, torch_size(x, size)), x, g)
        assert_same(getattr(pooltools, f"adaptive_max_pool{n}d_backward")(g, x, size), grad)


@given(adaptive_case([np.float16, np.float32, np.float64]), st.integers(0, 9))
def test_adaptive_avg_pool(case, seed):
    n, x, size = case
    ours, theirs = (
        getattr(pooltools, f"adaptive_avg_pool{n}d"),
        getattr(F, f"adaptive_avg_pool{n}d"),
    )
    expected = torch_or_none(lambda z: theirs(z, torch_size(x, size)), x, x.dtype)
    if x.dtype == np.float16:
        # torch's CPU kernel sums float16 in float16: on 2x4 cells of 2.844 it gives 2.852
        # for a bin whose mean is exactly 2.844. Compare with the mean computed in float32.
        wide = theirs(torch.from_numpy(x.astype(np.float32)), torch_size(x, size))
        expected = wide.to(torch.float16)
    assert_same(ours(x, size), expected)
    if x.dtype != np.float16:
        g = gradient(expected.numpy(), seed)
        grad = torch_grad(lambda z: theirs(z, torch_size(x, size)), x, g)
        assert_same(getattr(pooltools, f"adaptive_avg_pool{n}d_backward")(g, x, size), grad)


@given(fixed_case([np.float32, np.float64], dilation=False, specials=False))
def test_max_unpool(case):
    n, x, kw = case
    kw.pop("ceil_mode")
    try:
        tv, ti = getattr(F, f"max_pool{n}d")(t(x), **kw, return_indices=True)
    except RuntimeError:
        return
    ours = getattr(pooltools, f"max_unpool{n}d")
    try:
        expected = getattr(F, f"max_unpool{n}d")(tv, ti, **kw)
    except RuntimeError:
        with pytest.raises(ValueError, match="indices"):
            ours(tv.numpy(), ti.numpy(), **kw)
        return
    assert_same(ours(tv.numpy(), ti.numpy(), **kw), expected)


@given(
    st.sampled_from([1, 2, 3]).flatmap(lambda n: inputs(n, [np.float32, np.float64])),
    st.integers(0, 9),
)
def test_global_pools(x, seed):
    assume(x.ndim >= 3)
    dims = tuple(range(2, x.ndim))
    assert_same(pooltools.global_avg_pool(x), t(x).mean(dim=dims))
    adaptive = getattr(F, f"adaptive_max_pool{x.ndim - 2}d")
    assert_same(pooltools.global_max_pool(x), adaptive(t(x), 1).flatten(1))
    g = gradient(x[:, :, *([0] * len(dims))], seed)
    grad = torch_grad(lambda z: z.mean(dim=dims), x, g)
    assert_same(pooltools.global_avg_pool_backward(g, x), grad)
    grad = torch_grad(lambda z: adaptive(z, 1).flatten(1), x, g)
    assert_same(pooltools.global_max_pool_backward(g, x), grad)


def test_shape_examples_from_the_source_text():
    """The shapes the source text prints, computed by both libraries."""
    x = np.zeros((8, 16, 32, 32), dtype=np.float32)
    assert pooltools.max_pool2d(x, 2, stride=2).shape == torch.nn.MaxPool2d(2, 2)(t(x)).shape
    assert pooltools.max_pool2d(x, 2, stride=2).shape == (8, 16, 16, 16)
    assert pooltools.avg_pool2d(x, 2, stride=2).shape == (8, 16, 16, 16)
    y = np.zeros((8, 512, 7, 7), dtype=np.float32)
    assert pooltools.adaptive_avg_pool2d(y, (1, 1)).shape == (8, 512, 1, 1)
    for size in (14, 20):
        z = np.zeros((8, 512, size, size), dtype=np.float32)
        assert pooltools.adaptive_avg_pool2d(z, (7, 7)).shape == (8, 512, 7, 7)
    assert pooltools.pool_output_size(32, 2, stride=2) == 16
