"""The geometry the drawings and explorers rely on, against pooltools' own results."""

import json
import re

import matplotlib
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pooltools
from pooltools import explore, viz
from pooltools.explore import assets

matplotlib.use("Agg")


@st.composite
def configs(draw):
    shape = (draw(st.integers(1, 7)), draw(st.integers(1, 7)))
    k = draw(st.integers(1, 4))
    kw = {
        "kernel_size": k,
        "stride": draw(st.integers(1, 3)),
        "padding": draw(st.integers(0, k // 2)),
        "dilation": draw(st.integers(1, 3)),
        "ceil_mode": draw(st.booleans()),
    }
    return shape, kw


def valid(shape, kw):
    try:
        pooltools.pool_output_size(shape, **kw)
    except ValueError:
        return False
    return True


@given(configs())
def test_window_cells_and_their_kinds(case):
    shape, kw = case
    if not valid(shape, kw):
        return
    (H, W), p = shape, kw["padding"]
    windows = pooltools.pool_windows(shape, **kw)
    assert len(windows) == np.prod(pooltools.pool_output_size(shape, **kw))
    for w in windows:
        assert len(w.cells) == kw["kernel_size"] ** 2
        for (r, c), kind in zip(w.cells, w.kinds):
            if r >= H + p or c >= W + p:
                assert kind == "overhang"
            elif 0 <= r < H and 0 <= c < W:
                assert kind == "input"
            else:
                assert kind == "padding"


@given(configs(), st.integers(0, 2**16))
def test_winners_and_gradient_landing_cells(case, seed):
    """The ringed winner of each window is max_pool2d's index; the gradient of one
    output lands on exactly that cell (or nowhere, for a window of padding only)."""
    shape, kw = case
    if not valid(shape, kw):
        return
    x = np.random.default_rng(seed).integers(0, 4, shape).astype(float)  # many ties
    values, indices = pooltools.max_pool2d(x[None], **kw, return_indices=True)
    for w in pooltools.pool_windows(shape, **kw):
        real = w.inputs
        g = np.zeros(values.shape)
        g[(0, *w.out)] = 1.0
        grad = pooltools.max_pool2d_backward(g, x[None], **kw)[0]
        if not real:
            assert values[(0, *w.out)] == -np.inf
            assert grad.sum() == 0
            continue
        first_max = max(real, key=lambda cell: (x[cell], -real.index(cell)))
        assert divmod(int(indices[(0, *w.out)]), shape[1]) == first_max
        assert grad[first_max] == 1.0
        assert grad.sum() == 1.0


def test_average_gradient_lands_on_every_real_cell_divided_by_the_divisor():
    x = np.arange(25.0).reshape(5, 5)
    g = np.zeros((1, 3, 3))
    g[0, 0, 0] = 1.0
    grad = pooltools.avg_pool2d_backward(g, x[None], 3, 2, 1)[0]
    window = pooltools.pool_windows((5, 5), 3, 2, 1)[0]
    assert {tuple(c) for c in zip(*np.nonzero(grad))} == set(window.inputs)
    assert grad[0, 0] == pytest.approx(1 / 9)  # count_include_pad: padding counts


def test_pooling_figure_draws_one_outline_per_window_and_returns_the_figure():
    x = np.arange(16.0).reshape(4, 4)
    fig = viz.pooling_figure(x, 2, 2, mode="max")
    left, right = fig.axes
    assert len(right.patches) == 4  # one outline per output cell
    assert len(left.lines) == 4  # one ring per winner
    assert [t.get_text() for t in right.texts] == ["5", "7", "13", "15"]
    with pytest.raises(ValueError, match="mode='min'"):
        viz.pooling_figure(x, 2, mode="min")


def test_draw_grid_takes_an_axes_and_returns_it():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    assert viz.draw_grid(np.ones((2, 3)), ax=ax, padding=1) is ax
    assert len(ax.texts) == 6
    with pytest.raises(ValueError, match="must be 2-D"):
        viz.draw_grid(np.ones(3))
    plt.close(fig)


@pytest.mark.parametrize(
    "make",
    [
        explore.window_explorer,
        explore.gradient_explorer,
        explore.shape_lab,
        explore.adaptive_bins_explorer,
        lambda: explore.feature_maps(image=np.random.default_rng(0).random((20, 20))),
        explore.downsample_explorer,
        explore.shift_explorer,
        lambda: explore.architecture_trace(
            {"toy": [{"layer": "input", "kind": "input", "shape": [3, 8, 8]}]}
        ),
    ],
)
def test_explorers_are_self_contained_widgets(make):
    widget = make()
    bundle = widget._repr_mimebundle_()[0]
    assert "application/vnd.jupyter.widget-view+json" in bundle  # the view, in a kernel
    # one ES module: the shared core, then the explorer's own file exporting its render
    assert widget._esm == assets.module(widget.kind)
    assert widget._esm.index('modules["pooltools.js"]') < widget._esm.index("export default")
    assert f'export default widget("{widget.kind}"' in widget._esm
    # without a kernel: text/html importing that same module, with the traits' values
    html = bundle["text/html"]
    assert json.dumps(widget._esm).replace("</", "<\\/") in html
    assert "import(url)" in html
    assert "<script src=" not in html  # nothing loaded from elsewhere
    assert not re.search(r'(src|href)="https?:', html)
    state = json.loads(re.search(r"const state = (.*);\n", html).group(1))
    assert isinstance(state["config"], dict)
    assert state["config"] == json.loads(json.dumps(widget.config))
    assert state["error"] == widget.error == ""


def test_explorers_refuse_bad_input_clearly():
    with pytest.raises(ValueError, match="window_explorer: x must be a 2-D grid"):
        explore.window_explorer(np.zeros((20, 20)))
    with pytest.raises(ValueError, match="mode='median'"):
        explore.gradient_explorer(mode="median")
    with pytest.raises(ValueError, match="feature_maps: image must be a 2-D"):
        explore.feature_maps(image=np.zeros((4, 4, 3)))


def test_the_explorers_colour_ramps_are_matplotlibs():
    """colour.js's cividis and viridis stops are matplotlib's, so explorers and figures agree."""
    source = assets.asset("explore/js/colour.js")
    for name in ("cividis", "viridis"):
        stops = re.search(name + r": \[([^\]]*)\]", source)[1]
        got = re.findall(r'"(#[0-9a-f]{6})"', stops)
        want = [matplotlib.colors.to_hex(matplotlib.colormaps[name](i / 10)) for i in range(11)]
        assert got == want, name
