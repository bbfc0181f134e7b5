"""The spatial arithmetic chapter 4 states, checked mechanically against brute force and torch.

- A window reads only padding exactly when p >= d(k-1) + 1.
- torch and pooltools allow p <= k // 2, whatever the dilation.
- Ceil mode: the ceiling, minus one if the last window would start at or past the end.
- Receptive field, jump and centre recurrences, against autograd.
- TensorFlow's SAME padding, emulated with F.pad, against windows placed by hand.
"""

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import pooltools


def _some_window_reads_only_padding(k, p, d, length):
    """Pad a map of zeros with -inf by hand, max-pool it with stride 1: -inf marks a window
    that read nothing but padding."""
    padded = np.pad(np.zeros((1, 1, length)), ((0, 0), (0, 0), (p, p)), constant_values=-np.inf)
    ours = pooltools.max_pool1d(padded, k, 1, 0, d)
    theirs = F.max_pool1d(torch.from_numpy(padded), k, 1, 0, d).numpy()
    assert np.array_equal(ours, theirs)
    return bool(np.isneginf(ours).any())


@pytest.mark.parametrize("length", [1, 5, 16])
def test_a_window_reads_only_padding_exactly_when_p_reaches_the_span(length):
    for k, p, d in itertools.product(range(1, 6), range(0, 12), range(1, 4)):
        if length < d and p > 0:
            continue  # a dilated window can straddle an input shorter than its gap
        if length + 2 * p < d * (k - 1) + 1:
            continue  # no window fits at all
        expected = p >= d * (k - 1) + 1
        assert _some_window_reads_only_padding(k, p, d, length) == expected, (k, p, d, length)


def test_the_padding_limit_is_half_the_kernel_and_ignores_dilation():
    x = np.zeros((1, 1, 20), dtype=np.float32)
    for k, p, d in itertools.product(range(1, 6), range(0, 5), range(1, 4)):
        allowed = p <= k // 2
        try:
            F.max_pool1d(torch.from_numpy(x), k, 1, p, d)
            torch_ok = True
        except RuntimeError:
            torch_ok = False
        try:
            pooltools.max_pool1d(x, k, 1, p, d)
            ours_ok = True
        except ValueError:
            ours_ok = False
        assert torch_ok == ours_ok == allowed, (k, p, d)
        if allowed:  # the convention is stricter than the geometry: never an all-padding window
            assert p < d * (k - 1) + 1


def _ceil_size(L, k, s, p, d):
    n = -(-(L + 2 * p - d * (k - 1) - 1) // s) + 1
    return n - 1 if (n - 1) * s >= L + p else n


def _ceil_windows_by_hand(L, k, s, p, d):
    """Of the ceiling's windows, at -p, -p + s, ..., keep those that start before the end
    of the input."""
    ceiling = -(-(L + 2 * p - d * (k - 1) - 1) // s) + 1
    return sum(1 for n in range(ceiling) if n * s - p < L)


def test_ceil_mode_keeps_one_more_window_only_if_it_starts_before_the_end():
    for L, k, s, d in itertools.product(range(1, 15), range(1, 5), range(1, 6), range(1, 3)):
        for p in range(k // 2 + 1):
            if L + 2 * p < d * (k - 1) + 1:
                continue
            expected = F.max_pool1d(torch.zeros(1, 1, L), k, s, p, d, ceil_mode=True).shape[-1]
            assert _ceil_size(L, k, s, p, d) == expected, (L, k, s, p, d)
            assert _ceil_windows_by_hand(L, k, s, p, d) == expected, (L, k, s, p, d)
            assert pooltools.pool_output_size(L, k, s, p, d, ceil_mode=True) == expected


def test_ceil_mode_adds_nothing_when_the_stride_exceeds_the_span():
    # pytorch/pytorch#57178: k=1, s=2, L=32 gives 16 in both modes, not 17
    assert pooltools.pool_output_size(32, 1, 2, ceil_mode=True) == 16
    assert pooltools.pool_output_size(32, 1, 2) == 16
    # with s <= span and a remainder, ceil mode always adds the partial window (no padding)
    for L, k, s in itertools.product(range(1, 20), range(1, 5), range(1, 5)):
        if k > L or s > k or (L - k) % s == 0:
            continue
        ceil = pooltools.pool_output_size(L, k, s, ceil_mode=True)
        assert ceil == pooltools.pool_output_size(L, k, s) + 1, (L, k, s)


def _recurrences(layers):
    r, j, c = 1, 1, 0.0
    for k, s, p in layers:
        r, j, c = r + (k - 1) * j, j * s, c + ((k - 1) / 2 - p) * j
    return r, j, c


def _fields_by_hand(layers, size):
    """Place every window of every layer: the input pixels each unit of the last layer
    reads (an interval), and whether some window on its path reached into padding."""
    fields = [(u, u, False) for u in range(size)]
    for k, s, p in layers:
        n = pooltools.pool_output_size(len(fields), k, s, p)
        new = []
        for i in range(n):
            units = [i * s - p + m for m in range(k)]
            real = [fields[u] for u in units if 0 <= u < len(fields)]
            clipped = len(real) < k or any(f[2] for f in real)
            new.append((min(f[0] for f in real), max(f[1] for f in real), clipped))
        fields = new
    return fields


@pytest.mark.parametrize("seed", range(8))
def test_receptive_field_jump_and_centre_match_autograd(seed):
    rng = np.random.default_rng(seed)
    layers, modules = [], []
    for _ in range(rng.integers(2, 5)):
        k = int(rng.integers(1, 5))
        s = int(rng.integers(1, 3))
        p = int(rng.integers(0, k // 2 + 1))
        layers.append((k, s, p))
        if rng.random() < 0.5:
            conv = torch.nn.Conv2d(1, 1, k, s, p, bias=False)
            torch.nn.init.ones_(conv.weight)
            modules.append(conv)
        else:
            modules.append(torch.nn.AvgPool2d(k, s, p))
    r, j, c = _recurrences(layers)
    net = torch.nn.Sequential(*modules).double()
    size = 48
    by_hand = _fields_by_hand(layers, size)
    unclipped = 0
    for i, (low, high, clipped) in enumerate(by_hand):
        image = torch.zeros(1, 1, size, size, dtype=torch.double, requires_grad=True)
        net(image)[0, 0, i, i].backward()
        seen = torch.nonzero(image.grad[0, 0].sum(dim=1)).flatten()
        assert (int(seen.min()), int(seen.max())) == (low, high), (layers, i)
        if not clipped:  # away from the borders the recurrences are exact
            centre = c + i * j
            assert (low, high) == (centre - (r - 1) / 2, centre + (r - 1) / 2), (layers, i)
            unclipped += 1
    assert unclipped > 0, layers


def _tf_same(L, k, s):
    total = max((-(-L // s) - 1) * s + k - L, 0)
    return total // 2, total - total // 2


def test_tensorflow_same_padding_emulated_with_f_pad():
    rng = np.random.default_rng(0)
    for L, k, s in itertools.product(range(1, 13), range(1, 5), range(1, 4)):
        left, right = _tf_same(L, k, s)
        x = torch.from_numpy(rng.standard_normal((1, 1, L)))
        ours = F.max_pool1d(F.pad(x, (left, right), value=-float("inf")), k, s)
        n = -(-L // s)
        assert ours.shape[-1] == n, (L, k, s)
        by_hand = [x[0, 0, max(0, i * s - left) : i * s - left + k].max() for i in range(n)]
        assert torch.equal(ours[0, 0], torch.stack(by_hand)), (L, k, s)


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
def test_pytorch_same_padding_is_for_stride_one_convolutions_only():
    with pytest.raises(ValueError, match="strided"):
        torch.nn.Conv2d(1, 1, 3, stride=2, padding="same")
    conv = torch.nn.Conv2d(1, 1, 4, padding="same")
    assert conv(torch.zeros(1, 1, 9, 9)).shape[-1] == 9
    assert conv._reversed_padding_repeated_twice == [1, 2, 1, 2]  # the extra cell on the right
    with pytest.raises(TypeError):
        F.max_pool2d(torch.zeros(1, 1, 5, 5), 3, 1, "same")
