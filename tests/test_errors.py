"""Bad input: a ValueError or TypeError that names the function, the parameter and the rule."""

import contextlib

import numpy as np
import pytest

import pooltools

X = np.zeros((1, 2, 6, 6), dtype=np.float32)
W = np.zeros((2, 3, 3, 3), dtype=np.float32)  # a transposed convolution's: 2 channels to 3

CASES = [
    # (call, exception, words the message must contain)
    (
        lambda: pooltools.max_pool2d(X, 3, padding=2),
        ValueError,
        ["max_pool2d", "padding=2", "3 // 2 = 1"],
    ),
    (lambda: pooltools.max_pool2d(X, 0), ValueError, ["kernel_size=0", "positive"]),
    (lambda: pooltools.max_pool2d(X, 2, stride=0), ValueError, ["stride=0", "positive"]),
    (lambda: pooltools.max_pool2d(X, 2, dilation=0), ValueError, ["dilation=0", "positive"]),
    (lambda: pooltools.max_pool2d(X, 2, padding=-1), ValueError, ["padding=-1", "at least 0"]),
    (
        lambda: pooltools.max_pool2d(X, (2, 2, 2)),
        TypeError,
        ["kernel_size=(2, 2, 2)", "tuple of 2 ints"],
    ),
    (lambda: pooltools.max_pool2d(X, 2.5), TypeError, ["kernel_size=2.5"]),
    (lambda: pooltools.max_pool2d(X, True), TypeError, ["kernel_size=True"]),
    (lambda: pooltools.max_pool2d(X, (2, "a")), TypeError, ["only ints"]),
    (lambda: pooltools.max_pool2d(X, 7), ValueError, ["output size would be (0, 0)", "floor("]),
    (lambda: pooltools.max_pool2d(X, 2, ceil_mode="yes"), TypeError, ["ceil_mode='yes'"]),
    (
        lambda: pooltools.max_pool2d(np.zeros((6, 6)), 2),
        ValueError,
        ["3-D (C, H, W) or 4-D", "2-D"],
    ),
    (lambda: pooltools.max_pool2d(np.zeros((1, 0, 6, 6)), 2), ValueError, ["empty channel"]),
    (
        lambda: pooltools.max_pool2d(np.zeros((1, 1, 6, 6), dtype=complex), 2),
        TypeError,
        ["complex128"],
    ),
    (lambda: pooltools.max_pool2d(np.zeros((1, 1, 6, 6), dtype=bool), 2), TypeError, ["bool"]),
    (lambda: pooltools.max_pool2d([["a", "b"]], 2), TypeError, ["dtype <U1"]),
    (lambda: pooltools.max_pool2d([[[1, 2], [3]]], 2), TypeError, ["could not be turned"]),
    (
        lambda: pooltools.avg_pool2d(np.zeros((1, 1, 4, 4), dtype=np.int64), 2),
        TypeError,
        ["avg_pool2d", "int64", "floating-point"],
    ),
    (
        lambda: pooltools.avg_pool2d(X, 2, divisor_override=0),
        ValueError,
        ["divisor_override=0", "non-zero"],
    ),
    (
        lambda: pooltools.avg_pool3d(np.zeros((1, 1, 1, 4, 4)), 2, padding=1),
        ValueError,
        ["avg_pool3d", "smaller than kernel_size"],
    ),
    (lambda: pooltools.lp_pool2d(X, 0, 2), ValueError, ["norm_type=0", "non-zero"]),
    (lambda: pooltools.lp_pool2d(X, "2", 2), TypeError, ["norm_type='2'"]),
    (lambda: pooltools.adaptive_avg_pool2d(X, 0), ValueError, ["output_size=0", "positive"]),
    (lambda: pooltools.adaptive_avg_pool2d(X, (2, 3, 4)), TypeError, ["output_size=(2, 3, 4)"]),
    (
        lambda: pooltools.adaptive_max_pool2d(X.astype(np.int32), 2),
        TypeError,
        ["adaptive_max_pool2d", "int32"],
    ),
    (
        lambda: pooltools.max_pool2d_backward(np.zeros((1, 2, 2, 2)), X, 2),
        ValueError,
        ["grad_output has shape (1, 2, 2, 2)", "(1, 2, 3, 3)"],
    ),
    (
        lambda: pooltools.avg_pool2d_backward(np.zeros((2, 3)), X, 2),
        ValueError,
        ["avg_pool2d_backward", "grad_output"],
    ),
    (
        lambda: pooltools.max_unpool2d(np.ones((1, 1, 2, 2)), np.array([[[[0, 1], [2, 99]]]]), 2),
        ValueError,
        ["indices contains 99", "0..15"],
    ),
    (
        lambda: pooltools.max_unpool2d(np.ones((1, 1, 2, 2)), np.zeros((1, 1, 2, 2)), 2),
        TypeError,
        ["indices", "float64"],
    ),
    (
        lambda: pooltools.max_unpool2d(np.ones((1, 1, 2, 2)), np.zeros((1, 1, 2, 3), dtype=int), 2),
        ValueError,
        ["shape"],
    ),
    (
        lambda: pooltools.max_unpool2d(
            np.ones((1, 1, 2, 2)), np.zeros((1, 1, 2, 2), dtype=int), 2, output_size=(6, 5)
        ),
        ValueError,
        ["output_size=(6, 5)", "between 2 and 6"],
    ),
    (
        lambda: pooltools.global_avg_pool(np.zeros((2, 3))),
        ValueError,
        ["global_avg_pool", "at least one spatial"],
    ),
    (lambda: pooltools.pool_output_size(0, 2), ValueError, ["pool_output_size", "input_size=0"]),
    (lambda: pooltools.pool_output_size(5, 2, padding=(1, 1)), TypeError, ["padding=(1, 1)"]),
    (lambda: pooltools.adaptive_bins(4, 0), ValueError, ["adaptive_bins", "output_size=0"]),
    (
        lambda: pooltools.conv_transpose2d(X, W, stride=2, output_padding=2),
        ValueError,
        ["conv_transpose2d", "output_padding=2", "smaller than either stride or dilation"],
    ),
    (
        lambda: pooltools.conv_transpose1d(X[0, :, 0], W[..., 0], output_padding=1),
        ValueError,
        ["conv_transpose1d", "output_padding=1", "output_padding < max(stride, dilation)"],
    ),
    (
        lambda: pooltools.conv_transpose2d(X, W, padding=-1),
        ValueError,
        ["conv_transpose2d", "padding=-1", "at least 0"],
    ),
    (
        lambda: pooltools.conv_transpose2d(X, W, padding=5),
        ValueError,
        ["conv_transpose2d", "output size would be (-2, -2)", "must give at least 1"],
    ),
    (
        lambda: pooltools.conv_transpose2d(X, W.astype(np.float64)),
        TypeError,
        ["conv_transpose2d", "weight has dtype float64", "float32"],
    ),
    (
        lambda: pooltools.conv_transpose2d(X, W[:1]),
        ValueError,
        ["conv_transpose2d", "weight has shape (1, 3, 3, 3)", "channel count C_in"],
    ),
    (
        lambda: pooltools.conv_transpose2d(X, W, groups=3),
        ValueError,
        ["conv_transpose2d", "groups=3", "divisor of the input's channel count C_in = 2"],
    ),
    (
        lambda: pooltools.conv_transpose2d(X, W, bias=np.zeros(2, np.float32)),
        ValueError,
        ["conv_transpose2d", "bias has shape (2,)", "expected (3,)"],
    ),
    (
        lambda: pooltools.conv_transpose2d_backward(np.zeros((1, 3, 6, 6)), X, W),
        ValueError,
        ["conv_transpose2d_backward", "grad_output has shape", "(1, 3, 8, 8)"],
    ),
    (
        lambda: pooltools.conv_transpose_output_size(5, 2.5),
        TypeError,
        ["conv_transpose_output_size", "kernel_size=2.5", "int"],
    ),
    (
        lambda: pooltools.conv_transpose_output_size(1, 2, padding=1),
        ValueError,
        ["conv_transpose_output_size", "output size would be (0,)", "at least 1"],
    ),
    (
        lambda: pooltools.pixel_shuffle(np.zeros((1, 6, 2, 2)), 2),
        ValueError,
        ["pixel_shuffle", "6 channels", "upscale_factor**2 = 4", "C_out * upscale_factor**2"],
    ),
    (
        lambda: pooltools.pixel_shuffle(np.zeros((1, 4, 2, 2)), 0),
        ValueError,
        ["pixel_shuffle", "upscale_factor=0", "positive"],
    ),
    (
        lambda: pooltools.pixel_unshuffle(np.zeros((1, 1, 3, 4)), 2),
        ValueError,
        ["pixel_unshuffle", "height 3", "downscale_factor=2", "multiples"],
    ),
    (
        lambda: pooltools.pixel_unshuffle(np.zeros((4, 4)), 2),
        ValueError,
        ["pixel_unshuffle", "at least 3-D", "2-D"],
    ),
]


@pytest.mark.parametrize(("call", "exc", "words"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_bad_input_names_the_parameter_and_the_rule(call, exc, words):
    with pytest.raises(exc) as info:
        call()
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_errors_are_only_value_or_type_errors_for_random_junk():
    junk = [None, "x", 1.5, -3, (1, 2, 3, 4), [], object(), (None,), 10**9]
    for value in junk:
        for kw in ("kernel_size", "stride", "padding", "dilation"):
            args = {"kernel_size": 2, kw: value}
            with contextlib.suppress(ValueError, TypeError):
                pooltools.max_pool2d(X, **args)
