"""Finite differences agree with the analytic average and power-average gradients."""

import numpy as np
import pytest

import pooltools


def numeric_gradient(f, x, g, eps=1e-6):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = eps
        grad[i] = ((f(x + step) - f(x - step)) * g).sum() / (2 * eps)
    return grad


CASES = [
    ("avg_pool1d", (), {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}, (2, 2, 9)),
    (
        "avg_pool2d",
        (),
        {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": False},
        (1, 2, 7, 6),
    ),
    ("avg_pool2d", (), {"kernel_size": 2, "divisor_override": 3}, (1, 1, 5, 5)),
    ("avg_pool3d", (), {"kernel_size": 2, "stride": 1}, (1, 1, 3, 4, 3)),
    ("lp_pool1d", (2,), {"kernel_size": 3, "stride": 2}, (1, 2, 9)),
    ("lp_pool2d", (3,), {"kernel_size": 2, "ceil_mode": True}, (1, 1, 5, 5)),
    ("lp_pool3d", (1.5,), {"kernel_size": 2}, (1, 1, 4, 4, 4)),
    ("adaptive_avg_pool2d", ((3, 5),), {}, (1, 2, 7, 4)),
    ("adaptive_avg_pool3d", ((2, 3, 2),), {}, (1, 1, 3, 5, 4)),
]


@pytest.mark.parametrize(("name", "args", "kw", "shape"), CASES)
def test_gradient_matches_finite_differences(name, args, kw, shape):
    rng = np.random.default_rng(0)
    x = rng.uniform(0.5, 2.0, size=shape)  # positive: x**p and its root are smooth
    forward = getattr(pooltools, name)
    f = lambda z: forward(z, *args, **kw)  # noqa: E731
    g = rng.standard_normal(f(x).shape)
    analytic = getattr(pooltools, name + "_backward")(g, x, *args, **kw)
    np.testing.assert_allclose(analytic, numeric_gradient(f, x, g), rtol=1e-6, atol=1e-8)
