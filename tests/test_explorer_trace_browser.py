"""The architecture-trace explorer (chapter 9) in Chromium: stepping with the buttons and
the slider shows each step's shape, kind and total stride as its data says, and draws each
feature map to scale."""

from __future__ import annotations

import json
import math

import pytest

from booksite import open_page
from pooltools.explore import architecture_trace

pytestmark = pytest.mark.browser

TRACES = {
    "toy": [
        {"layer": "input", "kind": "input", "shape": [3, 64, 64]},
        {"layer": "features.0", "kind": "strided conv", "shape": [8, 32, 32], "stride": 2},
        {"layer": "features.1", "kind": "pooling", "shape": [8, 15, 15], "stride": 2},
        {"layer": "features.4", "kind": "strided conv", "shape": [16, 5, 5], "stride": 3},
        {"layer": "head.0", "kind": "global pooling", "shape": [16, 1, 1]},
    ],
    "wide": [
        {"layer": "input", "kind": "input", "shape": [1, 20, 40]},
        {"layer": "pool", "kind": "pooling", "shape": [1, 10, 20], "stride": 2},
    ],
}


def expected_steps(steps):
    """What each step should show: its shape and kind, and the product of the strides so far."""
    total, result = 1, []
    for step in steps:
        total *= step.get("stride") or 1
        result.append({"shape": step["shape"], "kind": step["kind"], "total_stride": total})
    return result


def shown(root):
    output = json.loads(root.get_attribute("data-output"))
    return {k: output[k] for k in ("shape", "kind", "total_stride")}, output


def walk(root, name, steps):
    """Select an architecture, go to step 0, press next through every step and back round."""
    root.locator("select[name=arch]").select_option(name)
    slider = root.locator("input[name=cell]")
    slider.evaluate("e => { e.value = 0; e.dispatchEvent(new Event('input')); }")
    assert slider.get_attribute("max") == str(len(steps) - 1)
    want = expected_steps(steps)
    for i, step in enumerate(want):
        seen, output = shown(root)
        assert seen == step, (name, i)
        assert output["architecture"] == name
        assert output["step"] == i
        assert output["layer"] == steps[i]["layer"]
        root.locator("button[data-step=next]").click()
    assert shown(root)[1]["step"] == 0  # next after the last step wraps to the first
    root.locator("button[data-step=prev]").click()
    assert shown(root)[1]["step"] == len(steps) - 1


def test_stepping_shows_each_steps_shape_kind_and_total_stride(blank_page):
    page = blank_page
    page.set_content(architecture_trace(TRACES)._repr_html_())
    root = page.locator("[data-pooltools-explorer=trace]")
    for name, steps in TRACES.items():
        walk(root, name, steps)


def test_the_slider_moves_to_a_step_and_maps_are_drawn_to_scale(blank_page):
    page = blank_page
    page.set_content(architecture_trace(TRACES)._repr_html_())
    root = page.locator("[data-pooltools-explorer=trace]")
    slider = root.locator("input[name=cell]")
    for i, step in enumerate(TRACES["toy"]):
        slider.evaluate(f"e => {{ e.value = {i}; e.dispatchEvent(new Event('input')); }}")
        assert shown(root)[0] == expected_steps(TRACES["toy"])[i]
        current = root.locator("svg rect[fill-opacity='0.55']")
        width, height = (int(current.get_attribute(a)) for a in ("width", "height"))
        assert width == max(2, round(240 * step["shape"][2] / 64))
        assert height == width
    # a map that is twice as wide as it is high is drawn so
    root.locator("select[name=arch]").select_option("wide")
    slider.evaluate("e => { e.value = 1; e.dispatchEvent(new Event('input')); }")
    current = root.locator("svg rect[fill-opacity='0.55']")
    assert int(current.get_attribute("width")) == 2 * int(current.get_attribute("height"))
    # switching to a shorter architecture keeps the slider inside it
    root.locator("select[name=arch]").select_option("toy")
    slider.evaluate("e => { e.value = 4; e.dispatchEvent(new Event('input')); }")
    root.locator("select[name=arch]").select_option("wide")
    assert shown(root)[1]["step"] == 1
    assert "global average pooling" in root.locator(".pt-view").inner_text()


def test_the_chapter_traces_step_as_their_data_says(browser, base_url):
    page, problems = open_page(browser, base_url + "chapters/09_modern_cnns.html")
    try:
        root = page.locator("[data-pooltools-explorer=trace]")
        assert root.count() == 1, "no trace explorer in chapter 9"
        architectures = json.loads(root.get_attribute("data-config"))["architectures"]
        assert len(architectures) >= 5
        for name, steps in architectures.items():
            walk(root, name, steps)
            assert steps[-1]["total_stride"] == math.prod(s["stride"] or 1 for s in steps)
        assert not problems, "\n".join(problems)
    finally:
        page.close()
