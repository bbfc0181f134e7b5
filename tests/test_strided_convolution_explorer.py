"""Chapter 7's downsampling explorer: argument checks, and kernels that mean what they say."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import pooltools
from pooltools.explore import DOWNSAMPLE_KERNELS, downsample_explorer, vertical_edges


def strided_conv(x, kernel):
    """A 3x3 convolution with stride 2 and padding 1, by torch, in float64."""
    w = torch.from_numpy(np.asarray(kernel, dtype=np.float64))[None, None]
    return F.conv2d(torch.from_numpy(x)[None, None], w, stride=2, padding=1)[0, 0].numpy()


def test_the_default_and_a_digit_make_an_explorer():
    default = downsample_explorer()
    assert default.kind == "downsample"
    assert np.asarray(default.config["input"]).shape == (8, 8)
    page = downsample_explorer([[1.5, 2], [3, 4]], kernel="binomial blur")._repr_html_()
    assert 'data-pooltools-explorer="downsample"' in page
    assert 'register("downsample"' in page
    assert 'value="binomial blur" selected' in page
    assert set(default.config["kernels"]) == set(DOWNSAMPLE_KERNELS)


@pytest.mark.parametrize(
    ("x", "error", "match"),
    [
        (
            np.zeros((13, 13)),
            ValueError,
            r"x of shape \(13, 13\) must be a 2-D grid of 2x2 to 12x12",
        ),
        (np.zeros((1, 5)), ValueError, r"x of shape \(1, 5\) must be a 2-D grid"),
        (np.zeros(8), ValueError, r"x of shape \(8,\) must be a 2-D grid"),
        (np.zeros((2, 3, 3)), ValueError, "must be a 2-D grid"),
        (np.array([[np.nan, 1], [2, 3]]), ValueError, "finite numbers; it has NaN or infinity"),
        (np.array([[np.inf, 1], [2, 3]]), ValueError, "finite numbers"),
        (np.zeros((3, 3), dtype=complex), TypeError, "dtype complex128; it must hold real numbers"),
        ([["a", "b"], ["c", "d"]], TypeError, "must hold real numbers"),
        (np.ones((3, 3), dtype=bool), TypeError, "dtype bool"),
    ],
)
def test_bad_grids_are_refused_with_the_rule(x, error, match):
    with pytest.raises(error, match=f"^downsample_explorer: .*{match}"):
        downsample_explorer(x)


def test_unknown_kernels_are_refused_with_the_names():
    with pytest.raises(ValueError, match=r"kernel='sharpen' must be one of 'average \(box\)'"):
        downsample_explorer(kernel="sharpen")
    with pytest.raises(TypeError, match="kernel=3 must be a string"):
        downsample_explorer(kernel=3)


def test_kernels_mean_what_their_names_say(rng):
    x = rng.standard_normal((9, 10))
    k = DOWNSAMPLE_KERNELS
    # identity: keep every second cell, which is pooling with a 1x1 window and stride 2
    subsampled = strided_conv(x, k["identity (subsample)"])
    np.testing.assert_array_equal(subsampled, x[::2, ::2])
    np.testing.assert_array_equal(subsampled, pooltools.max_pool2d(x[None], 1, stride=2)[0])
    # box: average pooling 3x3, stride 2, padding 1, dividing by 9 at the borders too
    np.testing.assert_allclose(
        strided_conv(x, k["average (box)"]),
        pooltools.avg_pool2d(x[None], 3, 2, 1, count_include_pad=True)[0],
        atol=1e-12,
    )
    assert np.isclose(k["binomial blur"].sum(), 1)
    # the Sobel kernels: the vertical one is vertical_edges' filter; the horizontal its transpose
    full = strided_conv(x, k["vertical edge (Sobel)"])
    np.testing.assert_allclose(full[1:4, 1:5], vertical_edges(x)[1::2, 1::2], atol=1e-5)
    np.testing.assert_array_equal(k["horizontal edge (Sobel)"], k["vertical edge (Sobel)"].T)
