"""The loop versions the book shows agree with the vectorised ops."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import pooltools
from pooltools import naive

planes = st.tuples(st.integers(1, 7), st.integers(1, 7)).flatmap(
    lambda shape: arrays(
        np.float64, shape, elements=st.sampled_from([-1.0, 0.0, 1.0, 2.0, np.nan, -np.inf])
    )
)


@st.composite
def configs(draw, dilation=True):
    k = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    kw = {
        "kernel_size": k,
        "stride": draw(st.none() | st.tuples(st.integers(1, 3), st.integers(1, 3))),
        "padding": (draw(st.integers(0, k[0] // 2)), draw(st.integers(0, k[1] // 2))),
        "ceil_mode": draw(st.booleans()),
    }
    if dilation:
        kw["dilation"] = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    return kw


def fits(x, kw):
    try:
        pooltools.pool_output_size(x.shape, **kw)
    except ValueError:
        return False
    return True


@given(planes, configs())
def test_max_pool_naive_equals_vectorised(x, kw):
    if not fits(x, kw):
        return
    values, indices = naive.max_pool2d(x, **kw)
    fast_values, fast_indices = pooltools.max_pool2d(x[None], **kw, return_indices=True)
    np.testing.assert_array_equal(values, fast_values[0])
    np.testing.assert_array_equal(indices, fast_indices[0])
    g = np.arange(values.size, dtype=np.float64).reshape(values.shape)
    np.testing.assert_array_equal(
        naive.max_pool2d_backward(g, x, **kw),
        pooltools.max_pool2d_backward(g[None], x[None], **kw)[0],
    )


@given(planes, configs(dilation=False), st.booleans(), st.sampled_from([None, 3]))
def test_avg_pool_naive_equals_vectorised(x, kw, include, override):
    if not fits(x, kw):
        return
    kw = dict(kw, count_include_pad=include, divisor_override=override)
    np.testing.assert_allclose(
        naive.avg_pool2d(x, **kw), pooltools.avg_pool2d(x[None], **kw)[0], equal_nan=True
    )
    g = np.ones(pooltools.avg_pool2d(x[None], **kw)[0].shape)
    np.testing.assert_allclose(
        naive.avg_pool2d_backward(g, x, **kw),
        pooltools.avg_pool2d_backward(g[None], x[None], **kw)[0],
    )


@given(planes, st.tuples(st.integers(1, 9), st.integers(1, 9)))
def test_adaptive_naive_equals_vectorised(x, size):
    values, indices = naive.adaptive_max_pool2d(x, size)
    fast_values, fast_indices = pooltools.adaptive_max_pool2d(x[None], size, return_indices=True)
    np.testing.assert_array_equal(values, fast_values[0])
    np.testing.assert_array_equal(indices, fast_indices[0])
    np.testing.assert_allclose(
        naive.adaptive_avg_pool2d(x, size),
        pooltools.adaptive_avg_pool2d(x[None], size)[0],
        equal_nan=True,
    )
    g = np.arange(np.prod(size), dtype=np.float64).reshape(size)
    np.testing.assert_allclose(
        naive.adaptive_max_pool2d_backward(g, x, size),
        pooltools.adaptive_max_pool2d_backward(g[None], x[None], size)[0],
    )
    np.testing.assert_allclose(
        naive.adaptive_avg_pool2d_backward(g, x, size),
        pooltools.adaptive_avg_pool2d_backward(g[None], x[None], size)[0],
    )
