"""The upsamplers against torch.nn.functional: transposed convolutions (values and input
gradients), their output-size rule and how it inverts pooling's, and pixel (un)shuffling."""

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import pooltools
from helpers import t

MAX_SIZE = {1: 6, 2: 4}
SPECIAL = [np.nan, np.inf, -np.inf]


def values(dtype, shape, specials=False):
    choices = [float(v) for v in range(-3, 4)] + (SPECIAL if specials else [])
    return arrays(dtype, shape, elements=st.sampled_from(choices) | st.floats(-3, 3, width=16))


@st.composite
def conv_case(draw):
    """A transposed convolution: 1-D or 2-D, batched or not, any sizes torch might take
    (some give an output size below 1, which both must refuse)."""
    n = draw(st.sampled_from([1, 2]))
    ints = lambda lo, hi: st.tuples(*[st.integers(lo, hi)] * n)  # noqa: E731
    groups, c_in, c_out = draw(st.integers(1, 2)), draw(st.integers(1, 2)), draw(st.integers(1, 2))
    k, s, d, spatial = draw(ints(1, 4)), draw(ints(1, 3)), draw(ints(1, 3)), draw(ints(1, 4))
    spatial = spatial[:1] + tuple(min(v, MAX_SIZE[n]) for v in spatial[1:])
    kw = {
        "stride": s,
        "padding": draw(ints(0, 3)),
        "output_padding": tuple(draw(st.integers(0, max(si, di) - 1)) for si, di in zip(s, d)),
        "groups": groups,
        "dilation": d,
    }
    for name in ("stride", "padding", "output_padding", "dilation"):
        if len(set(kw[name])) == 1 and draw(st.booleans()):
            kw[name] = kw[name][0]  # an int stands for the same value on every axis
    batch = draw(st.sampled_from([None, 0, 1, 2]))
    dtype = draw(st.sampled_from([np.float16, np.float32, np.float64]))
    shape = (groups * c_in, *spatial) if batch is None else (batch, groups * c_in, *spatial)
    x = draw(values(dtype, shape, specials=draw(st.booleans())))
    w = draw(values(dtype, (groups * c_in, c_out, *k)))
    bias = draw(st.none() | values(dtype, (groups * c_out,)))
    return n, x, w, bias, kw


def assert_within_rounding(ours, theirs, bound, terms):
    """``ours`` and torch's agree to the rounding of a sum of ``terms`` products whose
    absolute values add up to ``bound``; where a NaN or an infinity took part, exactly."""
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
    finite = np.isfinite(bound)
    np.testing.assert_array_equal(ours[~finite], theirs[~finite])
    tol = (terms + 2) * np.finfo(ours.dtype).eps * bound[finite]
    assert (np.abs(ours[finite] - theirs[finite].astype(np.float64)) <= tol).all()


def torch_conv_transpose(n, x, w, bias, kw, g=None):
    """torch's output, or with ``g`` its gradient of ``sum(output * g)`` with respect to
    ``x``; None where torch refuses, as pooltools must.

    float16 goes through torch in float64, rounded at the end: torch's CPU float16 kernel
    (oneDNN) can crash the interpreter when padding > dilation * (kernel_size - 1).
    """

    def wide(a):
        return None if a is None else t(a.astype(np.float64) if a.dtype == np.float16 else a)

    xt = wide(x).requires_grad_(g is not None)
    try:
        out = getattr(F, f"conv_transpose{n}d")(xt, wide(w), wide(bias), **kw)
    except RuntimeError:
        return None
    # torch's oneDNN path (float32 with a batch of 2 or more) skips the size check that
    # its other paths make and returns an empty output; pooltools refuses, as they do.
    if 0 in out.shape[-n:]:
        return None
    if g is not None:
        out.backward(wide(g))
        out = xt.grad
    return out.detach().numpy().astype(x.dtype)


@given(conv_case(), st.integers(0, 9))
def test_conv_transpose_matches_torch(case, seed):
    n, x, w, bias, kw = case
    forward = getattr(pooltools, f"conv_transpose{n}d")
    expected = torch_conv_transpose(n, x, w, bias, kw)
    if expected is None:
        with pytest.raises(ValueError, match=f"conv_transpose{n}d: output size would be"):
            forward(x, w, bias, **kw)
        return
    absolute = [None if a is None else np.abs(a).astype(np.float64) for a in (x, w, bias)]
    bound = torch_conv_transpose(n, *absolute, kw)
    terms = w.shape[0] // kw["groups"] * np.prod(w.shape[2:]) + 1
    assert_within_rounding(forward(x, w, bias, **kw), expected, bound, terms)

    g = np.random.default_rng(seed).standard_normal(expected.shape).astype(x.dtype)
    x = np.nan_to_num(x)  # the input gradient does not depend on x
    expected = torch_conv_transpose(n, x, w, bias, kw, g)
    bound = torch_conv_transpose(n, *absolute[:2], None, kw, np.abs(g).astype(np.float64))
    ours = getattr(pooltools, f"conv_transpose{n}d_backward")(g, x, w, **kw)
    assert_within_rounding(ours, expected, bound, w.shape[1] * np.prod(w.shape[2:]))


def test_a_strided_convolution_and_its_transpose_are_each_others_gradient():
    rng = np.random.default_rng(0)
    u, w, v = (rng.standard_normal(shape) for shape in [(2, 4, 3), (4, 3, 3), (2, 3, 8)])
    kw = {"stride": 2, "padding": 1, "dilation": 2}  # conv1d(z, w) maps (2, 3, 8) to (2, 4, 3)
    z = torch.zeros(2, 3, 8, dtype=torch.float64, requires_grad=True)
    F.conv1d(z, t(w), **kw).backward(t(u))
    extra = 8 - pooltools.conv_transpose_output_size(3, 3, **kw)  # the length floor() lost
    assert extra == 1
    up = pooltools.conv_transpose1d(u, w, output_padding=extra, **kw)
    np.testing.assert_allclose(up, z.grad.numpy(), rtol=1e-12, atol=1e-12)
    down = pooltools.conv_transpose1d_backward(v, u, w, output_padding=extra, **kw)
    np.testing.assert_allclose(down, F.conv1d(t(v), t(w), **kw).numpy(), rtol=1e-12, atol=1e-12)


# every (L, k, s, p, d) with L <= 6, k <= 4, s <= 3, p <= 3, d <= 3
SIZES = list(itertools.product(range(1, 7), range(1, 5), range(1, 4), range(4), range(1, 4)))


def test_conv_transpose_output_size_is_torchs():
    checked = refused = 0
    for length, k, s, p, d in SIZES:
        for o in range(max(s, d)):
            args = (length, k, s, p, o, d)
            try:
                x = torch.zeros(1, 1, length, dtype=torch.float64)
                w = torch.zeros(1, 1, k, dtype=torch.float64)
                out = F.conv_transpose1d(x, w, stride=s, padding=p, output_padding=o, dilation=d)
            except RuntimeError:
                with pytest.raises(ValueError, match="must give at least 1"):
                    pooltools.conv_transpose_output_size(*args)
                refused += 1
                continue
            assert pooltools.conv_transpose_output_size(*args) == out.shape[-1], args
            checked += 1
        with pytest.raises(ValueError, match="smaller than either stride or dilation"):
            pooltools.conv_transpose_output_size(length, k, s, p, max(s, d), d)
    assert checked > 1000
    assert refused > 100


def forward_length(m, k, s, p, d):
    """The convolution's (and pooling's) rule, as torch's conv1d applies it; None where
    it gives no output."""
    x, w = torch.zeros(1, 1, m, dtype=torch.float64), torch.zeros(1, 1, k, dtype=torch.float64)
    try:
        return F.conv1d(x, w, None, s, p, d).shape[-1]
    except RuntimeError:
        return None


def test_output_padding_picks_among_the_lengths_the_forward_rule_maps_to_one():
    """Exactly output_padding < stride round-trips: the forward rule gives back
    L + output_padding // stride, and the lengths 0..stride-1 past the shortest are all
    the lengths it maps to L."""
    for length, k, s, p, d in SIZES:
        back = {}
        for o in range(max(s, d)):  # every output_padding torch allows
            try:
                m = pooltools.conv_transpose_output_size(length, k, s, p, o, d)
            except ValueError:
                continue
            back[m] = forward_length(m, k, s, p, d)
            assert back[m] == length + o // s, (length, k, s, p, o, d)
            if p <= k // 2:  # pooling's own rule agrees
                assert pooltools.pool_output_size(m, k, s, p, d) == length + o // s
        shortest = (length - 1) * s - 2 * p + d * (k - 1) + 1
        preimage = {
            m
            for m in range(max(1, shortest - s), shortest + 2 * s)
            if forward_length(m, k, s, p, d) == length
        }
        assert preimage == {m for m, out in back.items() if out == length}
        assert preimage == set(range(max(1, shortest), shortest + s))


@st.composite
def shuffle_case(draw):
    lead = draw(st.lists(st.integers(0, 2), max_size=2))
    r = draw(st.integers(1, 3))
    c, h, w = draw(st.integers(0, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    dtype = draw(st.sampled_from([np.float32, np.float64, np.int64, np.bool_]))
    return draw(arrays(dtype, (*lead, c * r * r, h, w))), r


@given(shuffle_case())
def test_pixel_shuffle_and_unshuffle_match_torch_and_invert_each_other(case):
    x, r = case
    up = pooltools.pixel_shuffle(x, r)
    expected = F.pixel_shuffle(t(x), r).numpy()
    assert up.dtype == expected.dtype
    np.testing.assert_array_equal(up, expected)
    down = pooltools.pixel_unshuffle(up, r)
    if up.size:
        np.testing.assert_array_equal(down, F.pixel_unshuffle(t(up), r).numpy())
    else:  # torch's CPU kernel returns an empty input's own shape; its meta kernel does not
        meta = F.pixel_unshuffle(torch.empty(up.shape, device="meta"), r)
        assert down.shape == tuple(meta.shape)
    np.testing.assert_array_equal(down, x)
    assert not np.shares_memory(up, x)
    assert not np.shares_memory(down, up)


def test_pixel_shuffle_fills_each_block_from_its_channels():
    x = np.arange(2 * 9).reshape(1, 2 * 9, 1, 1)  # one cell, two output channels
    up = pooltools.pixel_shuffle(x, 3)
    np.testing.assert_array_equal(up[0, 1], np.arange(9, 18).reshape(3, 3))
