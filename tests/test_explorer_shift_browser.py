"""Chapter 8's shift explorer in the built book: for every signal and every shift, the
page shows what pooltools computes (max, average and max-blur pooling of the rolled
signal), and says when an output is a shifted copy of the unshifted one. The reader's
own signal, typed, pasted, drawn with the mouse and by keyboard, gives pooltools' results,
refusals are said in words, and the open editor passes axe and contrast, light and dark,
and fits a phone."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from test_pages_browser import OVERFLOW, axe_violations, low_contrast, switch_to

from booksite import ROOT, open_page
from pooltools.explore import SHIFT_SIGNALS, shift_explorer, shift_outputs

pytestmark = pytest.mark.browser
PAGE = "chapters/08_translation_robustness.html"
SHOTS = ROOT / "_build" / "screenshots" / "explorers"


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


# The reader's own signal (issue 31): typed, pasted, drawn with the pointer and by keyboard
def your_signal(root) -> np.ndarray:
    """The signal the page shows at shift 0 (its input, rolled back)."""
    out = shown(root)
    return np.roll(np.array(out["input"], dtype=np.float64), -out["shift"])


def agrees(root, x, what=""):
    """The page shows x as "your signal", and its outputs at a random shift are pooltools'
    (and the widget's, once x is set as the page sets it in a notebook)."""
    assert root.locator("[name=signal]").input_value() == "your signal", what
    assert not root.locator(".pt-error").inner_text(), what
    shift = int(np.random.default_rng(len(x)).integers(0, len(x)))
    set_shift(root, shift)
    out, expected = shown(root), shift_outputs(x, shift)
    for key in ("input", "max", "avg", "blur"):
        np.testing.assert_allclose(out[key], expected[key], atol=1e-9, err_msg=f"{what} {key}")
    widget = shift_explorer()
    widget.x = x.tolist()
    # setting x to the value it holds (the reset example) changes nothing, so no menu moves
    widget.signal = "your signal"
    widget.shift = shift
    assert (widget.signal, widget.error) == ("your signal", ""), what
    for key in ("input", "max", "avg", "blur"):
        np.testing.assert_allclose(widget.output[key], out[key], atol=1e-9, err_msg=f"{what} {key}")
    for key in ("max_copy", "avg_copy", "blur_copy"):
        assert widget.output[key] == out[key], f"{what} {key}"
    cells = [float(c.input_value().replace("−", "-")) for c in root.locator(".pt-input-cell").all()]
    np.testing.assert_allclose(cells, x, err_msg=what)


def message(root) -> str:
    return " ".join(m.inner_text() for m in root.locator(".pt-input-error").all() if m.inner_text())


def paste(root, text) -> str:
    root.locator(".pt-input-paste textarea").fill(text)
    root.locator("[data-input=paste]").click()
    return message(root)


def type_row(page, root, x) -> None:
    """Type a 1-D input from the keyboard: its length, then each value, ArrowRight to the
    next, Enter on the last."""
    root.locator("[data-size=cols]").fill(str(len(x)))
    root.locator("[data-size=cols]").press("Enter")
    root.locator(".pt-input-cell").first.focus()
    for v in x:
        page.keyboard.type(f"{v:g}")
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")


def drag_through(page, root, values, x=None):
    """One drag across the plot, from sample to sample, each at its value's height (the
    plot spans 0 and the signal's values, whole numbers, and one more at the top; that
    range stays put while the pointer draws). ``x``: what the editor shows, if not the
    shift explorer's signal (the family explorer's window)."""
    box = root.locator(".pt-input-plot").bounding_box()
    x = your_signal(root) if x is None else np.asarray(x)
    lo, hi = np.floor(min(0, x.min())), np.ceil(max(1, x.max())) + 1
    assert lo <= min(values)
    assert max(values) <= hi
    for i, v in enumerate(values):
        page.mouse.move(
            box["x"] + (i + 0.5) * box["width"] / len(x),
            box["y"] + (hi - v) / (hi - lo) * box["height"],
        )
        if i == 0:
            page.mouse.down()
    page.mouse.up()


def test_your_signal_typed_pasted_and_drawn_gives_pooltools_results(explorer):
    page, root = explorer.page, explorer
    toggle = root.locator(".pt-input-toggle")
    assert toggle.inner_text() == "✎ edit or draw your signal"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    rng = np.random.default_rng(31)
    # the editor shows the signal in view; one change makes it the reader's own
    root.locator("[name=signal]").select_option("stripes 1100")
    assert [c.input_value() for c in root.locator(".pt-input-cell").all()] == [
        str(v) for v in SHIFT_SIGNALS["stripes 1100"]
    ]
    assert root.locator("[name=signal]").input_value() == "stripes 1100"
    # typed from the keyboard: the length, then each value, the arrow key to the next
    x = rng.integers(-8, 9, 10) / 2
    type_row(page, root, x)
    agrees(root, x, "typed")
    # pasted as NumPy, PyTorch and a spreadsheet print it
    for n in (6, 12, 16):
        x = rng.integers(-9, 10, n) / 2
        texts = {
            "numpy str": str(x),
            "numpy repr": repr(x),
            "torch": repr(torch.tensor(x)),
            "a spreadsheet row": "\t".join(f"{v:g}" for v in x),
            "commas": ", ".join(f"{v:g}" for v in x),
            "a spreadsheet column": "\n".join(f"{v:g}" for v in x),
        }
        for name, text in texts.items():
            assert paste(root, text) == "", name
            agrees(root, x, name)
    # drawn with the mouse: one drag from sample to sample, each at its target's height
    start = your_signal(root)
    lo, hi = np.floor(min(0, start.min())), np.ceil(max(1, start.max())) + 1
    target = rng.integers(lo, hi + 1, len(start)).astype(float)
    target[0] = lo + 1  # the drag starts inside the plot, not on its edge
    drag_through(page, root, target)
    agrees(root, target, "drawn with the mouse")
    # drawn by keyboard: Up and Down change a sample by 1, Right goes to the next
    steps = rng.integers(-3, 4, len(target))
    root.locator(".pt-input-cell").first.focus()
    for d in steps:
        for _ in range(abs(d)):
            page.keyboard.press("ArrowUp" if d > 0 else "ArrowDown")
        page.keyboard.press("ArrowRight")
    agrees(root, target + steps, "drawn by keyboard")
    # refusals say what is wrong and change nothing
    before = root.get_attribute("data-output")
    for text, said in [
        ("1 2 3", "This signal has 3 values: it needs an even number from 4 to 32 here "
                  "(kernel 2, stride 2 must tile it)."),
        ("[[1, 2], [3, 4]]", "This is a grid of 2 rows: paste one row of numbers, a signal."),
        ("[1, 2, x, 4]", "“x” in row 1 is not a number."),
    ]:  # fmt: skip
        assert paste(root, text) == said
        assert root.get_attribute("data-output") == before
    root.locator("[data-size=cols]").fill("5")
    root.locator("[data-size=cols]").press("Enter")
    assert message(root) == "The length must be an even whole number from 4 to 32 here, not 5."
    assert root.get_attribute("data-output") == before
    # reset: the example again
    root.locator("[data-input=reset]").click()
    config = json.loads(root.get_attribute("data-config"))
    agrees(root, np.array(config["signals"]["your signal"], dtype=float), "reset")


def open_editor_passes_every_mode(page, root, kind: str) -> None:
    """The explorer with its editor open: axe and contrast in light and dark mode, and no
    overflow on a 390 px phone; screenshots to _build/screenshots/explorers/KIND-editor-*."""
    root.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for mode in ("light", "dark"):
        switch_to(page, mode)
        assert not axe_violations(page), mode
        assert not low_contrast(page), mode
        root.screenshot(path=str(SHOTS / f"{kind}-editor-{mode}.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(100)
    assert not page.evaluate(OVERFLOW, f"[data-pooltools-explorer={kind}]")
    root.screenshot(path=str(SHOTS / f"{kind}-editor-390.png"))


def test_the_signal_editor_is_accessible_on_a_desktop_and_a_phone(browser, base_url):
    page, problems = open_page(browser, base_url + PAGE, "light")
    try:
        root = page.locator("[data-pooltools-explorer=shift]").first
        root.locator(".pt-input-toggle").click()
        assert paste(root, " ".join(["-1.5", "12"] * 16)) == ""
        assert paste(root, "1 2 3") != ""  # the message and the invalid box are shown too
        open_editor_passes_every_mode(page, root, "shift")
        # the plot keeps room to draw on with a finger
        box = root.locator(".pt-input-plot").bounding_box()
        assert box["width"] > 300, box
        assert box["height"] >= 90, box
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)
