"""Fractional max pooling: the same samples give torch's windows, values, indices and
gradients to the bit; bad input names its rule; the loops and the draws agree."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import pooltools
from helpers import t
from pooltools import naive

MAX_SIZE = {2: 9, 3: 6}
SPARE = {2: 0, 3: 1}  # torch: out + k - 1 <= L in 2-D, but < L in 3-D
DTYPES = [np.float16, np.float32, np.float64]
TIES = [float(v) for v in range(-2, 3)]  # few distinct values: many ties
SPECIAL = [np.nan, np.inf, -np.inf]


def below_one(dtype):
    return float(np.nextafter(np.dtype(dtype).type(1), np.dtype(dtype).type(0)))


def unit_samples(dtype, shape):
    """Samples in [0, 1), exactly representable in ``dtype``, the edges included."""
    bits = 8 * np.dtype(dtype).itemsize
    edges = st.sampled_from([0.0, below_one(dtype)])
    return arrays(dtype, shape, elements=edges | st.floats(0, 1, exclude_max=True, width=bits))


@st.composite
def cases(draw, dtypes=DTYPES):
    """``(n, x, sizes, samples)``: ``sizes`` is ``output_size`` or ``output_ratio``."""
    n = draw(st.sampled_from([2, 3]))
    dtype = draw(st.sampled_from(dtypes))
    spatial = draw(st.tuples(*[st.integers(1 + SPARE[n], MAX_SIZE[n])] * n))
    kernel = tuple(draw(st.integers(1, L - SPARE[n])) for L in spatial)
    channels, batch = draw(st.integers(1, 3)), draw(st.sampled_from([None, 0, 1, 2]))
    shape = (channels, *spatial) if batch is None else (batch, channels, *spatial)
    choices = TIES + (SPECIAL if draw(st.booleans()) else [])
    x = draw(arrays(dtype, shape, elements=st.sampled_from(choices) | st.floats(-3, 3, width=16)))
    fits = [st.integers(1, L - k + 1 - SPARE[n]) for L, k in zip(spatial, kernel)]
    size = draw(st.tuples(*fits))
    if draw(st.booleans()):
        sizes = {"output_size": size}
    else:  # mostly a ratio that gives a size that fits; torch's 2-D function needs a tuple
        fitting = [min((s + draw(st.floats(0, 1))) / L, 0.99) for s, L in zip(size, spatial)]
        ratio = st.just(tuple(fitting)) | st.tuples(*[st.floats(0.05, 0.95)] * n)
        sizes = {"output_ratio": draw(ratio)}
    samples = draw(unit_samples(dtype, (1 if batch is None else batch, channels, n)))
    return n, x, dict(sizes, kernel_size=kernel), samples


def torch_forward_backward(n, x, kw, samples, g):
    """torch's values, indices and input gradient for ``sum(out * g)``."""
    xt = t(x).requires_grad_(True)
    fn = getattr(F, f"fractional_max_pool{n}d")
    values, indices = fn(xt, **kw, return_indices=True, _random_samples=t(samples))
    values.backward(t(g))
    return values.detach().numpy(), indices.numpy(), xt.grad.numpy()


def assert_identical(ours, theirs):
    assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    np.testing.assert_array_equal(ours, theirs)  # NaN matches NaN


@given(cases(), st.integers(0, 9))
def test_values_indices_and_gradients_equal_torchs_given_the_samples(case, seed):
    n, x, kw, samples = case
    ours = getattr(pooltools, f"fractional_max_pool{n}d")
    ours_backward = getattr(pooltools, f"fractional_max_pool{n}d_backward")
    ratio = kw.get("output_ratio")
    if ratio and min(int(L * r) for L, r in zip(x.shape[-n:], ratio)) < 1:
        with pytest.raises(ValueError, match="at least 1"):  # torch: an empty output
            ours(x, **kw, _random_samples=samples)
        return
    out_shape = getattr(F, f"fractional_max_pool{n}d")
    try:
        shape = out_shape(t(x), **kw, _random_samples=t(samples)).shape
    except RuntimeError:  # the ratio gave an output that does not fit
        with pytest.raises(RuntimeError, match="too large relative to input"):
            out_shape(t(x), **kw, _random_samples=t(samples))
        with pytest.raises(ValueError, match="too large relative to input"):
            ours(x, **kw, _random_samples=samples)
        return
    g = np.random.default_rng(seed).standard_normal(shape).astype(x.dtype)
    values, indices, grad = torch_forward_backward(n, x, kw, samples, g)
    got_values, got_indices = ours(x, **kw, return_indices=True, _random_samples=samples)
    assert_identical(got_values, values)
    assert_identical(got_indices, indices)
    assert_identical(ours(x, **kw, _random_samples=samples), values)
    assert_identical(ours_backward(g, x, **kw, _random_samples=samples), grad)


def test_two_dimensional_samples_place_columns_then_rows():
    """torch's 2-D kernel reads sample 0 for the width; its 3-D kernel reads D, H, W."""
    x = np.arange(100.0).reshape(1, 1, 10, 10)
    samples = np.array([[[0.0, 0.9]]])  # alpha = 8 / 3: columns start 0, 2, 5, 8; rows 0, 3, 5, 8
    _, indices = pooltools.fractional_max_pool2d(
        x, 2, 4, return_indices=True, _random_samples=samples
    )
    first = indices[0, 0] - 11  # each window's first cell: its maximum is one row, one column on
    assert (first % 10)[0].tolist() == [0, 2, 5, 8]
    assert (first // 10)[:, 0].tolist() == [0, 3, 5, 8]
    _, torch_indices = F.fractional_max_pool2d(
        t(x), 2, 4, return_indices=True, _random_samples=t(samples)
    )
    assert_identical(indices, torch_indices.numpy())
    y = np.arange(1000.0).reshape(1, 1, 10, 10, 10)
    samples3 = np.array([[[0.0, 0.9, 0.5]]])
    _, ours3 = pooltools.fractional_max_pool3d(
        y, 2, 4, return_indices=True, _random_samples=samples3
    )
    _, theirs3 = F.fractional_max_pool3d(
        t(y), 2, 4, return_indices=True, _random_samples=t(samples3)
    )
    assert_identical(ours3, theirs3.numpy())


def test_ties_nan_and_minus_infinity_as_torch():
    """First maximum wins a tie, the last NaN wins, an all -inf window names its first cell."""
    x = np.array(
        [
            [1.0, 1.0, -np.inf, -np.inf],
            [1.0, 0.0, -np.inf, -np.inf],
            [np.nan, 2.0, 3.0, 3.0],
            [0.0, np.nan, 3.0, 3.0],
        ]
    )[None, None]
    samples = np.zeros((1, 1, 2))
    values, indices = pooltools.fractional_max_pool2d(
        x, 2, 2, return_indices=True, _random_samples=samples
    )
    assert values[0, 0, 0].tolist() == [1.0, -np.inf]
    assert np.isnan(values[0, 0, 1, 0])
    assert indices[0, 0].tolist() == [[0, 2], [13, 10]]
    tv, ti = F.fractional_max_pool2d(t(x), 2, 2, return_indices=True, _random_samples=t(samples))
    assert_identical(values, tv.numpy())
    assert_identical(indices, ti.numpy())


def test_a_tie_of_zeros_keeps_the_first_zeros_sign():
    x = np.array([[[[-0.0, 0.0], [0.0, 0.0]]], [[[0.0, -0.0], [-0.0, -0.0]]]])
    samples = np.zeros((2, 1, 2))
    ours = pooltools.fractional_max_pool2d(x, 2, 1, _random_samples=samples)
    theirs = F.fractional_max_pool2d(t(x), 2, 1, _random_samples=t(samples)).numpy()
    assert np.signbit(ours).ravel().tolist() == np.signbit(theirs).ravel().tolist() == [True, False]


@given(
    st.sampled_from(DTYPES).flatmap(
        lambda dtype: st.tuples(
            arrays(
                dtype,
                st.tuples(st.integers(1, 9), st.integers(1, 9)),
                elements=st.sampled_from(TIES + SPECIAL),
            ),
            unit_samples(dtype, (2,)),
        )
    ),
    st.data(),
)
def test_naive_equals_vectorised(plane_and_samples, data):
    x, samples = plane_and_samples
    H, W = x.shape
    kernel = (data.draw(st.integers(1, H)), data.draw(st.integers(1, W)))
    size = (
        data.draw(st.integers(1, H - kernel[0] + 1)),
        data.draw(st.integers(1, W - kernel[1] + 1)),
    )
    values, indices = naive.fractional_max_pool2d(x, kernel, size, samples)
    fast_values, fast_indices = pooltools.fractional_max_pool2d(
        x[None], kernel, size, return_indices=True, _random_samples=samples[None, None]
    )
    assert_identical(values, fast_values[0])
    assert_identical(indices, fast_indices[0])
    g = np.arange(values.size, dtype=x.dtype).reshape(values.shape)
    assert_identical(
        naive.fractional_max_pool2d_backward(g, x, kernel, size, samples),
        pooltools.fractional_max_pool2d_backward(
            g[None], x[None], kernel, size, _random_samples=samples[None, None]
        )[0],
    )


def test_rng_seed_and_generator_reproduce_the_draws():
    x = np.random.default_rng(0).standard_normal((2, 3, 20, 20)).astype(np.float32)
    pool = pooltools.fractional_max_pool2d
    drawn = np.random.default_rng(7).random((2, 3, 2), dtype=np.float32)
    expected = pool(x, 2, output_ratio=0.6, _random_samples=drawn)
    assert_identical(pool(x, 2, output_ratio=0.6, rng=7), expected)
    assert_identical(pool(x, 2, output_ratio=0.6, rng=np.random.default_rng(7)), expected)
    # one Generator advances from call to call, as its draws do
    rng, again = np.random.default_rng(3), np.random.default_rng(3)
    for _ in range(2):
        samples = again.random((2, 3, 2), dtype=np.float32)
        assert_identical(pool(x, 2, 12, rng=rng), pool(x, 2, 12, _random_samples=samples))
    # the gradient from the same seed is the gradient of the same windows
    g = np.ones((2, 3, 12, 12), dtype=np.float32)
    assert_identical(
        pooltools.fractional_max_pool2d_backward(g, x, 2, 12, rng=5),
        pooltools.fractional_max_pool2d_backward(
            g,
            x,
            2,
            12,
            _random_samples=np.random.default_rng(5).random((2, 3, 2), dtype=np.float32),
        ),
    )
    assert pool(x, 2, 12).shape == (2, 3, 12, 12)  # rng=None: fresh entropy
    y = np.zeros((2, 5, 6, 6, 6), dtype=np.float16)
    assert pooltools.fractional_max_pool3d(y, 2, 3, rng=1).dtype == np.float16


def test_float16_draws_are_multiples_of_2_to_the_minus_11():
    """Generator.random has no float16; casting a float32 draw could round up to 1.0."""
    x = np.random.default_rng(0).standard_normal((50, 40, 9, 9)).astype(np.float16)
    drawn = np.random.default_rng(4).integers(0, 2**11, (50, 40, 2)) / 2**11
    assert_identical(
        pooltools.fractional_max_pool2d(x, 2, 5, rng=4),
        pooltools.fractional_max_pool2d(x, 2, 5, _random_samples=drawn.astype(np.float16)),
    )


def test_unbatched_input_takes_one_row_of_samples():
    x = np.random.default_rng(1).standard_normal((3, 8, 8))
    samples = np.random.default_rng(2).random((1, 3, 2))
    ours = pooltools.fractional_max_pool2d(x, 3, 4, _random_samples=samples)
    assert_identical(ours, F.fractional_max_pool2d(t(x), 3, 4, _random_samples=t(samples)).numpy())
    assert_identical(
        ours, pooltools.fractional_max_pool2d(x[None], 3, 4, _random_samples=samples)[0]
    )


X = np.zeros((1, 2, 6, 6), dtype=np.float32)
S = np.zeros((1, 2, 2), dtype=np.float32)
X3 = np.zeros((1, 1, 5, 5, 5))
S3 = np.zeros((1, 1, 3))
pool2d, pool3d = pooltools.fractional_max_pool2d, pooltools.fractional_max_pool3d

CASES = [
    # (call, exception, words the message must contain)
    (
        lambda: pool2d(X, 2, 3, (0.5, 0.5), _random_samples=S),
        ValueError,
        ["fractional_max_pool2d", "exactly one of output_size and output_ratio", "both"],
    ),
    (lambda: pool2d(X, 2, _random_samples=S), ValueError, ["exactly one", "neither"]),
    (
        lambda: pool2d(X, 2, output_ratio=1.0, _random_samples=S),
        ValueError,
        ["output_ratio=1.0", "strictly between 0 and 1"],
    ),
    (
        lambda: pool2d(X, 2, output_ratio=(0.5, 0), _random_samples=S),
        ValueError,
        ["output_ratio=(0.5, 0)", "strictly between 0 and 1"],
    ),
    (
        lambda: pool2d(X, 2, output_ratio="half", _random_samples=S),
        TypeError,
        ["output_ratio='half'", "a number or a tuple of 2 numbers"],
    ),
    (
        lambda: pool2d(X, 1, output_ratio=0.1, _random_samples=S),
        ValueError,
        ["output_ratio=0.1 gives output size (0, 0)", "at least 1"],
    ),
    (
        lambda: pool2d(X, 3, 5, _random_samples=S),
        ValueError,
        [
            "pool height 3 too large relative to input height 6",
            "output_size + kernel_size - 1 <= input size",
        ],
    ),
    (
        lambda: pool2d(X, (1, 3), (6, 5), _random_samples=S),
        ValueError,
        ["pool width 3 too large relative to input width 6"],
    ),
    (
        lambda: pool3d(X3, 2, 4, _random_samples=S3),
        ValueError,
        [
            "fractional_max_pool3d",
            "pool depth 2 too large relative to input depth 5",
            "output_size + kernel_size - 1 < input size",
        ],
    ),
    (lambda: pool2d(X, 0, 3, _random_samples=S), ValueError, ["kernel_size=0", "positive"]),
    (
        lambda: pool2d(X, 2, (3, 0), _random_samples=S),
        ValueError,
        ["output_size=(3, 0)", "positive"],
    ),
    (lambda: pool2d(X, 2, 2.5, _random_samples=S), TypeError, ["output_size=2.5"]),
    (
        lambda: pool2d(X, 2, 3, _random_samples=np.zeros((1, 2, 3))),
        ValueError,
        ["_random_samples has shape (1, 2, 3)", "expected (1, 2, 2)"],
    ),
    (
        lambda: pool2d(X, 2, 3, _random_samples=np.zeros((2, 2, 2))),
        ValueError,
        ["_random_samples has shape (2, 2, 2)", "expected (1, 2, 2)"],
    ),
    (
        lambda: pool2d(X[0], 2, 3, _random_samples=np.zeros((2, 2))),
        ValueError,
        ["_random_samples has shape (2, 2)", "expected (1, 2, 2)", "N = 1 for unbatched"],
    ),
    (
        lambda: pool3d(X3, 2, 2, _random_samples=np.zeros((1, 1, 2))),
        ValueError,
        ["fractional_max_pool3d", "expected (1, 1, 3)"],
    ),
    (
        lambda: pool2d(X, 2, 3, _random_samples=np.ones((1, 2, 2))),
        ValueError,
        ["_random_samples contains 1.0", "[0, 1)"],
    ),
    (
        lambda: pool2d(X, 2, 3, _random_samples=np.full((1, 2, 2), -0.25)),
        ValueError,
        ["contains -0.25", "[0, 1)"],
    ),
    (
        lambda: pool2d(X, 2, 3, _random_samples=np.full((1, 2, 2), np.nan)),
        ValueError,
        ["contains nan"],
    ),
    (
        lambda: pool2d(X, 2, 3, _random_samples=np.full((1, 2, 2), 1 - 1e-9)),
        ValueError,
        ["contains 1.0 (as float32)", "[0, 1)"],
    ),
    (
        lambda: pool2d(X, 2, 3, _random_samples=np.zeros((1, 2, 2), dtype=int)),
        TypeError,
        ["_random_samples has dtype int64", "floating-point"],
    ),
    (
        lambda: pool2d(X.astype(np.int64), 2, 3),
        TypeError,
        ["fractional_max_pool2d", "int64", "floating-point"],
    ),
    (lambda: pool2d(X[0, 0], 2, 3), ValueError, ["3-D (C, H, W) or 4-D", "2-D"]),
    (lambda: pool2d(X, 2, 3, rng="seed"), TypeError, ["rng='seed'", "Generator"]),
    (lambda: pool2d(X, 2, 3, rng=-1), ValueError, ["rng=-1", "non-negative"]),
    (lambda: pool2d(X, 2, 3, return_indices=1), TypeError, ["return_indices=1", "True or False"]),
    (
        lambda: pooltools.fractional_max_pool2d_backward(
            np.zeros((1, 2, 2, 2)), X, 2, 3, _random_samples=S
        ),
        ValueError,
        ["fractional_max_pool2d_backward", "grad_output has shape (1, 2, 2, 2)", "(1, 2, 3, 3)"],
    ),
    (
        lambda: pooltools.fractional_max_pool3d_backward(
            np.zeros((1, 1, 2, 2)), X3, 2, 2, _random_samples=S3
        ),
        ValueError,
        ["fractional_max_pool3d_backward", "grad_output has shape (1, 1, 2, 2)"],
    ),
]


@pytest.mark.parametrize(("call", "exc", "words"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_bad_input_names_the_parameter_and_the_rule(call, exc, words):
    with pytest.raises(exc) as info:
        call()
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_torch_refuses_what_pooltools_calls_too_large():
    """The fit rules are torch's: one cell to spare in 3-D, none in 2-D."""
    with pytest.raises(RuntimeError, match="pool time 2 too large relative to input time 5"):
        F.fractional_max_pool3d(t(X3), 2, 4, _random_samples=t(S3))
    F.fractional_max_pool2d(t(X), 3, 4, _random_samples=t(S))  # 4 + 3 - 1 = 6 fits in 2-D
    assert pool2d(X, 3, 4, _random_samples=S).shape == (1, 2, 4, 4)
    assert pool3d(X3, 2, 3, _random_samples=S3).shape == (1, 1, 3, 3, 3)
    with pytest.raises(RuntimeError, match="pool height 3 too large relative to input height 6"):
        F.fractional_max_pool2d(t(X), 3, 5, _random_samples=t(S))
    assert torch.is_tensor(F.fractional_max_pool3d(t(X3), 2, 3, _random_samples=t(S3)))
