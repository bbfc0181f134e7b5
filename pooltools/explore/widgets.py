"""The explorers as Jupyter widgets: anywidget models whose traits Python and the page share.

Every explorer is an ``anywidget.AnyWidget``: one ES module per explorer
(``js/explorer_<kind>.js``, bundled with what it imports by ``assets.module``) draws it
from the widget's model. Clicking in the explorer changes its traits in Python; setting a
trait from Python redraws it; ``observe`` and ``ipywidgets.jslink`` work. Results
(``output``, ``error`` and the like) are computed here by pooltools whenever a setting
changes, so they are exact and ready in the same cell.

Without a kernel (the static book, a front-end with no widget manager) the widget's
``text/html`` fallback imports the same module and runs it against a stand-in model
(``pooltoolsJS.model``) holding the traits' values when the cell ran.

Build explorers with the functions of ``pooltools.explore`` (``window_explorer`` and so
on); this module needs ``anywidget`` (``pip install pooltools[explore]``).
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

import anywidget
import numpy as np
import traitlets as t

from . import assets, compute


class ExplorerWidget(anywidget.AnyWidget):
    """An explorer: the traits every one has.

    Traits
    ------
    config : dict
        Data the drawing needs and the learner does not set (pictures, kernels, traces).
    error : str
        The rule the current settings break, in pooltools' words, or ``""``.
    """

    kind: ClassVar[str] = ""
    #: the traits whose change recomputes the results
    _settings: ClassVar[tuple[str, ...]] = ()

    config = t.Dict().tag(sync=True)
    error = t.Unicode("").tag(sync=True)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "kind" in cls.__dict__:  # not the subclasses add_traits makes
            cls._esm = assets.module(cls.kind)
            cls._css = assets.css()
        super().__init_subclass__(**kwargs)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._update()
        self.observe(lambda change: self._update(), names=list(self._settings))

    def _results(self) -> dict:
        """The result traits for the current settings (raise ValueError if invalid)."""
        return {}

    def _invalid(self) -> dict:
        """The result traits when the settings are invalid."""
        return {}

    def _update(self) -> None:
        with self.hold_trait_notifications():
            try:
                results = self._results()
            except (ValueError, TypeError) as e:
                results = {**self._invalid(), "error": str(e)}
            else:
                results["error"] = ""
            for name, value in results.items():
                setattr(self, name, value)

    def _page_state(self) -> dict:
        names = [
            name
            for cls in type(self).__mro__
            if isinstance(cls, type) and issubclass(cls, ExplorerWidget)
            for name in cls.class_own_traits(sync=True)
            if not name.startswith("_")  # anywidget's _esm, _css: the page has them already
        ]
        return {name: getattr(self, name) for name in names}

    def _static_html(self) -> str:
        def script_safe(value) -> str:  # JSON that cannot close the <script> element
            return json.dumps(value).replace("</", "<\\/")

        host = f'<div class="pt-host" data-pooltools-widget="{self.kind}">'
        return (
            f"{host}<style>{self._css}</style></div><script>(function () {{\n"
            "  // No widget manager here: run the explorer's module against a stand-in model.\n"
            "  const host = document.currentScript.previousElementSibling;\n"
            f"  const source = {script_safe(self._esm)};\n"
            f"  const state = {script_safe(self._page_state())};\n"
            '  const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));\n'
            "  import(url)\n"
            "    .then(m => m.default.render({model: pooltoolsJS.model(state), el: host}))\n"
            "    .finally(() => URL.revokeObjectURL(url));\n"
            "})();</script>"
        )

    def _repr_mimebundle_(self, **kwargs: Any):
        # In a kernel the widget view wins; front-ends without a widget manager (and the
        # static book, told so by _config.yml) show the text/html fallback instead.
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = self._static_html()
        return data, metadata

    def _repr_html_(self) -> str:
        return self._static_html()


def _cell_window(i, j, k, s, p, d, H, W) -> list[list[int]]:
    return [
        [i * s - p + a * d, j * s - p + b * d]
        for a in range(k)
        for b in range(k)
        if 0 <= i * s - p + a * d < H and 0 <= j * s - p + b * d < W
    ]


class _PoolingSettings(ExplorerWidget):
    x = t.List().tag(sync=True)
    mode = t.Enum(["max", "avg"], "max").tag(sync=True)
    kernel_size = t.Int(2).tag(sync=True)
    stride = t.Int(2).tag(sync=True)
    padding = t.Int(0).tag(sync=True)
    ceil_mode = t.Bool(False).tag(sync=True)
    cell = t.Tuple(t.Int(), t.Int(), default_value=(0, 0)).tag(sync=True)

    def _grid(self) -> np.ndarray:
        return np.asarray(self.x, dtype=np.float64)[None]

    def _clamp(self, rows: int, cols: int) -> tuple[int, int]:
        # a cell outside the output (after a change of settings) becomes (0, 0), as on the page
        i, j = self.cell
        return (i, j) if 0 <= i < rows and 0 <= j < cols else (0, 0)


class WindowExplorer(_PoolingSettings):
    """Step through the output cells and see the window each one reads.

    Traits (settings: set them, or change them in the explorer)
    ------------------------------------------------------------
    x : list of lists
        The input grid; on the page the reader may type, resize, reset or paste it
        ("✎ edit the input"), which sets this trait.
    mode : ``"max"`` or ``"avg"``
    kernel_size, stride, padding, dilation : int
    ceil_mode : bool
    cell : (int, int)
        The selected output cell (row, column).

    Traits (results, computed by pooltools)
    ---------------------------------------
    output : list of lists
        The pooled grid (``[]`` if the settings are invalid).
    value : float or None
        The selected output cell's value.
    window : list of [row, column]
        The input cells the selected output reads (padding left out).
    winner : [row, column] or None
        For max pooling, the input cell the selected output's value comes from.
    error : str
        The rule the settings break, or ``""``.
    """

    kind = "window"
    _settings = ("x", "mode", "kernel_size", "stride", "padding", "dilation", "ceil_mode", "cell")
    dilation = t.Int(1).tag(sync=True)
    output = t.List().tag(sync=True)
    value = t.Float(None, allow_none=True).tag(sync=True)
    window = t.List().tag(sync=True)
    winner = t.List(allow_none=True, default_value=None).tag(sync=True)

    def _results(self) -> dict:
        from .. import avg_pool2d, max_pool2d

        k, s, p, d = self.kernel_size, self.stride, self.padding, self.dilation
        x = self._grid()
        H, W = x.shape[1:]
        if self.mode == "max":
            out, idx = max_pool2d(x, k, s, p, d, self.ceil_mode, return_indices=True)
        else:
            if d != 1:
                raise ValueError(
                    f"window_explorer: dilation={d} must be 1 for mode='avg' "
                    "(average pooling has no dilation, in torch as in pooltools)"
                )
            out, idx = avg_pool2d(x, k, s, p, self.ceil_mode), None
        i, j = self._clamp(*out.shape[1:])
        return {
            "cell": (i, j),
            "output": out[0].tolist(),
            "value": float(out[0, i, j]),
            "window": _cell_window(i, j, k, s, p, d, H, W),
            "winner": None if idx is None else [int(idx[0, i, j]) // W, int(idx[0, i, j]) % W],
        }

    def _invalid(self) -> dict:
        return {"output": [], "value": None, "window": [], "winner": None}


class GradientExplorer(_PoolingSettings):
    """Run pooling backwards: where does an output cell's gradient land in the input?

    Traits (settings)
    -----------------
    x : list of lists
        The input grid; on the page the reader may type, resize, reset or paste it
        ("✎ edit the input"), which sets this trait.
    mode : ``"max"`` or ``"avg"``
    kernel_size, stride, padding : int
    ceil_mode, count_include_pad : bool
    upstream : ``"one cell"`` or ``"all ones"``
        The upstream gradient: 1 at ``cell`` and 0 elsewhere, or 1 everywhere.
    cell : (int, int)
        The selected output cell (row, column).

    Traits (results, computed by pooltools)
    ---------------------------------------
    output : list of lists
        The gradient reaching the input (``[]`` if the settings are invalid).
    error : str
        The rule the settings break, or ``""``.
    """

    kind = "gradient"
    _settings = (
        "x",
        "mode",
        "kernel_size",
        "stride",
        "padding",
        "ceil_mode",
        "count_include_pad",
        "upstream",
        "cell",
    )
    count_include_pad = t.Bool(True).tag(sync=True)
    upstream = t.Enum(["one cell", "all ones"], "one cell").tag(sync=True)
    output = t.List().tag(sync=True)

    def _results(self) -> dict:
        from .. import avg_pool2d, avg_pool2d_backward, max_pool2d, max_pool2d_backward

        k, s, p, ceil = self.kernel_size, self.stride, self.padding, self.ceil_mode
        x = self._grid()
        if self.mode == "max":
            out = max_pool2d(x, k, s, p, 1, ceil)
        else:
            out = avg_pool2d(x, k, s, p, ceil, self.count_include_pad)
        i, j = self._clamp(*out.shape[1:])
        g = np.ones_like(out)
        if self.upstream == "one cell":
            g[:] = 0
            g[0, i, j] = 1
        if self.mode == "max":
            grad = max_pool2d_backward(g, x, k, s, p, 1, ceil)
        else:
            grad = avg_pool2d_backward(g, x, k, s, p, ceil, self.count_include_pad)
        return {"cell": (i, j), "output": grad[0].tolist()}

    def _invalid(self) -> dict:
        return {"output": []}


class ShapeLab(ExplorerWidget):
    """Output size along one axis, the windows drawn over the input, or the rule broken.

    Traits (settings)
    -----------------
    length, kernel_size, stride, padding, dilation : int
    ceil_mode : bool

    Traits (results)
    ----------------
    output : int or None
        ``pool_output_size`` of the settings (``None`` if they are invalid).
    windows : list of [start, stop]
        The input positions each window spans (padding counts from ``-padding``).
    error : str
    """

    kind = "shape"
    _settings = ("length", "kernel_size", "stride", "padding", "dilation", "ceil_mode")
    length = t.Int(7).tag(sync=True)
    kernel_size = t.Int(3).tag(sync=True)
    stride = t.Int(2).tag(sync=True)
    padding = t.Int(1).tag(sync=True)
    dilation = t.Int(1).tag(sync=True)
    ceil_mode = t.Bool(False).tag(sync=True)
    output = t.Int(None, allow_none=True).tag(sync=True)
    windows = t.List().tag(sync=True)

    def _results(self) -> dict:
        from .. import pool_output_size

        if self.length < 1:
            raise ValueError(f"shape_lab: length={self.length} must be positive")
        s, p, span = self.stride, self.padding, self.dilation * (self.kernel_size - 1) + 1
        n = pool_output_size(self.length, self.kernel_size, s, p, self.dilation, self.ceil_mode)
        return {"output": n, "windows": [[o * s - p, o * s - p + span] for o in range(n)]}

    def _invalid(self) -> dict:
        return {"output": None, "windows": []}


class AdaptiveBinsExplorer(ExplorerWidget):
    """The bins adaptive pooling uses for an input and output size.

    Traits (settings)
    -----------------
    input_size, output_size : int

    Traits (results)
    ----------------
    bins : list of [start, stop]
        ``adaptive_bins(input_size, output_size)``.
    error : str
    """

    kind = "adaptive"
    _settings = ("input_size", "output_size")
    input_size = t.Int(10).tag(sync=True)
    output_size = t.Int(4).tag(sync=True)
    bins = t.List().tag(sync=True)

    def _results(self) -> dict:
        from .. import adaptive_bins

        return {"bins": [list(b) for b in adaptive_bins(self.input_size, self.output_size)]}

    def _invalid(self) -> dict:
        return {"bins": []}


class FeatureMaps(ExplorerWidget):
    """A photograph, an edge filter's response, and that response max or average pooled.

    Traits (settings)
    -----------------
    mode : ``"max"`` or ``"avg"``
    kernel_size : int
        One of ``config["kernels"]``; the stride equals it.
    image : list of lists
        A picture to show instead of the one the explorer was made with: a grid of
        grayscale values (0 to 1 for a photograph), sides from ``max(kernels) + 2`` to
        1024; ``[]`` (the default) shows the explorer's own picture. "Open a picture…"
        in the page (or a picture dropped on it) sets it to the reader's picture, made
        ``config["size"]`` a side as ``compute.square_gray`` makes it; "Back to the
        book's photograph" sets it to ``[]``. Set from Python, the page redraws.

    Traits (results)
    ----------------
    output : [int, int]
        The pooled map's height and width.
    error : str

    Attributes (results, computed by pooltools in Python; the page computes its own)
    --------------------------------------------------------------------------------
    picture : ndarray
        The grayscale picture shown (float32): ``image``, or the explorer's own.
    response : ndarray
        Its vertical-edge response, ``relu(vertical_edges(picture))``.
    pooled : ndarray
        The response max or average pooled with ``kernel_size`` (= stride), as shown.
    """

    kind = "features"
    _settings = ("mode", "kernel_size", "image")
    mode = t.Enum(["max", "avg"], "max").tag(sync=True)
    kernel_size = t.Int(2).tag(sync=True)
    image = t.List().tag(sync=True)
    output = t.List().tag(sync=True)

    def __init__(self, photo=None, **kwargs: Any) -> None:
        # the explorer's own picture, for the results in Python (the page has its PNGs)
        self._photo = None if photo is None else np.asarray(photo, dtype=np.float32)
        super().__init__(**kwargs)

    def _results(self) -> dict:
        from .. import avg_pool2d, max_pool2d

        key = f"{self.mode}-{self.kernel_size}"
        if key not in self.config.get("views", {}):
            raise ValueError(
                f"feature_maps: kernel_size={self.kernel_size} must be one of "
                f"{self.config.get('kernels')}"
            )
        if self.image:
            picture = compute._feature_image("feature_maps", self.image, self.config["kernels"])
        elif self._photo is not None:
            picture = self._photo
        else:  # made without a picture: the shape the page shows, nothing to compute
            return {"output": self.config["views"][key]["shape"]}
        response = np.maximum(compute.vertical_edges(picture), 0)
        pool = max_pool2d if self.mode == "max" else avg_pool2d
        pooled = pool(response[None], self.kernel_size)[0]
        return {
            "output": list(pooled.shape),
            "picture": picture,
            "response": response,
            "pooled": pooled,
        }

    def _invalid(self) -> dict:
        return {"output": [], "picture": None, "response": None, "pooled": None}


class DownsampleExplorer(ExplorerWidget):
    """One grid max pooled, average pooled and convolved with stride 2, side by side.

    Traits (settings)
    -----------------
    x : list of lists
        The input grid, 2x2 to 12x12 finite numbers; the reader may edit it on the page.
    kernel : str
        The strided convolution's 3x3 kernel: a name in ``config["kernels"]``.

    Traits (results, computed by pooltools)
    ---------------------------------------
    output : dict or None
        ``{"max", "avg", "conv", "kernel"}``: max and average pooling 2x2 with stride 2,
        the 3x3 convolution with stride 2 and padding 1, and the kernel's name (``None``
        if the settings are invalid).
    error : str
    """

    kind = "downsample"
    _settings = ("x", "kernel")
    x = t.List().tag(sync=True)
    kernel = t.Unicode("average (box)").tag(sync=True)
    output = t.Dict(None, allow_none=True).tag(sync=True)

    def _results(self) -> dict:
        kernels = self.config.get("kernels", {})
        return {
            "output": compute._downsample_outputs(
                "downsample_explorer", self.x, self.kernel, kernels
            )
        }

    def _invalid(self) -> dict:
        return {"output": None}


class ShiftExplorer(ExplorerWidget):
    """Shift a signal circularly and compare max, average and max-blur pooling with before.

    Traits (settings)
    -----------------
    signal : str
        The signal's name in ``config["signals"]``.
    x : list of float
        The reader's own signal, shown when ``signal`` is ``"your signal"`` (then
        ``config["signals"]["your signal"]`` is only what the page's reset restores). The
        page's editor sets it as the reader types, pastes or draws; setting it from Python
        selects ``"your signal"`` too.
    shift : int
        By how many samples the signal is rolled; outside 0 to its length - 1 it is
        clamped into that range, as the page's slider clamps it.

    Traits (results, computed by pooltools)
    ---------------------------------------
    output : dict or None
        ``{"shift", "input", "max", "avg", "blur", "max_copy", "avg_copy",
        "blur_copy"}``: the rolled signal, its three poolings (``shift_outputs``), and
        for each the number of cells by which the unshifted output moved, or ``None`` if
        it is no shifted copy (``output`` is ``None`` if the settings are invalid).
    error : str
    """

    kind = "shift"
    _settings = ("signal", "x", "shift")
    signal = t.Unicode("").tag(sync=True)
    x = t.List().tag(sync=True)
    shift = t.Int(0).tag(sync=True)
    output = t.Dict(None, allow_none=True).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.observe(lambda change: setattr(self, "signal", compute.YOUR_SIGNAL), names="x")

    def _results(self) -> dict:
        signals = self.config.get("signals", {})
        if self.signal not in signals:
            raise ValueError(
                f"shift_explorer: signal={self.signal!r} must be one of {list(signals)}"
            )
        x = self.x if self.signal == compute.YOUR_SIGNAL else signals[self.signal]
        x = compute._signal("shift_explorer", x)  # the reader's: its rule, in words
        shift = min(max(self.shift, 0), len(x) - 1)
        return {"shift": shift, "output": compute._shift_view("shift_explorer", x, shift)}

    def _invalid(self) -> dict:
        return {"output": None}


class ArchitectureTrace(ExplorerWidget):
    """Step through where a network downsamples, one architecture at a time.

    Traits (settings)
    -----------------
    architecture : str
        A name in ``config["architectures"]``.
    step : int
        The step shown, from 0; past the last step it becomes the last, as on the page.

    Traits (results)
    ----------------
    output : dict or None
        The step: ``{"architecture", "step", "layer", "kind", "shape", "total_stride"}``
        (``None`` if the settings are invalid).
    error : str
    """

    kind = "trace"
    _settings = ("architecture", "step")
    architecture = t.Unicode("").tag(sync=True)
    step = t.Int(0).tag(sync=True)
    output = t.Dict(None, allow_none=True).tag(sync=True)

    def _results(self) -> dict:
        architectures = self.config.get("architectures", {})
        if self.architecture not in architectures:
            raise ValueError(
                f"architecture_trace: architecture={self.architecture!r} must be one of "
                f"{list(architectures)}"
            )
        steps = architectures[self.architecture]
        i = min(max(self.step, 0), len(steps) - 1)
        step = steps[i]
        return {
            "step": i,
            "output": {
                "architecture": self.architecture,
                "step": i,
                **{key: step[key] for key in ("layer", "kind", "shape", "total_stride")},
            },
        }

    def _invalid(self) -> dict:
        return {"output": None}


def _nearest(values, v: float) -> float:
    return min(values, key=lambda w: abs(w - v))  # the first of two equally near, as the page


class FamilyExplorer(ExplorerWidget):
    """One window pooled by the family from the mean to the max, and fractional windows.

    Traits (settings)
    -----------------
    x : list of float
        The window: 2 to 8 finite non-negative numbers; the reader may edit or draw it
        on the page.
    p : float
        The exponent of the power mean and the Lp norm; snapped to the nearest of
        ``config["p_values"]``, as the page's slider snaps it.
    beta : float
        Softmax pooling's inverse temperature; snapped to ``config["beta_values"]``.
    ratio : float
        Fractional max pooling's output ratio, one of ``config["ratios"]``.
    u : float
        The sample in [0, 1) that places the fractional windows; rounded to hundredths.

    Traits (results, computed by pooltools)
    ---------------------------------------
    output : dict or None
        ``family_outputs`` of the window (``mean``, ``max``, ``power_mean``,
        ``lp_norm``, ``softmax``, ``weights``) with the ``p`` and ``beta`` used, and
        ``n`` and ``starts`` of the fractional windows (``fractional_starts``).
    error : str
    """

    kind = "family"
    _settings = ("x", "p", "beta", "ratio", "u")
    x = t.List().tag(sync=True)
    p = t.Float(3.0).tag(sync=True)
    beta = t.Float(1.0).tag(sync=True)
    ratio = t.Float(0.7071).tag(sync=True)
    u = t.Float(0.3).tag(sync=True)
    output = t.Dict(None, allow_none=True).tag(sync=True)

    def _results(self) -> dict:
        c = self.config
        if self.ratio not in c["ratios"]:
            raise ValueError(f"family_explorer: ratio={self.ratio!r} must be one of {c['ratios']}")
        if not 0 <= self.u < 1:
            raise ValueError(f"family_explorer: u={self.u!r} must be in [0, 1)")
        p, beta = _nearest(c["p_values"], self.p), _nearest(c["beta_values"], self.beta)
        u = round(self.u * 100) / 100
        out = compute.family_outputs(compute._window("family_explorer", self.x).tolist(), p, beta)
        n = int(np.floor(c["length"] * self.ratio))
        starts = compute.fractional_starts(c["length"], n, c["kernel"], u)
        return {"output": {"p": p, "beta": beta, **out, "n": n, "starts": starts.tolist()}}

    def _invalid(self) -> dict:
        return {"output": None}


class TransposeExplorer(ExplorerWidget):
    """A transposed convolution, input cell by input cell: which output cells each paints.

    The kernel is all ones (``kernel_size`` x ``kernel_size``), so each output cell is the
    sum of the input cells that paint it.

    Traits (settings: set them, or change them in the explorer)
    ------------------------------------------------------------
    x : list of lists
        The input grid, 1x1 to 6x6 finite numbers; the reader may edit it on the page.
    kernel_size, stride, padding, output_padding, dilation : int
        As in ``conv_transpose2d``; at most ``config["limits"]`` (7, 4, 6, 3 and 3),
        the controls' ranges.
    cell : (int, int)
        The selected input cell (row, column); outside the input it becomes (0, 0).

    Traits (results, computed by pooltools)
    ---------------------------------------
    output : list of lists
        ``conv_transpose2d`` of ``x`` with the all-ones kernel (``[]`` if the settings are
        invalid).
    counts : list of lists
        The same of an all-ones input: how many input cells paint each output cell.
    painted : list of [row, column]
        The output cells the selected input cell paints (those padding crops left out).
    error : str
        The rule the settings break, or ``""``.
    """

    kind = "transpose"
    _settings = ("x", "kernel_size", "stride", "padding", "output_padding", "dilation", "cell")
    x = t.List().tag(sync=True)
    kernel_size = t.Int(3).tag(sync=True)
    stride = t.Int(2).tag(sync=True)
    padding = t.Int(0).tag(sync=True)
    output_padding = t.Int(0).tag(sync=True)
    dilation = t.Int(1).tag(sync=True)
    cell = t.Tuple(t.Int(), t.Int(), default_value=(0, 0)).tag(sync=True)
    output = t.List().tag(sync=True)
    counts = t.List().tag(sync=True)
    painted = t.List().tag(sync=True)

    def _results(self) -> dict:
        return compute._transpose_view(
            "transpose_explorer",
            self.x,
            self.kernel_size,
            self.stride,
            self.padding,
            self.output_padding,
            self.dilation,
            self.cell,
        )

    def _invalid(self) -> dict:
        return {"output": [], "counts": [], "painted": []}
