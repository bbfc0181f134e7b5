"""The explorers as Jupyter widgets: traits in step with pooltools, and a page fallback.

What a learner relies on in a kernel: setting a trait recomputes the results at once
(exactly pooltools'), an invalid setting says the rule it breaks, the selected cell stays
inside the output, ``observe`` fires, and every trait is documented. What the book relies
on: the widget's mime bundle carries a ``text/html`` fallback that runs the same module.
"""

from __future__ import annotations

import inspect
import json
import re

import ipywidgets
import numpy as np
import pytest

import pooltools
from pooltools import explore
from pooltools.explore.widgets import ExplorerWidget

MAKERS = {
    "window": explore.window_explorer,
    "gradient": explore.gradient_explorer,
    "shape": explore.shape_lab,
    "adaptive": explore.adaptive_bins_explorer,
    "downsample": explore.downsample_explorer,
    "shift": explore.shift_explorer,
    "family": explore.family_explorer,
    "transpose": explore.transpose_explorer,
    "trace": lambda: explore.architecture_trace(
        {"toy": [{"layer": "x", "kind": "input", "shape": [1, 4, 4]}]}
    ),
}


@pytest.mark.parametrize("kind", MAKERS)
def test_every_explorer_is_a_widget_with_a_page_fallback(kind):
    widget = MAKERS[kind]()
    assert isinstance(widget, ipywidgets.DOMWidget)
    assert widget.kind == kind
    data, _ = widget._repr_mimebundle_()
    assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == widget.model_id
    page = data["text/html"]
    assert f'data-pooltools-widget="{kind}"' in page
    # the module is the shared core plus the explorer's own file, as anywidget gets it
    assert "globalThis.pooltoolsJS || (globalThis.pooltoolsJS =" in widget._esm
    assert f'export default widget("{kind}"' in widget._esm
    assert json.dumps(widget._esm).replace("</", "<\\/") in page
    # nothing in the embedded module or state can close the script early
    script = page.split("<script>", 1)[1]
    assert script.count("</script>") == 1
    assert script.endswith("</script>")


def test_the_fallback_state_holds_the_traits_when_the_cell_ran():
    widget = explore.window_explorer(kernel_size=3, stride=2, padding=1)
    page = widget._repr_mimebundle_()[0]["text/html"]
    state = json.loads(re.search(r"const state = (.*);\n", page).group(1).replace("<\\/", "</"))
    assert state["kernel_size"] == 3
    assert state["padding"] == 1
    assert state["output"] == widget.output
    assert "_esm" not in state
    assert "layout" not in state


def test_window_explorer_results_follow_its_settings():
    widget = explore.window_explorer(kernel_size=2, stride=2)
    x = np.array(widget.x, dtype=np.float64)
    np.testing.assert_array_equal(widget.output, pooltools.max_pool2d(x[None], 2)[0])
    seen = []
    widget.observe(lambda change: seen.append(change.new), names="output")
    widget.kernel_size, widget.stride, widget.padding = 3, 2, 1
    expected = pooltools.max_pool2d(x[None], 3, 2, 1)[0]
    np.testing.assert_array_equal(widget.output, expected)
    assert seen, "observe did not fire"
    widget.cell = (1, 2)
    out, idx = pooltools.max_pool2d(x[None], 3, 2, 1, return_indices=True)
    assert widget.value == out[0, 1, 2]
    assert widget.winner == list(divmod(int(idx[0, 1, 2]), x.shape[1]))
    rows = {r for r, _ in widget.window}
    cols = {c for _, c in widget.window}
    assert rows == {1, 2, 3}
    assert cols == {3, 4, 5}
    widget.mode = "avg"
    np.testing.assert_allclose(widget.output, pooltools.avg_pool2d(x[None], 3, 2, 1)[0])
    assert widget.winner is None


def test_an_invalid_setting_says_the_rule_and_clears_the_results():
    widget = explore.window_explorer()
    widget.padding = 3
    assert "padding=3 must be at most half" in widget.error
    assert widget.output == []
    assert widget.value is None
    widget.padding = 0
    assert widget.error == ""
    assert widget.output
    widget.mode, widget.dilation = "avg", 2
    assert "dilation=2 must be 1 for mode='avg'" in widget.error


def test_the_selected_cell_stays_inside_the_output():
    widget = explore.window_explorer(kernel_size=2, stride=2)
    widget.cell = (2, 2)
    assert widget.cell == (2, 2)
    widget.kernel_size, widget.stride = 3, 3  # a 2x2 output: (2, 2) is gone
    assert widget.cell == (0, 0)


@pytest.mark.parametrize("mode", ["max", "avg"])
def test_gradient_explorer_gives_pooltools_gradient(mode):
    widget = explore.gradient_explorer(kernel_size=3, stride=2, padding=1, mode=mode)
    x = np.array(widget.x, dtype=np.float64)[None]
    backward = {"max": pooltools.max_pool2d_backward, "avg": pooltools.avg_pool2d_backward}[mode]
    widget.upstream = "all ones"
    shape = pooltools.max_pool2d(x, 3, 2, 1).shape
    np.testing.assert_allclose(widget.output, backward(np.ones(shape), x, 3, 2, 1)[0])
    widget.upstream, widget.cell = "one cell", (1, 1)
    g = np.zeros(shape)
    g[0, 1, 1] = 1
    np.testing.assert_allclose(widget.output, backward(g, x, 3, 2, 1)[0])


def test_shape_lab_and_bins_follow_pooltools():
    lab = explore.shape_lab(length=7, kernel_size=3, stride=2, padding=1)
    assert lab.output == pooltools.pool_output_size(7, 3, 2, 1)
    lab.length, lab.kernel_size = 2, 5
    assert lab.output is None
    assert "output size" in lab.error
    bins = explore.adaptive_bins_explorer(input_size=10, output_size=4)
    assert [tuple(b) for b in bins.bins] == pooltools.adaptive_bins(10, 4)
    bins.output_size = 0
    assert bins.bins == []
    assert "output_size" in bins.error


def test_every_trait_is_in_its_explorers_docstring():
    classes = {type(make()) for make in MAKERS.values()}
    for cls in classes:
        own = {
            name
            for klass in cls.__mro__
            if isinstance(klass, type) and issubclass(klass, ExplorerWidget)
            for name in klass.class_own_traits(sync=True)
            if not name.startswith("_")
        } - {"config", "error"}
        doc = inspect.getdoc(cls)
        missing = [name for name in own if not re.search(rf"\b{name}\b", doc)]
        assert not missing, f"{cls.__name__} does not document {missing}"


@pytest.mark.parametrize(
    ("make", "kwargs", "words"),
    [
        (
            explore.window_explorer,
            {"kernel_size": "3"},
            "window_explorer: kernel_size='3' must be an int",
        ),
        (
            explore.gradient_explorer,
            {"ceil_mode": 1},
            "gradient_explorer: ceil_mode=1 must be True or False",
        ),
        (explore.shape_lab, {"stride": 2.0}, "shape_lab: stride=2.0 must be an int"),
        (explore.adaptive_bins_explorer, {"output_size": True}, "output_size=True must be an int"),
        (
            explore.transpose_explorer,
            {"output_padding": 1.0},
            "transpose_explorer: output_padding=1.0 must be an int",
        ),
        (explore.transpose_explorer, {"x": [["a"]]}, "transpose_explorer: x has dtype <U1"),
    ],
)
def test_bad_arguments_name_the_parameter_and_the_rule(make, kwargs, words):
    with pytest.raises(TypeError, match=re.escape(words)):
        make(**kwargs)


def transposed(x, k, s, p, op, d):
    """torch's conv_transpose2d of one plane with the all-ones k x k kernel."""
    import torch
    import torch.nn.functional as F

    out = F.conv_transpose2d(
        torch.tensor(x, dtype=torch.float64)[None, None],
        torch.ones(1, 1, k, k, dtype=torch.float64),
        stride=s,
        padding=p,
        output_padding=op,
        dilation=d,
    )
    return out[0, 0].numpy()


def test_transpose_explorer_gives_pooltools_and_torchs_output_and_counts(rng):
    x = rng.integers(-3, 10, (3, 4)).astype(np.float64)
    widget = explore.transpose_explorer(x)
    assert widget.cell == (1, 1)  # the input's centre
    seen = 0
    for k in (1, 2, 3, 4):
        for s in (1, 2, 3):
            for p in (0, 1, 2):
                for op in (0, 1, 2):
                    for d in (1, 2, 3):
                        settings = (k, s, p, op, d)
                        widget.kernel_size, widget.stride, widget.padding = k, s, p
                        widget.output_padding, widget.dilation = op, d
                        try:
                            expected = transposed(x, k, s, p, op, d)
                        except RuntimeError:  # torch refuses: so do pooltools and the widget
                            assert widget.error.startswith("conv_transpose2d: "), settings
                            assert widget.output == widget.counts == widget.painted == []
                            continue
                        assert widget.error == "", settings
                        np.testing.assert_array_equal(
                            widget.output, expected, err_msg=str(settings)
                        )
                        ones = transposed(np.ones_like(x), k, s, p, op, d)
                        np.testing.assert_array_equal(widget.counts, ones, err_msg=str(settings))
                        mine = pooltools.conv_transpose2d(
                            x[None, None], np.ones((1, 1, k, k)), None, s, p, op, 1, d
                        )
                        np.testing.assert_array_equal(widget.output, mine[0, 0])
                        seen += 1
    assert seen > 100


@pytest.mark.parametrize(
    ("k", "s", "p", "op", "d"), [(3, 2, 0, 0, 1), (3, 2, 1, 1, 2), (2, 1, 1, 0, 1)]
)
def test_the_selected_input_cell_paints_its_kernels_cells(k, s, p, op, d):
    """Input (i, j) paints output (i s - p + a d, j s - p + b d): exactly the cells whose
    value changes when that one input cell does (those padding crops left out)."""
    x = np.zeros((3, 3))
    widget = explore.transpose_explorer(
        x, kernel_size=k, stride=s, padding=p, output_padding=op, dilation=d
    )
    for cell in [(0, 0), (1, 2), (2, 1)]:
        widget.cell = cell
        one = np.zeros_like(x)
        one[cell] = 1
        reached = np.argwhere(transposed(one, k, s, p, op, d) != 0).tolist()
        assert sorted(widget.painted) == sorted(reached), cell
    widget.cell = (5, 5)  # outside the input: back to (0, 0), as on the page
    assert widget.cell == (0, 0)


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        (
            {"stride": 2, "output_padding": 2},
            "conv_transpose2d: output_padding=2 must be smaller than either stride or dilation",
        ),
        (
            {"stride": 1, "dilation": 1, "output_padding": 1},
            "output_padding=1 must be smaller than either stride or dilation",
        ),
        ({"padding": 4}, "conv_transpose2d: output size would be (-1, -1)"),
        ({"stride": 0}, "conv_transpose2d: stride=0 must be"),
        ({"kernel_size": 0}, "transpose_explorer: kernel_size=0 must be at least 1"),
        ({"kernel_size": 8}, "transpose_explorer: kernel_size=8 is more than this explorer draws"),
        ({"output_padding": 4, "stride": 4}, "output_padding=4 is more than this explorer draws"),
    ],
)
def test_transpose_explorer_errors_name_the_rule(settings, words):
    widget = explore.transpose_explorer()
    for name, value in settings.items():
        setattr(widget, name, value)
    assert widget.error.startswith(words) or words in widget.error, widget.error
    assert widget.output == []
    for name in settings:  # put right, the results come back
        setattr(widget, name, {"stride": 2, "kernel_size": 3, "dilation": 1}.get(name, 0))
    assert widget.error == ""
    assert widget.output


def test_transpose_explorer_refuses_a_grid_it_cannot_draw():
    with pytest.raises(ValueError, match=r"x of shape \(7, 2\) must be a 2-D grid of 1x1 to 6x6"):
        explore.transpose_explorer(np.ones((7, 2)))
    with pytest.raises(ValueError, match="finite numbers"):
        explore.transpose_explorer([[1.0, np.nan]])
    assert explore.transpose_explorer([[5]]).output == [[5.0] * 3] * 3


def test_the_page_draws_the_transpose_explorer_within_the_same_limits():
    """The page's controls offer what Python's TRANSPOSE_LIMITS allows (and the page reads
    the limits from the widget's config as well)."""
    widget = explore.transpose_explorer()
    assert widget.config["limits"] == explore.TRANSPOSE_LIMITS
    found = re.search(r"const LIMITS = (\{[^}]*\});", widget._esm).group(1)
    limits = json.loads(re.sub(r"(\w+):", r'"\1":', found))
    assert limits == explore.TRANSPOSE_LIMITS


def test_a_new_input_from_the_page_or_python_recomputes_the_results(rng):
    """The page's editor (issue 31) sets ``x``; so may Python: either way the results are
    pooltools' on the new grid, whatever its size."""
    x = rng.integers(-9, 10, (3, 5)) / 2
    window = explore.window_explorer(kernel_size=2, stride=2)
    window.x = x.tolist()
    np.testing.assert_array_equal(window.output, pooltools.max_pool2d(x[None], 2)[0])
    gradient = explore.gradient_explorer(kernel_size=2, stride=2)
    gradient.upstream, gradient.x = "all ones", x.tolist()
    g = np.ones(pooltools.max_pool2d(x[None], 2).shape)
    np.testing.assert_array_equal(gradient.output, pooltools.max_pool2d_backward(g, x[None], 2)[0])
    downsample = explore.downsample_explorer()
    downsample.x = x.tolist()
    np.testing.assert_array_equal(downsample.output["avg"], pooltools.avg_pool2d(x[None], 2)[0])
    transpose = explore.transpose_explorer(kernel_size=2, stride=1)
    transpose.x = x.tolist()
    w = np.ones((1, 1, 2, 2))
    np.testing.assert_array_equal(
        transpose.output, pooltools.conv_transpose2d(x[None, None], w)[0, 0]
    )
    window.x = [[1.0]]  # too small for the kernel: the rule, as for any setting
    assert window.error.startswith("max_pool2d: output size would be (0, 0)")
    assert window.output == []


# Feature maps: the reader's own picture ("Open a picture…", issue 31)


def test_feature_maps_recompute_a_picture_set_on_image_with_pooltools(rng):
    widget = explore.feature_maps()
    assert widget.image == []  # the book's photograph
    np.testing.assert_array_equal(widget.picture, explore.sample_photo(128))
    picture = rng.random((40, 50)).astype(np.float32)
    seen = []
    widget.observe(lambda change: seen.append(change.new), names="output")
    widget.image = picture.tolist()
    response = np.maximum(explore.vertical_edges(picture), 0)
    np.testing.assert_array_equal(widget.picture, picture)
    np.testing.assert_array_equal(widget.response, response)
    np.testing.assert_array_equal(widget.pooled, pooltools.max_pool2d(response[None], 2)[0])
    assert widget.output == [19, 24]
    assert seen == [[19, 24]]
    widget.mode, widget.kernel_size = "avg", 8
    np.testing.assert_allclose(widget.pooled, pooltools.avg_pool2d(response[None], 8)[0])
    assert widget.output == [4, 6]
    widget.image = []  # back to the book's photograph
    assert widget.output == [15, 15]
    np.testing.assert_array_equal(widget.picture, explore.sample_photo(128))


@pytest.mark.parametrize(
    ("image", "words"),
    [
        ([[0.5] * 9] * 9, "image of shape (9, 9) must be a 2-D grid with sides from 10 to 1024"),
        ([[0.5] * 10, [0.5]], "image must be a 2-D grid, its rows of one length"),
        ([[float("nan")] * 10] * 10, "image must hold finite numbers"),
    ],
)
def test_feature_maps_say_what_an_image_from_python_breaks(image, words):
    widget = explore.feature_maps()
    widget.image = image
    assert words in widget.error
    assert widget.output == []
    assert widget.pooled is None
    widget.image = []
    assert widget.error == ""


def test_feature_maps_document_every_trait():
    cls = type(explore.feature_maps())
    own = {name for name in cls.class_own_traits(sync=True) if not name.startswith("_")}
    own |= {"picture", "response", "pooled"}  # results in Python only
    doc = inspect.getdoc(cls)
    assert not [name for name in own if not re.search(rf"\b{name}\b", doc)]


def test_square_gray_crops_the_centre_and_averages_or_repeats_pixels():
    from pooltools.explore.compute import square_gray

    # 7 rows, 4 columns, each pixel's gray its own number: R, G, B = 3v, 0, 0 -> v / 255
    values = np.arange(28).reshape(7, 4)
    rgb = np.stack([3 * values, 0 * values, 0 * values], axis=-1)
    # size 2: factor 2, the centred 4x4 square (rows 1-4), averaged over 2x2 blocks
    expected = values[1:5].reshape(2, 2, 2, 2).mean(axis=(1, 3)) / 255
    np.testing.assert_allclose(square_gray(rgb, 2), expected, rtol=1e-6)
    # size 8: the 4x4 square enlarged, each pixel repeated 2x2
    square = values[1:5] / 255
    np.testing.assert_allclose(square_gray(rgb, 8), square.repeat(2, 0).repeat(2, 1), rtol=1e-6)
    # the same gray as sample_photo: the mean of R, G, B over 255, in float32
    assert square_gray(np.full((4, 4, 4), 255, dtype=np.uint8), 4).dtype == np.float32
    with pytest.raises(ValueError, match=re.escape("square_gray: rgb of shape (4, 4, 2)")):
        square_gray(np.zeros((4, 4, 2)), 4)
