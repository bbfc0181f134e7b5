"""The gradients chapter 6 derives, checked against torch's autograd, plus the corner case
the chapter only summarises (a max-pooling window that reads no input)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import pooltools


def autograd(pool, x, upstream, **kwargs):
    xt = torch.tensor(x, requires_grad=True)
    pool(xt, **kwargs).backward(torch.tensor(upstream))
    return xt.grad.numpy()


@pytest.mark.parametrize("p", [1, 1.5, 2, 3, 8, 32])
def test_lp_gradient_is_x_over_y_to_the_p_minus_1(p):
    x = np.random.default_rng(0).uniform(0.5, 2.0, size=(2, 3, 6, 6))
    y = pooltools.lp_pool2d(x, p, 2)
    formula = (x / np.kron(y, np.ones((2, 2)))) ** (p - 1)  # each cell against its window
    ones = np.ones_like(y)
    np.testing.assert_allclose(pooltools.lp_pool2d_backward(ones, x, p, 2), formula, rtol=1e-10)
    np.testing.assert_allclose(
        autograd(F.lp_pool2d, x, ones, norm_type=p, kernel_size=2), formula, rtol=1e-10
    )


def test_lp_gradient_tends_to_max_pooling_gradient():
    x = np.random.default_rng(1).uniform(0.5, 2.0, size=(1, 1, 4, 4))
    ones = np.ones((1, 1, 2, 2))
    lp = pooltools.lp_pool2d_backward(ones, x, 200, 2)
    np.testing.assert_allclose(lp, pooltools.max_pool2d_backward(ones, x, 2), atol=1e-6)


def test_lp_of_a_negative_sum_is_nan_in_both():
    x = np.array([[[-2.0, -6.0, 1.0, 3.0]]])
    assert np.isnan(pooltools.lp_pool1d(x, 3, 2)[0, 0, 0])
    assert torch.isnan(F.lp_pool1d(torch.from_numpy(x), 3, 2)[0, 0, 0])


@pytest.mark.parametrize(("length", "out"), [(5, 3), (7, 3), (10, 4), (3, 5), (13, 6)])
def test_adaptive_gradients_add_over_overlapping_bins(length, out):
    rng = np.random.default_rng(length * 31 + out)
    x = rng.permutation(length).astype(float).reshape(1, 1, length)  # no ties
    g = rng.standard_normal((1, 1, out))
    by_hand = np.zeros(length)
    for gi, (a, b) in zip(g.ravel(), pooltools.adaptive_bins(length, out)):
        by_hand[a:b] += gi / (b - a)
    ours = pooltools.adaptive_avg_pool1d_backward(g, x, out)
    np.testing.assert_allclose(ours[0, 0], by_hand, rtol=1e-12)
    np.testing.assert_allclose(autograd(F.adaptive_avg_pool1d, x, g, output_size=out), ours)
    ours_max = pooltools.adaptive_max_pool1d_backward(g, x, out)
    theirs_max = autograd(F.adaptive_max_pool1d, x, g, output_size=out)
    np.testing.assert_array_equal(ours_max, theirs_max)


def test_global_max_tie_first_maximum_against_amax_even_split():
    plane = np.array([[[[1.0, 7.0, 2.0], [7.0, 0.0, 7.0]]]])
    g = np.array([[6.0]])
    first = pooltools.global_max_pool_backward(g, plane)
    assert first[0, 0, 0, 1] == 6.0
    assert first.sum() == 6.0
    np.testing.assert_array_equal(
        first, autograd(F.adaptive_max_pool2d, plane, g[..., None, None], output_size=1)
    )
    xt = torch.tensor(plane, requires_grad=True)
    xt.amax(dim=(2, 3)).backward(torch.tensor(g))
    np.testing.assert_allclose(xt.grad.numpy(), np.where(plane == 7, 2.0, 0.0))


def test_global_avg_gradient_is_even():
    x = np.random.default_rng(2).standard_normal((2, 3, 4, 5))
    g = np.random.default_rng(3).standard_normal((2, 3))
    expected = np.broadcast_to(g[..., None, None] / 20, x.shape)
    np.testing.assert_allclose(pooltools.global_avg_pool_backward(g, x), expected)


def test_nan_wins_and_takes_the_gradient():
    x = np.array([[[[1.0, np.nan], [3.0, 2.0]]]])
    one = np.ones((1, 1, 1, 1))
    ours = pooltools.max_pool2d_backward(one, x, 2)
    np.testing.assert_array_equal(ours, autograd(F.max_pool2d, x, one, kernel_size=2))
    assert ours[0, 0, 0, 1] == 1.0


def test_conv_below_max_pool_every_weight_learns():
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(3, 8, 3, padding=1)
    response = conv(torch.randn(1, 3, 16, 16))
    response.retain_grad()
    F.max_pool2d(response, 2).sum().backward()
    assert float((response.grad != 0).float().mean()) == 0.25
    assert bool((conv.weight.grad != 0).all())


# A window that reads no input cell: the output is a constant, so the true gradient is
# zero (pooltools). PyTorch keeps the window's starting index and routes the gradient
# there (pytorch/pytorch#114216 calls such settings invalid input).
INSIDE = dict(kernel_size=(2, 3), padding=(0, 1), dilation=(1, 2), ceil_mode=True)
ACROSS = dict(kernel_size=(3, 4), padding=(1, 0), dilation=(2, 1), ceil_mode=True)


def test_window_reading_no_input_has_zero_gradient_in_pooltools():
    x = np.array([[[[1.0], [2.0]]]])
    (window,) = pooltools.pool_windows((2, 1), **INSIDE)
    assert "input" not in window.kinds
    upstream = np.full((1, 1, 1, 1), 7.0)
    assert not pooltools.max_pool2d_backward(upstream, x, **INSIDE).any()
    theirs = autograd(F.max_pool2d, x, upstream, **INSIDE)
    if theirs.any():  # torch's known behaviour: the gradient lands on cell (1, 0)
        assert theirs[0, 0, 1, 0] == 7.0


def test_window_reading_no_input_torch_index_points_past_the_plane():
    x = np.array([1.0, 2.0]).reshape(2, 1, 1, 1)
    (window,) = pooltools.pool_windows((1, 1), **ACROSS)
    assert "input" not in window.kinds
    values, idx = pooltools.max_pool2d(x, return_indices=True, **ACROSS)
    t_values, t_idx = F.max_pool2d(torch.from_numpy(x), return_indices=True, **ACROSS)
    np.testing.assert_array_equal(values, t_values.numpy())
    np.testing.assert_array_equal(idx, t_idx.numpy())  # pooltools mirrors torch's index
    assert not pooltools.max_pool2d_backward(np.ones((2, 1, 1, 1)), x, **ACROSS).any()
    # torch's backward with sample 1's index masked (it would write past the tensor):
    safe = t_idx.clone()
    safe[-1] = -1
    g = torch.tensor([3.0, 5.0], dtype=torch.float64).reshape(2, 1, 1, 1)
    theirs = torch.ops.aten.max_pool2d_with_indices_backward(
        g, torch.from_numpy(x), [3, 4], [3, 4], [1, 0], [2, 1], True, safe
    )
    if int(t_idx[0].item()) == 1:  # the index points one past sample 0's only cell
        assert theirs[1].item() == 3.0  # sample 0's gradient lands on sample 1
