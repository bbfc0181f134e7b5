"""Interactive explorers: Jupyter widgets in a kernel, the same drawing in the static book.

Each function checks its arguments and returns a widget (an ``anywidget.AnyWidget``, see
``pooltools.explore.widgets``) whose settings and selection are traits shared with the page:
what the learner does in the explorer changes them in Python, setting them from Python
redraws it, and the results (``output``, ``error``, ...) are recomputed by pooltools at
once. Each widget class's docstring lists its traits. Where there is no kernel (the
rendered book, a front-end without widgets) the widget's ``text/html`` fallback runs
the same ES module against a stand-in model, so the controls still work. Every
explorer's root element carries ``data-pooltools-explorer``; its controls are plain
``input``, ``select`` and ``button`` elements, usable from the keyboard.

- ``window_explorer``: the window each output cell reads, its value, the size formula.
- ``gradient_explorer``: where an output's gradient lands in the input.
- ``shape_lab``: output size and the windows along one axis, or the rule broken.
- ``adaptive_bins_explorer``: the bins of adaptive pooling over the input.
- ``feature_maps``: a photograph, an edge filter's response, max and average pooled.
- ``downsample_explorer``: one grid max pooled, average pooled and convolved with stride
  2, side by side (chapter 7).
- ``shift_explorer``: shift a signal and watch max, average and blur pooling change or
  stay (chapter 8).
- ``architecture_trace``: step through where a network downsamples (chapter 9).
- ``family_explorer``: one window pooled by the family from the mean to the max (power
  mean, Lp norm, softmax pooling), and fractional max pooling's windows (chapter 11).
- ``transpose_explorer``: a transposed convolution, input cell by input cell: which
  output cells each paints, how many paint each, and what padding and output padding
  crop and add (chapter 12).

The package: ``explorers.py`` (the functions above), ``compute.py`` (what they show,
computed by pooltools), ``widgets.py`` (the anywidget classes), ``assets.py`` (the one
loader of the JavaScript and CSS in ``js/``, which bundles each explorer's ES module).

"""

from .compute import (
    DOWNSAMPLE_KERNELS,
    FAMILY_BETA,
    FAMILY_P,
    FAMILY_RATIOS,
    FAMILY_WINDOW,
    SHIFT_SIGNALS,
    TRANSPOSE_LIMITS,
    family_outputs,
    fractional_starts,
    sample_photo,
    shift_outputs,
    vertical_edges,
    zone_plate,
)
from .explorers import (
    TRACE_KINDS,
    adaptive_bins_explorer,
    architecture_trace,
    downsample_explorer,
    family_explorer,
    feature_maps,
    gradient_explorer,
    shape_lab,
    shift_explorer,
    transpose_explorer,
    window_explorer,
)

__all__ = [
    "DOWNSAMPLE_KERNELS",
    "FAMILY_BETA",
    "FAMILY_P",
    "FAMILY_RATIOS",
    "FAMILY_WINDOW",
    "SHIFT_SIGNALS",
    "TRACE_KINDS",
    "TRANSPOSE_LIMITS",
    "adaptive_bins_explorer",
    "architecture_trace",
    "downsample_explorer",
    "family_explorer",
    "family_outputs",
    "feature_maps",
    "fractional_starts",
    "gradient_explorer",
    "sample_photo",
    "shape_lab",
    "shift_explorer",
    "shift_outputs",
    "transpose_explorer",
    "vertical_edges",
    "window_explorer",
    "zone_plate",
]
