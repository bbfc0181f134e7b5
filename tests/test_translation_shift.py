"""Chapter 8's shift explorer and its reference: the pooled outputs of a shifted signal,
checked against pooltools, PyTorch and the stride rule; clear errors for bad arguments."""

import json
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import pooltools
from pooltools.explore import SHIFT_SIGNALS, shift_explorer, shift_outputs, zone_plate

signals = st.integers(2, 16).flatmap(
    lambda half: arrays(np.float64, 2 * half, elements=st.floats(-100, 100, width=32))
)


def torch_max_blur_1d(x):
    """Max over pairs with stride 1, then [1, 2, 1] / 4 with stride 2; circular padding."""
    t = torch.tensor(x)[None, None]
    pairs = F.max_pool1d(F.pad(t, (0, 1), mode="circular"), 2, stride=1)
    weight = torch.tensor([[[0.25, 0.5, 0.25]]], dtype=t.dtype)
    return F.conv1d(F.pad(pairs, (1, 1), mode="circular"), weight, stride=2)[0, 0].numpy()


@given(signals, st.data())
def test_outputs_are_pooltools_and_torch_of_the_rolled_signal(x, data):
    shift = data.draw(st.integers(0, len(x) - 1))
    out = shift_outputs(x, shift)
    rolled = np.roll(x, shift)
    np.testing.assert_array_equal(out["input"], rolled)
    np.testing.assert_array_equal(out["max"], pooltools.max_pool1d(rolled[None], 2)[0])
    np.testing.assert_array_equal(out["avg"], pooltools.avg_pool1d(rolled[None], 2)[0])
    np.testing.assert_allclose(out["blur"], torch_max_blur_1d(rolled), rtol=1e-12, atol=1e-12)


@given(signals, st.data())
def test_even_shifts_move_every_output_exactly(x, data):
    m = data.draw(st.integers(0, len(x) // 2 - 1))
    unshifted, shifted = shift_outputs(x, 0), shift_outputs(x, 2 * m)
    for name in ("max", "avg", "blur"):
        np.testing.assert_allclose(shifted[name], np.roll(unshifted[name], m), atol=1e-12)


def test_one_sample_changes_every_max_pooled_output_of_the_first_signal():
    x = SHIFT_SIGNALS["every output changes"]
    before, after = shift_outputs(x, 0)["max"], shift_outputs(x, 1)["max"]
    assert (before != after).all()
    assert not any(np.array_equal(after, np.roll(before, r)) for r in range(len(before)))


def test_built_in_signals_are_valid():
    for name, x in SHIFT_SIGNALS.items():
        assert shift_outputs(x, len(x) - 1)["max"].shape == (len(x) // 2,), name


def page_state(widget):
    """The traits the widget's text/html fallback hands to its module's stand-in model."""
    page = widget._repr_mimebundle_()[0]["text/html"]
    assert "import(url)" in page  # the fallback imports the widget's own module
    return json.loads(re.search(r"const state = (.*);\n", page).group(1))


def test_explorer_offers_the_given_signal_first():
    explorer = shift_explorer([4, 3, 2, 1, 0, 5], shift=5)
    assert next(iter(explorer.config["signals"])) == "your signal"
    assert set(SHIFT_SIGNALS) < set(explorer.config["signals"])
    assert (explorer.signal, explorer.shift, explorer.error) == ("your signal", 5, "")
    assert explorer.output["input"] == [3.0, 2.0, 1.0, 0.0, 5.0, 4.0]
    assert 'register("shift"' in explorer._esm
    assert 'export default widget("shift"' in explorer._esm
    state = page_state(explorer)
    assert (state["signal"], state["shift"], state["output"]) == ("your signal", 5, explorer.output)


def test_the_output_is_shift_outputs_for_every_signal_and_shift():
    explorer = shift_explorer()
    for name, signal in explorer.config["signals"].items():
        explorer.signal = name  # as the menu sets it
        unshifted = shift_outputs(signal, 0)
        for shift in range(len(signal)):
            explorer.shift = shift  # as the slider sets it
            out, expected = explorer.output, shift_outputs(signal, shift)
            assert (out["shift"], explorer.error) == (shift, "")
            for key in ("input", "max", "avg", "blur"):
                np.testing.assert_array_equal(out[key], expected[key], err_msg=f"{name} {key}")
            for key in ("max", "avg", "blur"):
                copy = out[key + "_copy"]
                if shift % 2 == 0:
                    assert copy == shift // 2, (name, shift, key)
                if copy is not None:
                    np.testing.assert_allclose(
                        expected[key], np.roll(unshifted[key], copy), atol=1e-9
                    )
                else:
                    assert not any(
                        np.allclose(expected[key], np.roll(unshifted[key], r), atol=1e-9)
                        for r in range(len(signal) // 2)
                    )


def test_a_shift_past_the_signal_is_clamped_and_an_unknown_signal_named():
    explorer = shift_explorer()
    explorer.signal = "stripes 1100"
    explorer.shift = 12
    explorer.signal = "every output changes"  # 8 samples: the slider stops at 7
    assert (explorer.shift, explorer.output["shift"], explorer.error) == (7, 7, "")
    explorer.shift = -3
    assert explorer.shift == 0
    explorer.signal = "a sine"
    assert explorer.output is None
    assert explorer.error.startswith("shift_explorer: signal='a sine' must be one of [")
    explorer.signal = "a single spike"
    assert explorer.error == ""
    assert explorer.output["max_copy"] == 0


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: shift_outputs([1, 2, 3], 0), ValueError, "even length from 4 to 32"),
        (lambda: shift_outputs(np.zeros(34), 0), ValueError, "shape \\(34,\\)"),
        (lambda: shift_outputs(np.zeros((2, 4)), 0), ValueError, "must be 1-D"),
        (lambda: shift_outputs(["a"] * 4, 0), TypeError, "real numbers"),
        (lambda: shift_outputs([1, 2, np.nan, 4], 0), ValueError, "finite"),
        (lambda: shift_outputs([1, 2, 3, 4], 4), ValueError, "shift=4 must be from 0 to 3"),
        (lambda: shift_outputs([1, 2, 3, 4], -1), ValueError, "shift=-1 must be from 0 to 3"),
        (lambda: shift_outputs([1, 2, 3, 4], 1.0), TypeError, "shift=1.0 must be an int"),
        (lambda: shift_explorer(shift=8), ValueError, "shift_explorer: shift=8"),
        (lambda: shift_explorer([1, 2, 3, 4, 5]), ValueError, "shift_explorer: signal"),
        (lambda: zone_plate(1), ValueError, "zone_plate: size=1"),
    ],
)
def test_bad_arguments_are_explained(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_zone_plate_reaches_the_nyquist_limit_at_the_edges():
    plate = zone_plate(64)
    assert plate.shape == (64, 64)
    assert plate[32, 32] == 1.0
    # along the middle row, neighbouring samples at the left edge are nearly opposite
    assert abs(plate[32, 0] - plate[32, 1]) > 0.9
    np.testing.assert_allclose(zone_plate(64, shift=1)[:, 1:], plate[:, :-1])


def test_your_signal_is_the_trait_x_which_python_and_the_page_set():
    explorer = shift_explorer()
    assert explorer.config["signals"]["your signal"] == SHIFT_SIGNALS["every output changes"]
    assert explorer.x == explorer.config["signals"]["your signal"]
    explorer.shift = 3
    explorer.x = [0, 1, 5, 2, 0, 0]  # the page sets it as the reader edits; so may Python
    assert (explorer.signal, explorer.error) == ("your signal", "")
    expected = shift_outputs([0, 1, 5, 2, 0, 0], 3)
    assert explorer.output["max"] == expected["max"].tolist()
    explorer.x = [1, 2, 3]
    assert explorer.output is None
    assert explorer.error.startswith("shift_explorer: signal of shape (3,) must be 1-D")
    explorer.signal = "stripes 1100"  # the named signals are unchanged
    assert explorer.error == ""
    assert "x" in page_state(explorer)
