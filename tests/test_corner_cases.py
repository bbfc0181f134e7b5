"""Named corner cases, after the ones PyTorch's own pooling tests pin down."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import pooltools
from helpers import assert_same, t


@pytest.mark.parametrize("n", [1, 2, 3])
def test_nan_propagates_through_max_pool(n):
    x = np.full((1, 1) + (4,) * n, 1.0, dtype=np.float32)
    x[(0, 0) + (1,) * n] = np.nan
    ours = getattr(pooltools, f"max_pool{n}d")(x, 2)
    assert np.isnan(ours[(0, 0) + (0,) * n])
    assert_same(ours, getattr(F, f"max_pool{n}d")(t(x), 2))


def test_window_of_minus_inf_points_at_its_first_real_cell():
    x = np.full((1, 1, 3, 3), -np.inf, dtype=np.float32)
    values, indices = pooltools.max_pool2d(x, 3, stride=1, padding=1, return_indices=True)
    tv, ti = F.max_pool2d(t(x), 3, stride=1, padding=1, return_indices=True)
    assert_same(values, tv)
    np.testing.assert_array_equal(indices, ti.numpy())
    assert indices[0, 0, 1, 1] == 0


def test_window_of_padding_only_is_minus_inf_with_torchs_index():
    x = np.zeros((1, 1, 3), dtype=np.float32)
    values, indices = pooltools.max_pool1d(
        x, 2, stride=1, padding=1, dilation=4, return_indices=True
    )
    _, ti = F.max_pool1d(t(x), 2, stride=1, padding=1, dilation=4, return_indices=True)
    assert values.tolist() == [[[-np.inf]]]
    np.testing.assert_array_equal(indices, ti.numpy())
    assert pooltools.max_pool1d_backward(np.ones((1, 1, 1)), x, 2, 1, 1, 4).sum() == 0


def test_ties_go_to_the_first_cell_in_scan_order():
    x = np.ones((1, 1, 2, 2))
    _, indices = pooltools.max_pool2d(x, 2, return_indices=True)
    assert indices.item() == 0
    grad = pooltools.max_pool2d_backward(np.ones((1, 1, 1, 1)), x, 2)
    assert grad.tolist() == [[[[1.0, 0.0], [0.0, 0.0]]]]


def test_ceil_mode_drops_a_window_that_starts_in_the_right_padding():
    # L=5, k=2, s=2, p=1: ceil gives 4 windows, but the 4th would start at 6 = L + p.
    assert pooltools.pool_output_size(5, 2, 2, 1, ceil_mode=True) == 3
    x = np.arange(5, dtype=np.float32).reshape(1, 1, 5)
    assert_same(
        pooltools.avg_pool1d(x, 2, 2, 1, ceil_mode=True),
        F.avg_pool1d(t(x), 2, 2, 1, ceil_mode=True),
    )


def test_count_include_pad_ignores_ceil_mode_overhang():
    x = np.arange(25, dtype=np.float32).reshape(1, 1, 5, 5)
    for include in (True, False):
        ours = pooltools.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=include)
        assert_same(ours, F.avg_pool2d(t(x), 3, 2, 1, ceil_mode=True, count_include_pad=include))
    # the bottom-right window reads rows 3..5 and columns 3..5; 5 is the padding row
    assert pooltools.avg_pool2d(x, 3, 2, 1, ceil_mode=True)[0, 0, 2, 2] == pytest.approx(
        (18 + 19 + 23 + 24) / 9
    )


def test_float16_average_accumulates_in_float32():
    x = np.full((1, 1, 4, 4), 60000.0, dtype=np.float16)  # a float16 sum would overflow
    out = pooltools.avg_pool2d(x, 4)
    assert out.dtype == np.float16
    assert out.item() == 60000.0
    assert_same(out, F.avg_pool2d(t(x), 4))


def test_integer_max_pool_keeps_dtype_and_pads_with_the_smallest_value():
    x = np.full((1, 3, 3), -128, dtype=np.int8)
    values, indices = pooltools.max_pool2d(x, 3, stride=1, padding=1, return_indices=True)
    tv, ti = F.max_pool2d(t(x), 3, stride=1, padding=1, return_indices=True)
    assert values.dtype == np.int8
    assert_same(values, tv)
    np.testing.assert_array_equal(indices, ti.numpy())


def test_zero_batch_and_unbatched_inputs():
    assert pooltools.max_pool2d(np.zeros((0, 3, 4, 4)), 2).shape == (0, 3, 2, 2)
    assert pooltools.avg_pool2d_backward(
        np.zeros((0, 3, 2, 2)), np.zeros((0, 3, 4, 4)), 2
    ).shape == (0, 3, 4, 4)
    assert pooltools.adaptive_max_pool2d(np.zeros((3, 5, 5)), 2).shape == (3, 2, 2)
    assert pooltools.max_pool1d_backward(np.ones((2, 2)), np.zeros((2, 4)), 2).shape == (2, 4)


def test_adaptive_output_larger_than_input_repeats_cells():
    x = np.arange(5.0).reshape(1, 1, 5)
    assert pooltools.adaptive_max_pool1d(x, 8).tolist() == [[[0, 1, 1, 2, 3, 3, 4, 4]]]
    assert pooltools.adaptive_bins(5, 8)[:3] == [(0, 1), (0, 2), (1, 2)]


def test_overlapping_max_pool_gradients_add_up():
    x = np.array([[[0.0, 0.0, 5.0, 0.0, 0.0]]])
    grad = pooltools.max_pool1d_backward(np.ones((1, 1, 2)), x, 3, stride=2)
    assert grad.tolist() == [[[0.0, 0.0, 2.0, 0.0, 0.0]]]
    xt = t(x).requires_grad_(True)
    F.max_pool1d(xt, 3, stride=2).sum().backward()
    assert_same(grad, xt.grad)


def test_max_unpool_inverts_max_pool_where_it_can():
    x = np.random.default_rng(0).uniform(1, 2, (2, 3, 8, 8))  # positive: zeros never win
    pooled, indices = pooltools.max_pool2d(x, 2, return_indices=True)
    restored = pooltools.max_unpool2d(pooled, indices, 2)
    assert restored.shape == x.shape
    assert np.array_equal(pooltools.max_pool2d(restored, 2), pooled)
    expected = F.max_unpool2d(t(pooled), torch.from_numpy(indices), 2)
    assert_same(restored, expected)


def test_pooltools_never_imports_torch():
    import subprocess
    import sys

    code = "import sys, pooltools, pooltools.naive; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
