"""Shared helpers for comparing pooltools with torch."""

import numpy as np
import torch

TOL = {np.float16: 2e-3, np.float32: 2e-6, np.float64: 1e-12}


def tol(dtype):
    return TOL.get(np.dtype(dtype).type, 0)


def t(x):
    """A torch tensor with the same values and dtype (sharing nothing)."""
    return torch.from_numpy(np.array(x, copy=True))


def assert_same(ours, theirs, dtype=None):
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
    r = tol(dtype or ours.dtype)
    if ours.dtype.kind in "iu":
        np.testing.assert_array_equal(ours, theirs)
    else:
        np.testing.assert_allclose(
            ours.astype(np.float64), theirs.astype(np.float64), rtol=r, atol=r, equal_nan=True
        )


def torch_grad(fn, x, g, dtype=None):
    """The gradient torch's autograd gives for ``sum(fn(x) * g)``."""
    xt = t(x).requires_grad_(True)
    out = fn(xt)
    out = out[0] if isinstance(out, tuple) else out
    out.backward(t(g))
    return xt.grad
