"""Chapter 7's downsampling explorer in the built book: for every kernel it offers, the
page pools exactly as pooltools does and convolves exactly as torch does."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import pooltools
from booksite import open_page
from pooltools.explore import DOWNSAMPLE_KERNELS

pytestmark = pytest.mark.browser
PAGE = "chapters/07_strided_convolution.html"


@pytest.fixture
def root(browser, base_url):
    page, problems = open_page(browser, base_url + PAGE)
    explorer = page.locator("[data-pooltools-explorer=downsample]").first
    assert explorer.count() == 1, "no downsample explorer on the page"
    yield explorer
    page.close()
    assert not problems, "\n".join(problems)


def shown(root):
    return json.loads(root.get_attribute("data-output"))


def strided_conv(x, kernel):
    """A 3x3 convolution with stride 2 and padding 1, no bias, by torch, in float64."""
    w = torch.from_numpy(np.asarray(kernel, dtype=np.float64))[None, None]
    return F.conv2d(torch.from_numpy(x)[None, None], w, stride=2, padding=1)[0, 0].numpy()


def test_every_kernel_matches_pooltools_and_torch(root):
    x = np.array(json.loads(root.get_attribute("data-config"))["input"], dtype=np.float64)
    select = root.locator("select[name=kernel]")
    options = select.locator("option").all_inner_texts()
    assert options == list(DOWNSAMPLE_KERNELS)
    views = set()
    for name, kernel in DOWNSAMPLE_KERNELS.items():
        select.select_option(name)
        out = shown(root)
        assert out["kernel"] == name
        np.testing.assert_array_equal(out["max"], pooltools.max_pool2d(x[None], 2)[0])
        np.testing.assert_allclose(out["avg"], pooltools.avg_pool2d(x[None], 2)[0], rtol=1e-12)
        np.testing.assert_allclose(out["conv"], strided_conv(x, kernel), atol=1e-9, err_msg=name)
        views.add(root.locator(".pt-view").inner_html())
        # five grids: the input, three outputs and the kernel, each cell with its number
        grids = root.locator(".pt-view svg.pt-grid")
        assert grids.count() == 5
        assert grids.nth(0).locator(".pt-cell").count() == x.size
        numbers = grids.nth(0).locator(".pt-cell text").all_text_contents()
        assert [float(t.replace("\N{MINUS SIGN}", "-")) for t in numbers] == x.ravel().tolist()
    assert len(views) == len(DOWNSAMPLE_KERNELS), "some kernels draw the same view"
    select.select_option("identity (subsample)")
    np.testing.assert_array_equal(shown(root)["conv"], x[::2, ::2])


def test_cells_are_coloured_by_value(root):
    cells = root.locator(".pt-view svg.pt-grid").first.locator(".pt-cell .pt-bg")
    colours = {cells.nth(i).evaluate("e => getComputedStyle(e).fill") for i in range(8)}
    assert len(colours) > 1, "the input grid is drawn in one colour"
