"""Chapter 7's downsampling explorer: argument checks, and kernels that mean what they say."""

import json
import re

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


def page_state(widget):
    """The traits the widget's text/html fallback hands to its module's stand-in model."""
    page = widget._repr_mimebundle_()[0]["text/html"]
    assert "import(url)" in page  # the fallback imports the widget's own module
    return json.loads(re.search(r"const state = (.*);\n", page).group(1))


def test_the_default_and_a_digit_make_an_explorer():
    default = downsample_explorer()
    assert default.kind == "downsample"
    assert np.asarray(default.x).shape == (8, 8)
    assert set(default.config["kernels"]) == set(DOWNSAMPLE_KERNELS)
    explorer = downsample_explorer([[1.5, 2], [3, 4]], kernel="binomial blur")
    assert (explorer.x, explorer.kernel) == ([[1.5, 2], [3, 4]], "binomial blur")
    assert explorer.error == ""
    assert 'register("downsample"' in explorer._esm
    assert 'export default widget("downsample"' in explorer._esm
    state = page_state(explorer)
    assert (state["x"], state["kernel"]) == (explorer.x, "binomial blur")
    assert state["output"] == explorer.output


def test_outputs_are_pooltools_and_torch_for_every_kernel(rng):
    x = rng.standard_normal((9, 10))
    explorer = downsample_explorer(x)
    for name, kernel in DOWNSAMPLE_KERNELS.items():
        explorer.kernel = name  # as the menu sets it
        out = explorer.output
        assert out["kernel"] == name
        np.testing.assert_array_equal(out["max"], pooltools.max_pool2d(x[None], 2)[0])
        np.testing.assert_array_equal(out["avg"], pooltools.avg_pool2d(x[None], 2)[0])
        np.testing.assert_allclose(out["conv"], strided_conv(x, kernel), atol=1e-12, err_msg=name)


def test_setting_a_trait_recomputes_and_invalid_settings_give_the_rule():
    explorer = downsample_explorer(kernel="identity (subsample)")
    explorer.x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert explorer.output == {
        "max": [[5.0]],
        "avg": [[3.0]],
        "conv": [[1.0, 3.0], [7.0, 9.0]],
        "kernel": "identity (subsample)",
    }
    explorer.kernel = "sharpen"
    assert explorer.output is None
    assert explorer.error.startswith("downsample_explorer: kernel='sharpen' must be one of")
    explorer.kernel = "average (box)"
    assert explorer.error == ""
    explorer.x = np.zeros((13, 13)).tolist()
    assert explorer.output is None
    assert "x of shape (13, 13) must be a 2-D grid" in explorer.error
    explorer.x = [[1, 2], [3]]
    assert explorer.error == "downsample_explorer: x must be a 2-D grid, its rows of one length"
    explorer.x = [[1, 2], [3, None]]
    assert "must hold real numbers" in explorer.error
    explorer.x = [[0, 0], [0, 1]]
    assert (explorer.error, explorer.output["max"]) == ("", [[1.0]])


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
