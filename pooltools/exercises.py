"""Self-checks for the book's exercises: they say right, or what is wrong, never the answer.

    >>> from pooltools.exercises import check
    >>> check("shape-224", 112)
    ✓ shape-224: right.
    >>> check("shape-224", 111)
    ✗ shape-224: not yet: 111 is too small. Hint: Use floor((L + 2p - d(k-1) - 1)/s) + 1.

Each expected answer is computed by pooltools when you check, not stored.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import (
    adaptive_avg_pool2d,
    adaptive_bins,
    avg_pool2d,
    avg_pool2d_backward,
    max_pool2d,
    max_pool2d_backward,
    max_unpool2d,
    pool_output_size,
)
from .explore import _asset
from .implementation_check import check_implementation  # noqa: F401  (the lab's check)

#: The 4x4 grid the exercises of chapters 2 and 3 pool (``from pooltools.exercises import GRID``).
GRID = np.array([[2, 9, 4, 4], [1, 0, 7, 3], [5, 5, 8, 1], [6, 2, 0, 9]], dtype=float)


def _receptive_field(layers) -> int:
    field, jump = 1, 1
    for k, s in layers:
        field, jump = field + (k - 1) * jump, jump * s
    return field


# exercise id -> (what the answer is, a function computing it, a hint for a wrong answer)
_ANSWERS: dict[str, tuple[str, Callable[[], object], str]] = {
    "why-macs-ratio": ("a number", lambda: 4, "How many output positions does 2x2 pooling keep?"),
    "why-receptive-field": (
        "a number",
        lambda: _receptive_field([(3, 1), (3, 1), (2, 2), (3, 1)]),
        "After the pooling layer, one step of the next layer spans 2 input pixels.",
    ),
    "why-pool-params": ("a number", lambda: 0, "What would pooling learn?"),
    "why-explorer-tile": (
        "a shape tuple",
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
    "max-overlap": (
        "a 2x2 array",
        lambda: max_pool2d(GRID[None], 3, stride=1)[0],
        "A 3x3 window fits in 2 positions along each axis; the windows overlap.",
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
    "avg-sum-pooling": (
        "a 2x2 array",
        lambda: avg_pool2d(np.arange(16.0).reshape(1, 4, 4), 2, divisor_override=1)[0],
        "With divisor 1, each output is the plain sum of its window.",
    ),
    "shape-224": (
        "a number",
        lambda: pool_output_size(224, 3, 2, 1),
        "Use floor((L + 2p - d(k-1) - 1)/s) + 1.",
    ),
    "shape-ceil": (
        "a number",
        lambda: pool_output_size(7, 2, 2, ceil_mode=True),
        "In ceil mode, round up, then check that the last window starts inside the input.",
    ),
    "shape-dilation": (
        "a number",
        lambda: pool_output_size(10, 3, 1, dilation=2),
        "A dilated 3-cell window spans d(k-1)+1 cells.",
    ),
    "shape-alexnet": (
        "a number",
        lambda: pool_output_size(55, 3, 2),
        "Use floor((L - k)/s) + 1 with no padding.",
    ),
    # Chapter 5: global and adaptive pooling
    "adaptive-bins": (
        "a list of 4 (start, stop) pairs",
        lambda: np.array(adaptive_bins(10, 4)),
        "Bin i runs from floor(i*L/n) up to, not including, ceil((i+1)*L/n).",
    ),
    "global-head-params": (
        "a number",
        lambda: 64 * 10 + 10,  # a weight per (channel, class) and a bias per class
        "Global average pooling has no parameters; count the linear layer's weights and biases.",
    ),
    "global-sequence-shape": (
        "a shape tuple",
        lambda: (
            adaptive_avg_pool2d(max_pool2d(np.zeros((16, 256, 10, 10), np.float32), 2), 3)
            .reshape(16, -1)
            .shape
        ),
        "Pooling keeps batch and channels; flatten(1) multiplies all but the batch dimension.",
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
    "grad-border": (
        "a number",
        lambda: float(
            avg_pool2d_backward(
                np.ones((1, 3, 3)), np.zeros((1, 5, 5)), 3, 2, 1, count_include_pad=False
            )[0, 1, 1]
        ),
        "Cell (1, 1) lies in four windows; count the real cells of each one.",
    ),
    "grad-sum": (
        "a number",
        lambda: float(avg_pool2d_backward(np.ones((1, 3, 3)), np.zeros((1, 5, 5)), 3, 2, 1).sum()),
        "Each window hands down (real cells) / 9 in total; padding cells keep their share.",
    ),
    "grad-unpool-size": (
        "a number",
        lambda: max_unpool2d(*max_pool2d(np.zeros((1, 7, 7)), 2, return_indices=True), 2).shape[-1],
        "Without output_size, unpooling uses (H_in - 1) * stride - 2 * padding + kernel_size.",
    ),
    # (end of chapter 6)
    # Chapter 7: strided convolution versus pooling
    "stride-weight-shape": (
        "a shape tuple",
        lambda: (256, 128, 3, 3),  # one 3x3 filter per (output, input) channel pair
        "One 3x3 filter per output channel, over all input channels; PyTorch puts out first.",
    ),
    "stride-shape": (
        "a shape tuple",
        lambda: (8, 256, pool_output_size(28, 3, 2, 1), pool_output_size(28, 3, 2, 1)),
        "Convolutions follow the pooling size rule; the channels are the out_channels.",
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
    # (end of chapter 7)
    # Chapter 8: translation robustness
    "shift-total-stride": (
        "a number",
        lambda: 16 // pool_output_size(pool_output_size(16, 2, 2), 2, 2),
        "One step of the second stage's output spans how many steps of the first stage's?",
    ),
    "shift-smallest-shift": (
        "a number",
        lambda: 32 // pool_output_size(pool_output_size(pool_output_size(32, 2, 2), 2, 2), 2, 2),
        "The shift must move every stage's output by a whole number of cells.",
    ),
    "shift-max-pair": (
        "a 2x2 array",
        # rows: max pooling (kernel 2, stride 2) of [5, 1, 0, 3], then of np.roll(that, 1)
        lambda: np.concatenate(
            [max_pool2d(np.roll([[[5.0, 1, 0, 3]]], r, axis=-1), (1, 2))[0] for r in (0, 1)]
        ),
        "np.roll moves every sample one place right; the last one wraps round to the front.",
    ),
    "shift-copy-count": (
        "a number",
        # shifts 0..7 of a generic 8-sample signal whose max-pooled output is a shifted copy
        lambda: sum(
            any(
                np.array_equal(
                    max_pool2d(np.roll(x, s, axis=-1), (1, 2)),
                    np.roll(max_pool2d(x, (1, 2)), r, axis=-1),
                )
                for r in range(4)
            )
            for x in [np.random.default_rng(0).standard_normal((1, 1, 8))]
            for s in range(8)
        ),
        "Try a shift of 1 and a shift of 2 first: which one moves every window's contents "
        "into another window?",
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
    "modern-vgg-head": (
        "a number",
        lambda: (
            side := 224,
            *(side := pool_output_size(side, 2) for _ in range(5)),  # five 2x2 max poolings
            ((512 * side * side + 1) * 4096 + 4097 * 4096 + 4097 * 1000) / 1e6,  # millions
        )[-1],
        "Linear(n_in, n_out) has n_in * n_out weights, n_out biases; the first reads C*H*W.",
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
    # (end of chapter 9)
    # Chapter 10: common mistakes
    "mistake-gap-features": (
        "a number",
        lambda: avg_pool2d(np.zeros((1, 256, 8, 8)), (8, 8)).shape[1],  # a map-sized window
        "Which dimensions does global average pooling remove, and which does it keep?",
    ),
    "mistake-ceil-size": (
        "a number",
        lambda: pool_output_size(9, 2, 2, 1, ceil_mode=True),
        "Round up, then drop the last window if it would start in the right padding.",
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
}


@dataclass(frozen=True)
class Verdict:
    """The result of a check: ``ok``, and a message that never reveals the answer."""

    exercise: str
    ok: bool
    message: str

    def __repr__(self) -> str:
        mark = "✓" if self.ok else "✗"
        return f"{mark} {self.exercise}: {self.message}"

    def __bool__(self) -> bool:
        return self.ok


@dataclass(frozen=True)
class AnswerBox:
    """What ``check(id, None)`` shows before there is an answer: a box to type it in.

    In a notebook or the static book the box checks a typed answer in the page, with no
    kernel, exactly as ``check`` does (the same rules and messages, in
    ``exercises.js``); replacing ``None`` with an answer in the cell checks it in Python.
    """

    exercise: str
    kind: str
    expected: object
    hint: str

    def __repr__(self) -> str:
        return f"{self.exercise}: replace None with your answer ({self.kind})."

    def __bool__(self) -> bool:
        return False

    def _repr_html_(self) -> str:
        spec = {"kind": self.kind, "expected": _plain(self.expected), "hint": self.hint}
        example = {"a number": "42", "a shape tuple": "(1, 2, 3, 4)"}.get(
            self.kind, "[[1, 2], [3, 4]]"
        )
        return (
            # data-lm-suppress-shortcuts: keys typed here are not JupyterLab commands
            f'<div class="pt-check" data-lm-suppress-shortcuts="true" '
            f'data-pooltools-check="{self.exercise}" '
            f'data-check="{html.escape(json.dumps(spec), quote=True)}">'
            f"<style>{_asset('exercises.css')}</style>"
            f"<form><label>Your answer ({self.kind}) "
            f'<input type="text" name="answer" autocomplete="off" placeholder="{example}" '
            f'aria-describedby="pt-verdict-{self.exercise}"></label> '
            '<button type="submit">Check</button></form>'
            f'<div class="pt-verdict" id="pt-verdict-{self.exercise}" aria-live="polite"></div>'
            f"<script>{_asset('exercises.js')}\n"
            "pooltoolsCheck.start(document.currentScript.parentElement);</script></div>"
        )


def _plain(value):
    """An expected answer as JSON: a shape as a list of ints, arrays as nested lists."""
    if isinstance(value, tuple):
        return [int(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.astype(float).tolist()
    return float(value)


def exercises() -> list[str]:
    """The ids ``check`` knows."""
    return sorted(_ANSWERS)


def check(exercise: str, answer) -> Verdict | AnswerBox:
    """Check an answer to the exercise named ``exercise``.

    With ``answer=None`` (the cells' starting point), returns an ``AnswerBox`` that checks
    an answer typed into the page instead.

    Raises
    ------
    ValueError
        If no exercise has that id (the message lists the ids).
    """
    if exercise not in _ANSWERS:
        raise ValueError(f"check: no exercise {exercise!r}; the exercises are {exercises()}")
    kind, compute, hint = _ANSWERS[exercise]
    if answer is None:
        return AnswerBox(exercise, kind, compute(), hint)
    problem = _compare(answer, compute(), kind)
    return Verdict(exercise, problem is None, f"{problem} Hint: {hint}" if problem else "right.")


def _compare(answer, expected, kind: str) -> str | None:
    if isinstance(expected, tuple):
        try:
            answer = tuple(int(v) for v in answer)
        except (TypeError, ValueError):
            return f"not yet: the answer should be {kind}, like (1, 2, 3, 4)."
        if len(answer) != len(expected):
            return f"not yet: a shape with {len(answer)} entries; this one has {len(expected)}."
        wrong = [i for i, (a, e) in enumerate(zip(answer, expected)) if a != e]
        if not wrong:
            return None
        return f"not yet: dimension(s) {wrong} are off."
    if isinstance(expected, np.ndarray):
        try:
            answer = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return f"not yet: the answer should be {kind} of numbers."
        if answer.shape != expected.shape:
            return (
                f"not yet: your array has shape {answer.shape}; the output has a different shape."
            )
        wrong = int((~np.isclose(answer, expected)).sum())
        if wrong == 0:
            return None
        return f"not yet: {wrong} of {expected.size} cells are wrong."
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return f"not yet: the answer should be {kind}."
    # A whole-number answer (a size, a count of parameters) must be exact; others close.
    rtol = 0.0 if float(expected).is_integer() else 1e-3
    if np.isclose(value, float(expected), rtol=rtol, atol=1e-6):
        return None
    side = "too small" if value < float(expected) else "too large"
    return f"not yet: {answer} is {side}."
