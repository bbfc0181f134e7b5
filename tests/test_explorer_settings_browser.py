"""What an explorer says about its settings, as a reader meets it (issue 26).

A setting that breaks a rule is said once (in the alert above the view, not again in the
status line), in words (no function name, no ``name=value``), naming the control as the
page labels it; that control is marked invalid and described by the message, and putting
it right clears both. Settings only Python can make (a dilation in average mode, a name a
select does not offer) are said the same way. A setting with no effect in the current
mode is disabled, says why beside it, looks disabled in light and dark mode (with its
text still at 4.5:1), and is announced as disabled."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from explorer_text import texts
from test_explorers_browser import set_controls

import pooltools
from booksite import open_in, open_page
from pooltools import explore

pytestmark = pytest.mark.browser


def said_once(root, message):
    """The message is shown in the alert, once in the whole explorer, in words."""
    error = root.locator(".pt-error")
    assert error.get_attribute("role") == "alert"
    assert error.inner_text() == message
    assert root.inner_text().count(message) == 1, "the message is shown more than once"
    assert root.locator(".pt-status").inner_text() == ""
    assert not re.search(r"\w=|_|\w\(", message), f"Python syntax in {message!r}"


def names_the_control(root, name, message):
    """The control the message names is marked invalid and described by it, and the
    message names it as its label does."""
    invalid = root.locator("[aria-invalid=true]")
    assert invalid.count() == 1
    assert invalid.get_attribute("name") == name
    error_id = root.locator(".pt-error").get_attribute("id")
    assert invalid.get_attribute("aria-describedby") == error_id
    label = invalid.evaluate("e => e.closest('label').firstChild.textContent.trim()")
    assert label.lower() in message.lower(), f"{message!r} does not name {label!r}"


def grid_size(root):
    x = json.loads(root.get_attribute("data-config"))["input"]
    return len(x), len(x[0])


# (chapter, explorer, settings typed in order, the control named, the message, a fix)
TYPED = [
    (
        "04_output_shapes",
        "window",
        {"kernel": 2, "padding": 3},
        "padding",
        "Padding must be at most half the kernel, rounded down: at most 1 for a kernel of 2, "
        "not 3.",
        {"padding": 1},
    ),
    (
        "04_output_shapes",
        "window",
        {"kernel": 0},
        "kernel",
        "Kernel must be a whole number, 1 or more, not 0.",
        {"kernel": 3},
    ),
    (
        "04_output_shapes",
        "window",
        {"stride": ""},
        "stride",
        "Stride must be a whole number, 1 or more: the box is empty.",
        {"stride": 2},
    ),
    (
        "04_output_shapes",
        "window",
        {"dilation": 1.5},
        "dilation",
        "Dilation must be a whole number, 1 or more, not 1.5.",
        {"dilation": 1},
    ),
    (
        "06_backpropagation",
        "gradient",
        {"padding": 0, "kernel": 13},
        "kernel",
        "The window spans 13 cells, but the input has only {size}: there is no output. "
        "Use a smaller kernel, or more padding.",
        {"kernel": 2},
    ),
    (
        "04_output_shapes",
        "shape",
        {"length": 0},
        "length",
        "Input size must be a whole number, 1 or more, not 0.",
        {"length": 7},
    ),
    (
        "04_output_shapes",
        "shape",
        {"length": 2, "padding": 0, "dilation": 2, "kernel": 2},
        "kernel",
        "The window spans 3 cells (kernel 2, dilation 2), but the input has only 2: there is "
        "no output. Use a smaller kernel or dilation, or more padding.",
        {"dilation": 1},
    ),
    (
        "05_global_and_adaptive",
        "adaptive",
        {"bins": ""},
        "bins",
        "Output size must be a whole number, 1 or more: the box is empty.",
        {"bins": 4},
    ),
    (
        "05_global_and_adaptive",
        "adaptive",
        {"length": -3},
        "length",
        "Input size must be a whole number, 1 or more, not −3.",
        {"length": 14},
    ),
    (
        "12_dilation_and_upsampling",
        "transpose",
        {"stride": 2, "dilation": 1, "output_padding": 2},
        "output_padding",
        "Output padding must be smaller than the stride or the dilation, whichever is larger: "
        "at most 1 for stride 2 and dilation 1, not 2.",
        {"output_padding": 1},
    ),
    (
        "12_dilation_and_upsampling",
        "transpose",
        {"kernel": 8},
        "kernel",
        "Kernel must be at most 7 here, not 8: a larger drawing would not fit the page.",
        {"kernel": 3},
    ),
    (
        "12_dilation_and_upsampling",
        "transpose",
        {"output_padding": 0, "dilation": 1, "kernel": 1, "stride": 1, "padding": 5},
        "padding",
        "Padding crops 5 cells off each side of the full canvas, 10 in all, but it is only "
        "{size} cells across: there is no output. Use less padding.",
        {"padding": 0},
    ),
]


@pytest.mark.parametrize(
    ("chapter", "kind", "settings", "control", "message", "fix"),
    TYPED,
    ids=[f"{c[1]}-{c[3]}-{i}" for i, c in enumerate(TYPED)],
)
def test_an_invalid_setting_is_said_once_in_words(
    browser,
    base_url,
    chapter,
    kind,
    settings,
    control,
    message,
    fix,
):
    page, problems = open_page(browser, base_url + f"chapters/{chapter}.html")
    try:
        root = page.locator(f"[data-pooltools-explorer={kind}]").first
        set_controls(root, **settings)
        if "{size}" in message:
            message = message.format(size=min(grid_size(root)))
        said_once(root, message)
        names_the_control(root, control, message)
        assert json.loads(root.get_attribute("data-output")) is None
        set_controls(root, **fix)
        assert root.locator(".pt-error").inner_text() == ""
        assert root.locator("[aria-invalid]").count() == 0
        assert root.locator(".pt-status").inner_text()
        assert not problems, "\n".join(problems)
    finally:
        page.close()


TRACES = {"toy": [{"layer": "x", "kind": "input", "shape": [1, 4, 4]}]}


def _set(widget, **traits):
    for name, value in traits.items():
        setattr(widget, name, value)
    return widget


# settings only Python can make: (widget, the control named, the message, the Python error)
FROM_PYTHON = [
    (
        lambda: explore.window_explorer(mode="avg", dilation=3),
        "dilation",
        "Dilation must be 1 for average pooling, not 3: average pooling has no dilation "
        "(in torch as in pooltools). Set it to 1, or choose max.",
        "window_explorer: dilation=3 must be 1 for mode='avg'",
    ),
    (
        lambda: _set(explore.shift_explorer(), signal="nope"),
        "signal",
        "Signal must be one of {choices}, not “nope”.",
        "shift_explorer: signal='nope' must be one of",
    ),
    (
        lambda: _set(explore.architecture_trace(TRACES), architecture="VGG"),
        "arch",
        "Architecture must be one of “toy”, not “VGG”.",
        "architecture_trace: architecture='VGG' must be one of",
    ),
    (
        lambda: _set(explore.downsample_explorer(), kernel="sharpen"),
        "kernel",
        "The convolution's kernel must be one of {choices}, not “sharpen”.",
        "downsample_explorer: kernel='sharpen' must be one of",
    ),
    (
        lambda: _set(explore.feature_maps(), kernel_size=3),
        "kernel",
        "Kernel = stride must be one of “2”, “4” or “8”, not “3”.",
        "feature_maps: kernel_size=3 must be one of",
    ),
    (
        lambda: _set(explore.family_explorer(), ratio=0.01),
        "ratio",
        "Fractional ratio must give 1 to 24 windows over 25 cells, not 0 (ratio 0.01).",
        "family_explorer: ratio=0.01 must be one of",
    ),
]


@pytest.mark.parametrize(
    ("make", "control", "message", "python"),
    FROM_PYTHON,
    ids=[c[1] for c in FROM_PYTHON],
)
def test_a_setting_python_made_is_said_in_the_readers_words(
    blank_page, make, control, message, python
):
    widget = make()
    assert widget.error.startswith(python)  # a programmer reads pooltools' naming
    blank_page.set_content(widget._repr_html_())
    blank_page.wait_for_selector("[data-pooltools-explorer][data-output]")
    root = blank_page.locator("[data-pooltools-explorer]")
    if "{choices}" in message:
        options = root.locator(f"[name={control}] option").all_inner_texts()
        quoted = [f"“{o}”" for o in options]
        message = message.format(choices=", ".join(quoted[:-1]) + " or " + quoted[-1])
    said_once(root, message)
    names_the_control(root, control, message)
    # the reader can put it right: the control stays enabled while it is wrong
    assert root.locator(f"[name={control}]").is_enabled()


def test_average_mode_disables_the_dilation_box_and_puts_it_back_to_1(browser, base_url):
    page, problems = open_page(browser, base_url + "chapters/04_output_shapes.html")
    try:
        root = page.locator("[data-pooltools-explorer=window]").first
        x = np.array(json.loads(root.get_attribute("data-config"))["input"], dtype=np.float64)
        dilation = root.locator("[name=dilation]")
        unused = root.locator("label:has([name=dilation]) .pt-unused")
        set_controls(root, mode="max", kernel=2, stride=1, padding=0, dilation=2)
        assert dilation.is_enabled()
        assert not unused.is_visible()
        set_controls(root, mode="avg")
        assert dilation.is_disabled()
        assert dilation.input_value() == "1"
        assert unused.is_visible()
        assert unused.inner_text() == "max pooling only"
        # announced as disabled, under its label and the reason
        spin = root.get_by_role("spinbutton", name="dilation max pooling only")
        assert spin.count() == 1
        named = re.compile("dilation")
        assert root.get_by_role("spinbutton", name=named, disabled=True).count() == 1
        assert root.locator(".pt-error").inner_text() == ""
        shown = json.loads(root.get_attribute("data-output"))
        np.testing.assert_allclose(shown, pooltools.avg_pool2d(x[None], 2, 1)[0])
        set_controls(root, mode="max")
        assert dilation.is_enabled()
        assert not unused.is_visible()
        assert root.get_by_role("spinbutton", name="dilation").count() == 1
        assert not problems, "\n".join(problems)
    finally:
        page.close()


def test_max_mode_disables_count_include_pad(browser, base_url):
    page, problems = open_page(browser, base_url + "chapters/06_backpropagation.html")
    try:
        root = page.locator("[data-pooltools-explorer=gradient]").first
        include = root.locator("[name=count_include_pad]")
        set_controls(root, mode="max")
        assert include.is_disabled()
        named = re.compile("count_include_pad")
        assert root.get_by_role("combobox", name=named, disabled=True).count() == 1
        assert "average pooling only" in include.evaluate("e => e.closest('label').innerText")
        set_controls(root, mode="avg")
        assert include.is_enabled()
        assert not problems, "\n".join(problems)
    finally:
        page.close()


LOOKS = """(names) => names.map(n => {
  const e = document.querySelector('[data-pooltools-explorer=window] [name=' + n + ']');
  const s = getComputedStyle(e);
  return {border: s.borderTopStyle, background: s.backgroundColor, cursor: s.cursor,
          color: s.color};
})"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_a_disabled_control_looks_disabled(browser, base_url, mode):
    context, page = open_in(browser, base_url + "chapters/03_average_pooling.html", mode)
    try:
        root = page.locator("[data-pooltools-explorer=window]").first
        assert root.locator("[name=mode]").input_value() == "avg"
        off, on = page.evaluate(LOOKS, ["dilation", "kernel"])
        assert off["border"] == "dashed"
        assert on["border"] == "solid"
        assert off["background"] != on["background"]
        assert off["color"] != on["color"]
        assert off["cursor"] == "not-allowed"
        # still legible: the disabled box's value and its reason read 4.5:1
        mine = [r for r in texts(page) if r["kind"] == "window"]
        for text in ("1", "max pooling only"):
            records = [r for r in mine if r["text"] == text]
            assert records, f"{text!r} is not measured"
            assert min(r["ratio"] for r in records) >= 4.5, records
    finally:
        context.close()
