"""The exercise bank: for each exercise id, what kind of answer it takes, a function
that computes the answer with pooltools when it is checked (no answer is stored), and a
hint for a wrong answer. Entries come in chapter order; each chapter's share an id prefix.

The kind is a whole noun phrase that the answer box and its messages use as it is ("a
number", "a list of 7 numbers", "a 2x2 array"). An exercise that asks more than one
question with an answer to check has one entry per part, with ids ending in -a, -b, ...
(the chapter's ``check("grad-sum-a", None)``, ``check("grad-sum-b", None)``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .. import (
    adaptive_avg_pool2d,
    adaptive_bins,
    avg_pool1d,
    avg_pool2d,
    avg_pool2d_backward,
    conv_transpose1d,
    conv_transpose_output_size,
    fractional_max_pool2d,
    lp_pool1d,
    max_pool2d,
    max_pool2d_backward,
    max_unpool2d,
    pool_output_size,
)

#: The 4x4 grid the exercises of chapters 2 and 3 pool (``from pooltools.exercises import GRID``).
GRID = np.array([[2, 9, 4, 4], [1, 0, 7, 3], [5, 5, 8, 1], [6, 2, 0, 9]], dtype=float)


def _receptive_field(layers) -> int:
    field, jump = 1, 1
    for k, s in layers:
        field, jump = field + (k - 1) * jump, jump * s
    return field


def _best_max_window(alpha1: float, alpha2: float) -> int:
    """The window size P at which max pooling best separates on/off features active with
    probability alpha1 and alpha2 (chapter 11's model): the largest psi over P = 1..1024."""
    p = np.arange(1, 1025, dtype=float)
    q1, q2 = 1 - (1 - alpha1) ** p, 1 - (1 - alpha2) ** p
    with np.errstate(invalid="ignore"):
        psi = np.nan_to_num(abs(q1 - q2) / (np.sqrt(q1 * (1 - q1)) + np.sqrt(q2 * (1 - q2))))
    return int(p[np.argmax(psi)])


def _reached(dilations) -> set[int]:
    """The offsets along one axis that stride-1 3-tap convolutions with these dilations
    reach from their centre output (chapter 12; in 2-D, the product of two such sets)."""
    reach = {0}
    for d in dilations:
        reach = {r + step for r in reach for step in (-d, 0, d)}
    return reach


def _widest_hole_free(layers: int, largest: int = 30) -> int:
    """The widest field of ``layers`` dilated 3x3 convolutions that reads every cell of it."""
    best, frontier = 1, [()]
    for _ in range(layers):
        frontier = [ds + (d,) for ds in frontier for d in range(1, largest + 1)]
    for ds in frontier:
        reach = _reached(ds)
        if len(reach) == 2 * max(reach) + 1:  # no gap from -R to R
            best = max(best, len(reach))
    return best


def _uneven_overlap(kernel_size: int, stride: int) -> bool:
    """Whether a transposed convolution paints some output cells more often than their
    neighbours, away from the borders (chapter 12's checkerboard)."""
    ones = np.ones((1, 1, kernel_size))
    painted = conv_transpose1d(np.ones((1, 1, 8)), ones, stride=stride)[0, 0]
    return bool(np.ptp(painted[kernel_size:-kernel_size]))


def _resnet50_field(stride_on_3x3: bool) -> int:
    """ResNet-50's receptive field through its longest path (every bottleneck body), with
    each stage's stride on the 3x3 convolution (torchvision) or on the first 1x1 (paper)."""
    layers = [(7, 2), (3, 2)]  # the stem
    for stage, blocks in enumerate((3, 4, 6, 3)):
        for block in range(blocks):
            s = 2 if stage > 0 and block == 0 else 1
            layers += [(1, 1 if stride_on_3x3 else s), (3, s if stride_on_3x3 else 1), (1, 1)]
    return _receptive_field(layers)


def _shared_cells(length: int, bins: int) -> np.ndarray:
    """The cells that lie in two adaptive bins, in order."""
    counts = np.bincount(np.hstack([np.arange(*b) for b in adaptive_bins(length, bins)]))
    return np.flatnonzero(counts > 1)


# exercise id -> (what the answer is, a function computing it, a hint for a wrong answer)
_ANSWERS: dict[str, tuple[str, Callable[[], object], str]] = {
    "why-flat-depth": (
        "a number",
        lambda: next(n for n in range(1, 200) if _receptive_field([(3, 1)] * n) >= 101),
        "Each 3x3 convolution with stride 1 widens the field by 2 pixels, from 1.",
    ),
    "why-receptive-field": (
        "a number",
        lambda: _receptive_field([(3, 1), (3, 1), (2, 2), (3, 1)]),
        "After the pooling layer, one step of the next layer spans 2 input pixels.",
    ),
    "why-explorer-tile": (
        "a pair (kernel_size, stride)",
        lambda: next((k, k) for k in range(1, 7) if pool_output_size(6, k, k) == 2 and 2 * k == 6),
        "Windows that neither overlap nor leave gaps have stride = kernel; two of them span 6.",
    ),
    "max-4x4": (
        "a 2x2 array",
        lambda: max_pool2d(GRID[None], 2)[0],
        "Split the grid into four 2x2 blocks and take each block's largest value.",
    ),
    "max-shape": (
        "a shape tuple",
        lambda: max_pool2d(np.zeros((4, 3, 64, 48)), 2, 2).shape,
        "Which dimensions does pooling change, and which does it never touch?",
    ),
    "max-overlap-a": (
        "a number",
        lambda: max_pool2d(GRID[None], 3, stride=1)[0].size,
        "A 3-cell window has L - k + 1 positions along each axis; pair rows with columns.",
    ),
    "max-overlap-b": (
        "a 2x2 array",
        lambda: max_pool2d(GRID[None], 3, stride=1)[0],
        "A 3x3 window fits in 2 positions along each axis; the windows overlap.",
    ),
    "max-cost-a": (
        "a number",
        lambda: max_pool2d(np.zeros((8, 16, 32, 32)), 2).size,
        "Pooling keeps the batch and the channels and halves each side.",
    ),
    "max-cost-b": (
        "a number",
        lambda: max_pool2d(np.zeros((8, 16, 32, 32)), 2).size * (2 * 2 - 1),
        "Each output is the maximum of its window's 4 values: 3 comparisons.",
    ),
    "max-cost-c": (
        "a number",
        lambda: max_pool2d(np.zeros((8, 16, 32, 32)), 2).size * np.dtype(np.int64).itemsize,
        "One index per output cell, and each index is an int64: 8 bytes.",
    ),
    "avg-4x4": (
        "a 2x2 array",
        lambda: avg_pool2d(GRID[None], 2)[0],
        "Each output is the sum of a 2x2 block divided by 4.",
    ),
    "avg-corner": (
        "a number",
        lambda: float(avg_pool2d(np.ones((1, 4, 4)), 3, 1, 1)[0, 0, 0]),
        "How many of the corner window's 9 cells are real, and what is the divisor?",
    ),
    "avg-border-count": (
        "a number",
        lambda: int((avg_pool2d(np.ones((1, 4, 4)), 3, 1, 1) < 1).sum()),
        "Which windows contain a padding cell? Only the 2x2 centre's windows do not.",
    ),
    "shape-224": (
        "a number",
        lambda: pool_output_size(224, 3, 2, 1),
        "Use floor((L + 2p - d(k-1) - 1)/s) + 1.",
    ),
    "shape-ceil-a": (
        "a number",
        lambda: pool_output_size(7, 2, 2, ceil_mode=True),
        "In ceil mode, round up, then check that the last window starts inside the input.",
    ),
    "shape-ceil-b": (
        "a number",
        lambda: pool_output_size(7, 2, 2),
        "Without ceil mode, round down: floor((L - k)/s) + 1.",
    ),
    "shape-rf-stem": (
        "a number",
        lambda: _receptive_field([(7, 2), (3, 2)]),
        "r_l = r_(l-1) + (k_l - 1) j_(l-1); the jump after the 7x7 stride-2 convolution is 2.",
    ),
    "shape-tf-same": (
        "a pair (left, right)",
        lambda: (lambda total: (total // 2, total - total // 2))(
            max((-(-8 // 2) - 1) * 2 + 3 - 8, 0)
        ),
        "Total = max((ceil(L/s) - 1)s + k - L, 0); the left side gets the floor of half.",
    ),
    # Chapter 5: global and adaptive pooling
    "adaptive-bins-a": (
        "a list of 4 (start, stop) pairs",
        lambda: np.array(adaptive_bins(10, 4)),
        "Bin i runs from floor(i*L/n) up to, not including, ceil((i+1)*L/n).",
    ),
    "adaptive-bins-b": (
        "a list of cell indices",
        lambda: _shared_cells(10, 4),
        "A cell feeds two outputs when the bins on either side of a cut both hold it.",
    ),
    "global-head-params": (
        "a number",
        lambda: 64 * 10 + 10,  # a weight per (channel, class) and a bias per class
        "Global average pooling has no parameters; count the linear layer's weights and biases.",
    ),
    "adaptive-copies": (
        "a number",
        lambda: int((adaptive_avg_pool2d(np.eye(1, 4).reshape(1, 2, 2), 7) == 1).sum()),
        "Find the bins along one axis first; a copy of cell (0, 0) needs bin [0, 1) on both axes.",
    ),
    # (end of chapter 5)
    # Chapter 6: backpropagation through pooling
    # (pooltools' backward functions are looked up at check time: this section may not
    # add imports at the top of the module)
    "grad-overlap": (
        "a number",
        lambda: float(
            max_pool2d_backward(np.array([[[1.0, 2.0], [3.0, 4.0]]]), GRID[None], 3, stride=1)[
                0, 0, 1
            ]
        ),
        "Find the winner of each of the four windows; a cell collects every window it wins.",
    ),
    "grad-sum-a": (
        "a number",
        lambda: float(avg_pool2d_backward(np.ones((1, 3, 3)), np.zeros((1, 5, 5)), 3, 2, 1).sum()),
        "Each window hands down (real cells) / 9 in total; padding cells keep their share.",
    ),
    "grad-sum-b": (
        "a number",
        lambda: float(
            avg_pool2d_backward(
                np.ones((1, 3, 3)), np.zeros((1, 5, 5)), 3, 2, 1, count_include_pad=False
            ).sum()
        ),
        "Each window now divides by its own number of real cells: what does it hand down?",
    ),
    "grad-unpool-size-a": (
        "a number",
        lambda: max_unpool2d(*max_pool2d(np.zeros((1, 7, 7)), 2, return_indices=True), 2).shape[-1],
        "Without output_size, unpooling uses (H_in - 1) * stride - 2 * padding + kernel_size.",
    ),
    "grad-unpool-size-b": (
        "a pair (height, width)",
        # the size unpooling must rebuild, which it accepts (within one stride of the default)
        lambda: max_unpool2d(
            *max_pool2d(np.zeros((1, 7, 7)), 2, return_indices=True), 2, output_size=(7, 7)
        ).shape[-2:],
        "output_size is the (height, width) the unpooled map should have.",
    ),
    # (end of chapter 6)
    # Chapter 7: strided convolution versus pooling
    "stride-weight-shape-a": (
        "a shape tuple",
        lambda: (256, 128, 3, 3),  # one 3x3 filter per (output, input) channel pair
        "One 3x3 filter per output channel, over all input channels; PyTorch puts out first.",
    ),
    "stride-weight-shape-b": (
        "a number",
        lambda: 256 * 128 * 3 * 3 + 256,  # the weights, and one bias per output channel
        "Count the weight tensor's entries, then add one bias per output channel.",
    ),
    "stride-avg-weight": (
        "a number",
        # a weight is avg_pool2d's response to a window holding 1 in that cell, 0 elsewhere
        lambda: float(avg_pool2d(np.eye(9)[4].reshape(1, 3, 3), 3)[0, 0, 0]),
        "Average pooling is linear: what does one window's output owe to each of its cells?",
    ),
    "stride-subsample": (
        "a 2x2 array",
        lambda: max_pool2d(GRID[None], 1, stride=2)[0],  # a 1x1 window: no pooling, only stride
        "With this kernel, each output copies one input cell: which one?",
    ),
    "stride-max-relu-a": (
        "a number",
        # rounds of pairwise maxima over the 4 cells of a 2x2 window, one ReLU layer each
        lambda: math.ceil(math.log2(max_pool2d(np.ones((1, 2, 2)), 1).size)),
        "One ReLU layer takes the maximum of each pair: how many rounds do 4 cells need?",
    ),
    "stride-max-relu-b": (
        "a number",
        # rounds of pairwise maxima over the 9 cells of a 3x3 window, one ReLU layer each
        lambda: math.ceil(math.log2(max_pool2d(np.ones((1, 3, 3)), 1).size)),
        "Each ReLU layer takes maxima of pairs: how many candidates are left after each round?",
    ),
    # (end of chapter 7)
    # Chapter 8: translation robustness
    "shift-smallest-shift": (
        "a number",
        lambda: 32 // pool_output_size(pool_output_size(pool_output_size(32, 2, 2), 2, 2), 2, 2),
        "The shift must move every stage's output by a whole number of cells.",
    ),
    "shift-max-pair-a": (
        "a list of 2 numbers",
        lambda: max_pool2d(np.array([[[5.0, 1, 0, 3]]]), (1, 2))[0, 0],
        "Kernel 2 and stride 2: the windows are samples 0 and 1, then samples 2 and 3.",
    ),
    "shift-max-pair-b": (
        "a list of 2 numbers",
        lambda: max_pool2d(np.roll([[[5.0, 1, 0, 3]]], 1, axis=-1), (1, 2))[0, 0],
        "np.roll moves every sample one place right; the last one wraps round to the front.",
    ),
    # (end of chapter 8)
    # Chapter 9: pooling in modern CNNs (each answer follows the side layer by layer)
    "modern-resnet50-stride": (
        "a number",
        lambda: (
            side := 224,
            side := pool_output_size(side, 7, 2, 3),  # stem: 7x7 conv, stride 2
            side := pool_output_size(side, 3, 2, 1),  # stem: 3x3 max pooling, stride 2
            side := pool_output_size(side, 3, 2, 1),  # stage 2: 3x3 conv, stride 2
            side := pool_output_size(side, 3, 2, 1),  # stage 3
            side := pool_output_size(side, 3, 2, 1),  # stage 4
            224 // side,  # padded layers: the input side over the final side
        )[-1],
        "Multiply the strides of the downsampling layers on the main path.",
    ),
    "modern-resnet50-field": (
        "a number",
        lambda: _resnet50_field(stride_on_3x3=False) - _resnet50_field(stride_on_3x3=True),
        "A layer adds (k - 1) times the jump in front of it: where does the 3x3 sit, before "
        "or after its block's stride?",
    ),
    "modern-alexnet-227": (
        "a number",
        lambda: (
            side := pool_output_size(227, 11, 4, 2),  # conv 11x11, stride 4, padding 2
            side := pool_output_size(side, 3, 2),  # max pooling 3x3, stride 2
            side := pool_output_size(side, 5, 1, 2),  # conv 5x5, padding 2
            side := pool_output_size(side, 3, 2),  # max pooling
            side := pool_output_size(side, 3, 2),  # three padded 3x3 convs keep it; max pooling
        )[-1],
        "Apply floor((L + 2p - k)/s) + 1 layer by layer; padded 3x3 convolutions keep the size.",
    ),
    "modern-resnet-320": (
        "a number",
        lambda: (
            side := 320,
            *(side := pool_output_size(side, k, 2, k // 2) for k in (7, 3, 3, 3, 3)),
        )[-1],
        "Five layers halve the side, rounding up: the stem conv, the max pool, three stages.",
    ),
    "modern-spp-length-a": (
        "a number",
        lambda: sum(adaptive_avg_pool2d(np.zeros((1, 256, 20, 20)), n).size for n in (6, 3, 2, 1)),
        "Each level gives n x n bins per channel, whatever the size of the map.",
    ),
    "modern-spp-length-b": (
        "a number",
        lambda: sum(adaptive_avg_pool2d(np.zeros((1, 256, 9, 9)), n).size for n in (6, 3, 2, 1)),
        "Each level gives n x n bins per channel, whatever the size of the map.",
    ),
    # (end of chapter 9)
    # Chapter 10: common mistakes
    "mistake-gap-features": (
        "a number",
        lambda: avg_pool2d(np.zeros((1, 256, 8, 8)), (8, 8)).shape[1],  # a map-sized window
        "Which dimensions does global average pooling remove, and which does it keep?",
    ),
    "mistake-corner-divisor": (
        "a number",
        lambda: float(
            avg_pool2d(np.ones((1, 5, 5)), 3, 1, 1, divisor_override=1)[0, 0, 0]
            / avg_pool2d(np.ones((1, 5, 5)), 3, 1, 1, count_include_pad=False)[0, 0, 0]
        ),
        "Count the corner window's cells that lie inside the input.",
    ),
    "mistake-avgpool7-ignored": (
        "a number",
        lambda: 64 - int(avg_pool2d(np.ones((1, 8, 8)), 7, divisor_override=1).sum()),
        "How many rows and columns does one 7x7 window with stride 7 cover on an 8x8 map?",
    ),
    # (end of chapter 10)
    "beyond-max-window": (
        "a number",
        lambda: _best_max_window(0.05, 0.1),
        "Compute psi for max pooling, with q = 1 - (1 - alpha)**P, for P = 1, 2, ...: where "
        "does it peak?",
    ),
    "beyond-max-window-sparser": (
        "a number",
        lambda: _best_max_window(0.025, 0.05),
        "For small alpha, (1 - alpha)**P is close to exp(-alpha * P): what matters is alpha * P.",
    ),
    "beyond-torch-lp": (
        "a number",
        lambda: float(lp_pool1d(np.array([[-1.0, 2.0, 3.0, -5.0]]), 1, 4)[0, 0]),
        "At p = 1, lp_pool keeps the signs: it is not the L1 norm.",
    ),
    "beyond-stochastic": (
        "a number",
        lambda: (
            float(avg_pool1d(np.array([[1.0, 2, 3, 0]]) ** 2, 4)[0, 0])
            / float(avg_pool1d(np.array([[1.0, 2, 3, 0]]), 4)[0, 0])
        ),
        "Weight each value by its share of the window's sum: sum of x**2 over sum of x.",
    ),
    "beyond-fractional": (
        "a list of 7 numbers",
        lambda: (
            fractional_max_pool2d(
                np.arange(10.0)[None, None, None],
                (1, 2),
                output_size=(1, 7),
                return_indices=True,
                _random_samples=np.full((1, 1, 2), 0.5),
            )[1][0, 0, 0]
            - 1.0
        ),
        "alpha = (L - k) / (n - 1); start i = floor((i + u) alpha) - floor(u alpha); "
        "the last start is L - k.",
    ),
    # (end of chapter 11)
    # Chapter 12: dilation and upsampling
    "upsampling-size": (
        "a number",
        lambda: conv_transpose_output_size(13, 4, stride=2, padding=1),
        "O = (I - 1) s - 2p + d (k - 1) + output_padding + 1.",
    ),
    "upsampling-output-padding": (
        "a number",
        lambda: 16 - conv_transpose_output_size(pool_output_size(16, 3, 2, 1), 3, 2, 1),
        "Compute what the transposed convolution gives from 8 cells without it.",
    ),
    "upsampling-gridding": (
        "a number",
        lambda: len(_reached((2, 2, 2))) ** 2,
        "Each layer moves by -2, 0 or +2 along each axis: which offsets can three reach?",
    ),
    "upsampling-no-holes": (
        "a number",
        lambda: _widest_hole_free(3),
        "If the first layers read every offset from -R to R, a dilation d leaves no gap "
        "while d <= 2R + 1.",
    ),
    "upsampling-uneven": (
        "a list of 2 numbers",
        lambda: np.array([k for k in (2, 3, 4, 5, 6) if _uneven_overlap(k, stride=2)]),
        "Away from the borders, count how many copies of the kernel cover each output cell.",
    ),
    # (end of chapter 12)
}
