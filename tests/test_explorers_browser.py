"""The explorers in the built book: driven through their controls, they pool exactly
as pooltools does, show the rule an invalid setting breaks, and react to every step."""

from __future__ import annotations

import json

import numpy as np
import pytest

import pooltools
from booksite import open_page

pytestmark = pytest.mark.browser


def explorer(page, kind):
    root = page.locator(f"[data-pooltools-explorer={kind}]").first
    assert root.count() == 1, f"no {kind} explorer on the page"
    return root


def set_controls(root, **values):
    for name, value in values.items():
        control = root.locator(f"[name={name}]")
        if control.is_disabled():  # it has no effect in this mode: the reader cannot set it
            continue
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(str(value))
        else:
            control.fill(str(value))


def shown(root):
    return json.loads(root.get_attribute("data-output"))


def grid(root):
    return np.array(json.loads(root.get_attribute("data-config"))["input"], dtype=np.float64)


@pytest.fixture
def page_at(browser, base_url):
    pages = []

    def go(path):
        page, problems = open_page(browser, base_url + path)
        pages.append((page, problems))
        return page

    yield go
    for page, problems in pages:
        page.close()
        assert not problems, "\n".join(problems)


WINDOW_CASES = [
    {"mode": "max", "kernel": 3, "stride": 2, "padding": 1, "dilation": 1, "ceil": "off"},
    {"mode": "max", "kernel": 2, "stride": 1, "padding": 1, "dilation": 2, "ceil": "on"},
    {"mode": "max", "kernel": 3, "stride": 3, "padding": 0, "dilation": 1, "ceil": "on"},
    {"mode": "avg", "kernel": 3, "stride": 2, "padding": 1, "dilation": 1, "ceil": "on"},
    {"mode": "avg", "kernel": 2, "stride": 2, "padding": 0, "dilation": 1, "ceil": "off"},
]


def test_window_explorer_pools_like_pooltools(page_at):
    root = explorer(page_at("chapters/04_output_shapes.html"), "window")
    x = grid(root)
    for case in WINDOW_CASES:
        set_controls(root, **case)
        k, s, p, d = (case[n] for n in ("kernel", "stride", "padding", "dilation"))
        ceil = case["ceil"] == "on"
        if case["mode"] == "max":
            expected = pooltools.max_pool2d(x[None], k, s, p, d, ceil)[0]
        else:
            expected = pooltools.avg_pool2d(x[None], k, s, p, ceil)[0]
        np.testing.assert_allclose(shown(root), expected, err_msg=str(case))
    set_controls(root, padding=3)
    assert root.locator(".pt-error").inner_text() == (
        "Padding must be at most half the kernel, rounded down: at most 1 for a kernel of 2, not 3."
    )
    set_controls(root, padding=0)
    before = root.locator(".pt-view").inner_html()
    root.locator("button[data-step=next]").click()
    assert root.locator(".pt-view").inner_html() != before


GRADIENT_CASES = [
    {
        "mode": "max",
        "kernel": 3,
        "stride": 2,
        "padding": 1,
        "ceil": "off",
        "count_include_pad": "on",
    },
    {
        "mode": "max",
        "kernel": 3,
        "stride": 1,
        "padding": 1,
        "ceil": "off",
        "count_include_pad": "on",
    },
    {
        "mode": "avg",
        "kernel": 3,
        "stride": 2,
        "padding": 1,
        "ceil": "on",
        "count_include_pad": "on",
    },
    {
        "mode": "avg",
        "kernel": 3,
        "stride": 2,
        "padding": 1,
        "ceil": "on",
        "count_include_pad": "off",
    },
]


def test_gradient_explorer_lands_where_pooltools_says(page_at):
    root = explorer(page_at("chapters/06_backpropagation.html"), "gradient")
    x = grid(root)
    set_controls(root, upstream="all ones")
    for case in GRADIENT_CASES:
        set_controls(root, **case)
        k, s, p = case["kernel"], case["stride"], case["padding"]
        ceil, include = case["ceil"] == "on", case["count_include_pad"] == "on"
        if case["mode"] == "max":
            out = pooltools.max_pool2d(x[None], k, s, p, 1, ceil)
            expected = pooltools.max_pool2d_backward(np.ones_like(out), x[None], k, s, p, 1, ceil)
        else:
            out = pooltools.avg_pool2d(x[None], k, s, p, ceil, include)
            expected = pooltools.avg_pool2d_backward(
                np.ones_like(out), x[None], k, s, p, ceil, include
            )
        np.testing.assert_allclose(shown(root), expected[0], err_msg=str(case))
    # one output cell: its gradient lands in its window only
    set_controls(root, upstream="one cell", mode="max", kernel=2, stride=2, padding=0, ceil="off")
    set_controls(root, cell=3)
    g = np.zeros(pooltools.max_pool2d(x[None], 2).shape)
    g.flat[3] = 1
    np.testing.assert_allclose(shown(root), pooltools.max_pool2d_backward(g, x[None], 2)[0])


@pytest.mark.parametrize(
    "case",
    [
        (7, 3, 2, 1, 1, False),
        (5, 2, 2, 1, 1, True),
        (10, 3, 3, 0, 2, True),
        (32, 2, 2, 0, 1, False),
    ],
)
def test_shape_lab_matches_pool_output_size(page_at, case):
    root = explorer(page_at("chapters/04_output_shapes.html"), "shape")
    length, k, s, p, d, ceil = case
    set_controls(
        root, length=length, kernel=k, stride=s, padding=p, dilation=d, ceil="on" if ceil else "off"
    )
    assert shown(root) == pooltools.pool_output_size(length, k, s, p, d, ceil)
    assert root.locator("svg rect").count() > length


def test_shape_lab_explains_invalid_settings(page_at):
    root = explorer(page_at("chapters/04_output_shapes.html"), "shape")
    set_controls(root, length=2, kernel=5, stride=1, padding=0, dilation=1)
    with pytest.raises(ValueError, match="output size would be") as info:
        pooltools.pool_output_size(2, 5, 1, 0, 1)
    # pooltools and the lab refuse the same configuration, the lab in a reader's words
    assert info.value
    assert root.locator(".pt-error").inner_text() == (
        "The window spans 5 cells, but the input has only 2: there is no output. "
        "Use a smaller kernel, or more padding."
    )
    assert shown(root) is None


@pytest.mark.parametrize("sizes", [(10, 4), (5, 8), (14, 7), (7, 3), (1, 1)])
def test_adaptive_bins_explorer_matches_pooltools(page_at, sizes):
    root = explorer(page_at("chapters/05_global_and_adaptive.html"), "adaptive")
    set_controls(root, length=sizes[0], bins=sizes[1])
    assert [tuple(b) for b in shown(root)] == pooltools.adaptive_bins(*sizes)


def test_feature_maps_show_pooled_shapes(page_at):
    page = page_at("chapters/02_max_pooling.html")
    root = explorer(page, "features")
    images = root.locator("img")
    for mode in ("max", "avg"):
        for k in (2, 4, 8):
            set_controls(root, mode=mode, kernel=k)
            response = 126  # a 128x128 photograph, then a 3x3 filter without padding
            assert shown(root) == [response // k, response // k]
            for i in range(images.count()):
                assert images.nth(i).evaluate("i => i.complete && i.naturalWidth > 0")
                assert images.nth(i).get_attribute("alt")


def test_the_core_alone_defines_the_shared_pooling(browser):
    """Loaded alone (no explorer on the page), the explorers' core gives tests and pages
    the one JavaScript source of the pooling the explorers compute, with its documented
    names."""
    from pooltools.explore import assets

    source = assets.script()
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.set_content(f"<!doctype html><script>{source}</script>")
        names = page.evaluate("() => Object.keys(window.pooltoolsJS)")
        assert {"outLen", "problem", "pool2d", "backward2d", "bins"} <= set(names)
        x = np.arange(36.0).reshape(6, 6) % 7
        got = page.evaluate(
            "x => ({len: pooltoolsJS.outLen(7, 3, 2, 1, 1, false),"
            " bins: pooltoolsJS.bins(10, 4),"
            " out: pooltoolsJS.pool2d(x, 'max', 3, 2, 1, 1, true, true).out,"
            " why: pooltoolsJS.problem([6, 6], 3, 1, 2, 1, false)})",
            x.tolist(),
        )
        assert got["len"] == pooltools.pool_output_size(7, 3, 2, 1)
        assert [tuple(b) for b in got["bins"]] == pooltools.adaptive_bins(10, 4)
        np.testing.assert_array_equal(
            got["out"], pooltools.max_pool2d(x[None], 3, 2, 1, 1, True)[0]
        )
        assert got["why"] == (
            "Padding must be at most half the kernel, rounded down: at most 1 for a kernel "
            "of 3, not 2."
        )
        assert page.locator("[data-pooltools-explorer]").count() == 0  # it draws nothing
        assert not errors, errors
    finally:
        page.close()
