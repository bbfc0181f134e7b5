"""Chapter 8's shift explorer in the built book: for every signal and every shift, the
page shows what pooltools computes (max, average and max-blur pooling of the rolled
signal), and says when an output is a shifted copy of the unshifted one."""

from __future__ import annotations

import json

import numpy as np
import pytest

from booksite import open_page
from pooltools.explore import SHIFT_SIGNALS, shift_outputs

pytestmark = pytest.mark.browser
PAGE = "chapters/08_translation_robustness.html"


@pytest.fixture
def explorer(browser, base_url):
    page, problems = open_page(browser, base_url + PAGE)
    root = page.locator("[data-pooltools-explorer=shift]").first
    assert root.count() == 1, "no shift explorer on the page"
    yield root
    page.close()
    assert not problems, "\n".join(problems)


def set_shift(root, shift):
    # a range input cannot be filled: set it and fire the input event, as a drag would
    root.locator("[name=shift]").evaluate(
        "(e, v) => { e.value = v; e.dispatchEvent(new Event('input', {bubbles: true})); }",
        str(shift),
    )


def shown(root):
    return json.loads(root.get_attribute("data-output"))


def test_every_signal_and_shift_matches_pooltools(explorer):
    config = json.loads(explorer.get_attribute("data-config"))
    assert set(SHIFT_SIGNALS) <= set(config["signals"])
    for name, signal in config["signals"].items():
        explorer.locator("[name=signal]").select_option(name)
        assert explorer.locator("[name=shift]").get_attribute("max") == str(len(signal) - 1)
        unshifted = shift_outputs(signal, 0)
        for shift in range(len(signal)):
            set_shift(explorer, shift)
            out, expected = shown(explorer), shift_outputs(signal, shift)
            assert out["shift"] == shift
            for key in ("input", "max", "avg", "blur"):
                np.testing.assert_allclose(out[key], expected[key], err_msg=f"{name} {shift} {key}")
            for key in ("max", "avg", "blur"):
                copy = out[key + "_copy"]
                if shift % 2 == 0:
                    assert copy == shift // 2, (name, shift, key)
                if copy is not None:  # what the page claims holds
                    np.testing.assert_allclose(
                        expected[key], np.roll(unshifted[key], copy), atol=1e-9
                    )


def test_one_sample_shift_changes_every_max_pooled_output(explorer):
    explorer.locator("[name=signal]").select_option("every output changes")
    set_shift(explorer, 1)
    out = shown(explorer)
    assert out["max_copy"] is None
    view = explorer.locator(".pt-view")
    assert "4 of 4 outputs changed" in view.inner_text()
    assert "not a shifted copy" in view.inner_text()
    # the rows: the input, then max pooling, whose four cells are all marked as changed
    rows = view.locator("svg.pt-grid")
    assert rows.count() == 4
    assert rows.nth(1).locator(".pt-cell.changed").count() == 4
    set_shift(explorer, 2)
    assert "equal to the unshifted output shifted by 1 cell" in view.inner_text()


def test_slider_is_labelled_and_keyboard_usable(explorer):
    slider = explorer.locator("[name=shift]")
    assert "shift the input by" in slider.locator("xpath=..").inner_text()
    set_shift(explorer, 0)
    slider.focus()
    slider.press("ArrowRight")
    assert shown(explorer)["shift"] == 1
