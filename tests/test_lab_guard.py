"""The lab's checks fail a function that borrows a library's pooling, and only that.

A learner's function runs under a profile hook that records each library routine it
calls (``implementation_check._run``): one that pools or makes the windows fails the
check with a report that names it, however it was reached. Loops that call only
``pooltools.pool_output_size`` pass every rule, and the hook is gone afterwards.
"""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from numpy.lib.stride_tricks import as_strided, sliding_window_view

import pooltools
import pooltools.naive
from booksite import ROOT
from pooltools import max_pool2d as aliased
from pooltools.exercises import check_implementation
from pooltools.exercises.implementation_check import OP_RULES


def lab_solutions() -> dict:
    """The four functions of the instructor's lab, as a learner would write them."""
    source = (ROOT / "chapters" / "lab_build_pooling.md").read_text()
    cells = re.findall(r":tags: \[remove-input, lab-solution\]\n\n(.*?)```", source, re.S)
    namespace = {"np": np, "pooltools": pooltools}
    for cell in cells:
        exec(cell, namespace)
    return {op: namespace[op] for op in OP_RULES}


def t(x):
    return torch.from_numpy(x)[None]


# One-line answers that borrow the pooling, for max_pool2d(x, k, s, p, ceil_mode), and
# what the report says each called.
BORROWED = {
    "pooltools": ("max_pool2d from pooltools",
                  lambda x, k, s, p, c: pooltools.max_pool2d(x[None], k, s, p, ceil_mode=c)[0]),
    "an alias": ("max_pool2d from pooltools",
                 lambda x, k, s, p, c: aliased(x[None], k, s, p, ceil_mode=c)[0]),
    "pooltools.naive": ("max_pool2d from pooltools.naive",
                        lambda x, k, s, p, c: pooltools.naive.max_pool2d(x, k, s, p, 1, c)[0]),
    "pool_windows": ("pool_windows from pooltools",
                     lambda x, k, s, p, c: pooltools.pool_windows(x.shape, k, s, p) and x),
    "F.max_pool2d": ("max_pool2d from torch",
                     lambda x, k, s, p, c: F.max_pool2d(t(x), k, s, p, ceil_mode=c)[0].numpy()),
    "nn.MaxPool2d": ("MaxPool2d from torch",
                     lambda x, k, s, p, c: torch.nn.MaxPool2d(k, s, p)(t(x))[0].numpy()),
    "Tensor.unfold": ("Tensor.unfold from torch",
                      lambda x, k, s, p, c: t(x).unfold(1, k, s or k).amax((0, -1)).numpy()),
    "F.unfold": ("unfold from torch", lambda x, k, s, p, c: F.unfold(t(x)[None], k).numpy()),
    "sliding_window_view": ("sliding_window_view from numpy",
                            lambda x, k, s, p, c: sliding_window_view(x, (k, k)).max((-2, -1))),
    "as_strided": ("as_strided from numpy", lambda x, k, s, p, c: as_strided(x, (1, 1))),
}  # fmt: skip


@pytest.mark.parametrize("how", BORROWED)
def test_a_function_that_borrows_the_pooling_fails_and_the_report_says_what_it_called(how):
    def fn(x, kernel_size, stride=None, padding=0, ceil_mode=False):
        return BORROWED[how][1](x, kernel_size, stride, padding, ceil_mode)

    for rule in (None, *OP_RULES["max_pool2d"]):
        report = check_implementation(fn, "max_pool2d", rule=rule)
        assert not report
        assert f"it called {BORROWED[how][0]}," in report.message, report.message
        assert "your own loops" in report.message
        assert "smallest case" not in report.message  # one line, no case to read


def test_the_lab_solutions_pass_every_rule_and_the_tie_bug_fails_only_ties():
    solutions = lab_solutions()
    for op, rules in OP_RULES.items():
        for rule in rules:
            report = check_implementation(solutions[op], op, rule=rule)
            assert report, report.message
    source = (ROOT / "chapters" / "lab_build_pooling.md").read_text()
    namespace = {"np": np, "pooltools": pooltools}
    cell = re.search(r"(def max_pool2d_backward\(.*?)```", source, re.S)[1]
    exec(cell.replace("x[r, c] > best", "x[r, c] >= best"), namespace)
    failed = [r for r in OP_RULES["max_pool2d_backward"]
              if not check_implementation(namespace["max_pool2d_backward"],
                                          "max_pool2d_backward", rule=r)]  # fmt: skip
    assert failed == ["ties"]


def test_each_op_catches_its_own_library_call():
    def avg(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
        return F.avg_pool2d(t(x), kernel_size, stride, padding, ceil_mode, count_include_pad)[
            0
        ].numpy()  # a function written in C: torch._C._nn.avg_pool2d

    def max_backward(grad_output, x, kernel_size, stride=None, padding=0, ceil_mode=False):
        return pooltools.max_pool2d_backward(
            grad_output[None], x[None], kernel_size, stride, padding, ceil_mode=ceil_mode
        )[0]

    report = check_implementation(avg, "avg_pool2d", rule="count_include_pad")
    assert "it called avg_pool2d from torch" in report.message
    report = check_implementation(max_backward, "max_pool2d_backward", rule="ties")
    assert "it called max_pool2d_backward from pooltools" in report.message


def test_scipy_and_scikit_image_filters_count_too():
    ndimage = pytest.importorskip("scipy.ndimage")

    def filtered(x, kernel_size, stride=None, padding=0, ceil_mode=False):
        return ndimage.maximum_filter(x, kernel_size)[::kernel_size, ::kernel_size]

    assert "maximum_filter from scipy" in check_implementation(filtered, "max_pool2d").message


def test_a_library_call_that_raises_is_still_reported_as_borrowed():
    def fn(x, kernel_size, stride=None, padding=0, ceil_mode=False):
        return pooltools.max_pool2d(x[None], kernel_size, dilation=0)[0]  # raises ValueError

    assert "it called max_pool2d from pooltools" in check_implementation(fn, "max_pool2d").message


def test_allow_lets_the_optional_vectorised_part_use_sliding_window_view():
    def vectorised(x, kernel_size, stride=None, padding=0, ceil_mode=False):
        k, s, p = kernel_size, stride or kernel_size, padding
        Ho, Wo = (pooltools.pool_output_size(L, k, s, p, ceil_mode=ceil_mode) for L in x.shape)
        extra = [(p, max(0, (n - 1) * s + k - L - p)) for n, L in zip((Ho, Wo), x.shape)]
        padded = np.pad(x, extra, constant_values=-np.inf)
        return sliding_window_view(padded, (k, k))[::s, ::s][:Ho, :Wo].max(axis=(-2, -1))

    assert not check_implementation(vectorised, "max_pool2d")
    report = check_implementation(vectorised, "max_pool2d", allow=["sliding_window_view"])
    assert report, report.message
    with pytest.raises(TypeError, match=r"check_implementation: allow='sliding_window_view'"):
        check_implementation(vectorised, "max_pool2d", allow="sliding_window_view")


def test_the_hook_is_restored_and_the_checker_still_uses_pooltools():
    def profile(frame, event, arg):
        return None

    def fn(x, kernel_size, stride=None, padding=0, ceil_mode=False):
        raise RuntimeError("a learner's bug")

    sys.setprofile(profile)
    try:
        report = check_implementation(fn, "max_pool2d", examples=5)
        assert sys.getprofile() is profile
    finally:
        sys.setprofile(None)
    assert "it raised RuntimeError" in report.message
    assert "pooltools gives: [[" in report.message  # the expected value, from pooltools
