"""Chapter 11's family explorer in the built book: for every p and beta on its sliders the
page shows what pooltools computes (power mean, Lp norm, softmax pooling of the window),
and for every ratio and sample u the windows fractional max pooling uses."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pooltools.explore import family_outputs, fractional_starts
from test_browser import base_url, browser, open_page  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
PAGE = "chapters/11_beyond_max_and_average.html"


@pytest.fixture
def explorer(browser, base_url):  # noqa: F811
    page, problems = open_page(browser, base_url + PAGE)
    root = page.locator("[data-pooltools-explorer=family]").first
    assert root.count() == 1, "no family explorer on the page"
    yield root
    page.close()
    assert not problems, "\n".join(problems)


def slide(root, name, index):
    # a range input cannot be filled: set it and fire the input event, as a drag would
    root.locator(f"[name={name}]").evaluate(
        "(e, v) => { e.value = v; e.dispatchEvent(new Event('input', {bubbles: true})); }",
        str(index),
    )


def shown(root):
    return json.loads(root.get_attribute("data-output"))


def config(root):
    return json.loads(root.get_attribute("data-config"))


def test_every_p_and_beta_matches_pooltools(explorer):
    c = config(explorer)
    for i, p in enumerate(c["p_values"]):
        slide(explorer, "p", i)
        for j, beta in enumerate(c["beta_values"]):
            slide(explorer, "beta", j)
            out, expected = shown(explorer), family_outputs(c["window"], p, beta)
            assert (out["p"], out["beta"]) == (p, beta)
            for key in ("mean", "max", "power_mean", "lp_norm", "softmax", "weights"):
                np.testing.assert_allclose(out[key], expected[key], rtol=1e-12, err_msg=key)


def test_every_ratio_and_sample_gives_pooltools_windows(explorer):
    c = config(explorer)
    for ratio in c["ratios"]:
        explorer.locator("[name=ratio]").select_option(str(ratio))
        for i in range(0, 100, 7):
            slide(explorer, "u", i)
            out = shown(explorer)
            n = int(np.floor(c["length"] * ratio))
            assert out["n"] == n
            expected = fractional_starts(c["length"], n, c["kernel"], i / 100).tolist()
            assert out["starts"] == expected, (ratio, i)
            windows = explorer.locator(".pt-frac-window")
            assert windows.count() == n


def test_outputs_move_from_the_mean_to_the_max(explorer):
    c = config(explorer)
    slide(explorer, "p", 0)
    slide(explorer, "beta", 0)
    low = shown(explorer)
    assert low["power_mean"] == pytest.approx(low["mean"])
    assert low["softmax"] == pytest.approx(low["mean"])
    slide(explorer, "p", len(c["p_values"]) - 1)
    slide(explorer, "beta", len(c["beta_values"]) - 1)
    high = shown(explorer)
    assert low["mean"] < high["power_mean"] <= high["max"]
    assert high["softmax"] == pytest.approx(high["max"], rel=1e-3)
    assert "softmax" in explorer.locator(".pt-status").inner_text()


def test_sliders_are_labelled_and_keyboard_usable(explorer):
    status = explorer.locator(".pt-status")
    assert status.get_attribute("aria-live") == "polite"
    slider = explorer.locator("[name=p]")
    assert "power p" in slider.locator("xpath=..").inner_text()
    slide(explorer, "p", 0)
    slider.focus()
    slider.press("ArrowRight")
    p1 = config(explorer)["p_values"][1]
    assert shown(explorer)["p"] == p1
    assert f"p {p1:g}" in status.inner_text()
