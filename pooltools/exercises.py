"""Self-checks for the book's exercises: they say right, or what is wrong, never the answer.

    >>> from pooltools.exercises import check
    >>> check("shape-224", 112)
    ✓ shape-224: right.
    >>> check("shape-224", 111)
    ✗ shape-224: not yet: 111 is not the answer. Hint: Use floor((L + 2p - d(k-1) - 1)/s) + 1.

Each expected answer is computed by pooltools when you check, not stored.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import (
    adaptive_avg_pool2d,
    adaptive_bins,
    avg_pool1d,
    avg_pool2d,
    avg_pool2d_backward,
    fractional_max_pool2d,
    lp_pool1d,
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
    "max-cost-indices": (
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
    "avg-sum-pooling": (
        "a 2x2 array",
        lambda: avg_pool2d(np.arange(16.0).reshape(1, 4, 4), 2, divisor_override=1)[0],
        "With divisor 1, each output is the plain sum of its window.",
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
    "shape-ceil-predict": (
        "a number",
        lambda: pool_output_size(32, 1, 2, ceil_mode=True),
        "Where would the extra window start? It must start before the end of the input.",
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
    "adaptive-spp-uncovered": (
        "a number",
        lambda: 11 - ((4 - 1) * (11 // 4) + -(-11 // 4)),  # L - end of SPP-net's last window
        "The last window starts at (n - 1) * floor(L/n) and is ceil(L/n) long.",
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
    "grad-adaptive-overlap": (
        "a number",
        # linear: the gradient at cell c under all-ones is the sum of the outputs for x = e_c
        lambda: float(adaptive_avg_pool2d(np.eye(7).reshape(7, 1, 7), (1, 3)).sum(axis=(1, 2))[2]),
        "Write down the three bins; a cell in two bins gets a share from each.",
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
    "stride-max-relu": (
        "a number",
        # rounds of pairwise maxima over the 9 cells of a 3x3 window, one ReLU layer each
        lambda: math.ceil(math.log2(max_pool2d(np.ones((1, 3, 3)), 1).size)),
        "Each ReLU layer takes maxima of pairs: how many candidates are left after each round?",
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
        # two parts, one box each: max pooling (kernel 2, stride 2) of [5, 1, 0, 3], then
        # of np.roll(that, 1)
        ("before the shift: a list of 2 numbers", "after the shift: a list of 2 numbers"),
        lambda: tuple(
            max_pool2d(np.roll([[[5.0, 1, 0, 3]]], r, axis=-1), (1, 2))[0, 0] for r in (0, 1)
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
    "modern-spp-length": (
        "a number",
        lambda: sum(adaptive_avg_pool2d(np.zeros((1, 256, 20, 20)), n).size for n in (6, 3, 2, 1)),
        "Each level gives n x n bins per channel, whatever the size of the map.",
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
    "mistake-tf-same": (
        "a number",
        lambda: (
            out := -(-9 // 2),  # TensorFlow's SAME: ceil(L / s) outputs
            total := max((out - 1) * 2 + 4 - 9, 0),  # the padding those windows need
            total - total // 2,  # the larger half goes after the last cell
        )[-1],
        "ceil(L / s) outputs; the padding they need is split with the extra cell at the end.",
    ),
    # (end of chapter 10)
    "beyond-power-mean": (
        "a number",
        lambda: float(avg_pool1d(np.array([[1.0, 7.0]]) ** 2, 2)[0, 0] ** 0.5),
        "Square, average, then take the square root.",
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
    ``exercises.js``). The page holds only salted hashes of the answer (see
    ``answer_spec``), never the answer itself.
    """

    exercise: str
    kind: str
    spec: dict
    hint: str

    def __repr__(self) -> str:
        return f"{self.exercise}: replace None with your answer ({self.kind})."

    def __bool__(self) -> bool:
        return False

    def _repr_html_(self) -> str:
        spec = {"kind": self.kind, "answer": self.spec, "hint": self.hint}
        parts = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        boxes = []
        for i, kind in enumerate(parts):
            example = {
                "a number": "42",
                "a shape tuple": "(1, 2, 3, 4)",
                "a pair (left, right)": "(1, 2)",
            }.get(kind, "[1, 2]" if "list" in kind else "[[1, 2], [3, 4]]")
            label = f"Part {i + 1}, {kind}" if len(parts) > 1 else f"Your answer ({kind})"
            verdict = f"pt-verdict-{self.exercise}" + (f"-{i + 1}" if len(parts) > 1 else "")
            boxes.append(
                f'<form data-part="{i}"><label>{html.escape(label)} '
                f'<input type="text" name="answer" autocomplete="off" placeholder="{example}" '
                f'aria-describedby="{verdict}"></label> '
                '<button type="submit">Check</button>'
                f'<div class="pt-verdict" id="{verdict}" aria-live="polite"></div></form>'
            )
        return (
            # data-lm-suppress-shortcuts: keys typed here are not JupyterLab commands
            f'<div class="pt-check" data-lm-suppress-shortcuts="true" '
            f'data-pooltools-check="{self.exercise}" '
            f'data-check="{html.escape(json.dumps(spec), quote=True)}">'
            f"<style>{_asset('exercises.css')}</style>"
            + "".join(boxes)
            + f"<script>{_asset('exercises.js')}\n"
            "pooltoolsCheck.start(document.currentScript.parentElement);</script></div>"
        )


# ---- answers as salted hashes ---------------------------------------------------------
#
# A page or a saved notebook carries, for each answer, SHA-256 digests of its canonical
# form salted with the exercise id (and the cell or dimension), never the answer. This
# keeps the answer from being read off the page source or a notebook's JSON; it does not
# stop someone who hashes every candidate (the answers are small numbers), which is not
# what a self-check has to withstand. Whole numbers must match exactly. Other numbers are
# compared at three significant figures of the answer: the page stores the scale (a power
# of ten, which says how large the answer is) and the digest of the answer rounded to it
# (half up), and accepts a typed value that rounds to the same: 0.444, 0.4444 or 4/9 for
# 4/9. exercises.js does the same, digit for digit.

SALT = "pooltools-exercises-1"


def _digest(salt: str, text: str) -> str:
    return hashlib.sha256(f"{salt}|{text}".encode()).hexdigest()[:16]


def _scaled(value: float, e: int) -> float:
    """value / 10**e, by an exact power of ten (the same double in JavaScript)."""
    return value * 10 ** (-e) if e < 0 else value / 10**e


def _number_spec(value: float, salt: str) -> dict:
    value = float(value)
    if value.is_integer():
        return {"e": None, "h": _digest(salt, f"i:{int(value)}")}
    e = math.floor(math.log10(abs(value))) - 2
    return {"e": e, "h": _digest(salt, f"r:{e}:{math.floor(_scaled(value, e) + 0.5)}")}


def _number_matches(value: float, spec: dict, salt: str) -> bool:
    if not math.isfinite(value):
        return False
    if spec["e"] is None:
        return value.is_integer() and _digest(salt, f"i:{int(value)}") == spec["h"]
    e, q = spec["e"], math.floor(_scaled(value, spec["e"]) + 0.5)
    return _digest(salt, f"r:{e}:{q}") == spec["h"]


def answer_spec(exercise: str, expected) -> dict:
    """What the page may know of an answer: its type and salted digests."""
    salt = f"{SALT}:{exercise}"
    if isinstance(expected, tuple) and expected and isinstance(expected[0], np.ndarray):
        parts = [answer_spec(f"{exercise}/{i}", part) for i, part in enumerate(expected)]
        return {"t": "parts", "parts": parts}
    if isinstance(expected, tuple):
        dims = [_digest(f"{salt}#{i}", f"i:{int(v)}") for i, v in enumerate(expected)]
        return {"t": "shape", "n": len(expected), "dims": dims}
    if isinstance(expected, np.ndarray):
        shape = "x".join(map(str, expected.shape))
        cells = [_number_spec(v, f"{salt}#{i}") for i, v in enumerate(expected.ravel())]
        return {"t": "array", "shape": _digest(salt, f"shape:{shape}"), "cells": cells}
    return {"t": "number", **_number_spec(expected, salt)}


# ---- what people type -----------------------------------------------------------------
#
# Numbers as Python, NumPy or PyTorch print them: 25/36, 0.694, np.float64(0.5),
# tensor(3.); arrays as nested lists, NumPy's [[9 7] [6 9]] or array([[9., 7.], ...]),
# torch's tensor([[9., 7.], ...]); shapes as (8, 256, 14, 14) or torch.Size([8, 256]).

_WRAPPER = re.compile(r"^\s*(?:tensor|array|torch\.Size|(?:np|numpy)\.\w+)\s*\((.*)\)\s*$", re.S)
_KEYWORDS = re.compile(r",\s*(?:dtype|requires_grad|grad_fn|device)\s*=.*$", re.S)
_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")


def _unwrap(text: str) -> str:
    match = _WRAPPER.match(text)
    return _KEYWORDS.sub("", match[1] if match else text).strip()


def parse_number(text: str) -> float | None:
    """A typed number (``25/36`` included), or None."""
    text = _unwrap(text)
    parts = [p.strip() for p in text.split("/")]
    if len(parts) > 2 or not all(_NUMBER.match(p) for p in parts):
        return None
    value = float(parts[0])
    if len(parts) == 2:
        if float(parts[1]) == 0:
            return None
        value /= float(parts[1])
    return value


def parse_nested(text: str):
    """A typed array as nested lists of floats (None if it is not one)."""
    tokens = re.findall(r"[\[\]()]|[^\s,\[\]()]+", _unwrap(text))
    if not tokens or tokens[0] not in "[(":
        return None
    stack, result = [[]], None
    for token in tokens:
        if token in "[(":
            stack.append([])
        elif token in "])":
            if len(stack) < 2:
                return None
            done = stack.pop()
            stack[-1].append(done)
        else:
            value = parse_number(token)
            if value is None:
                return None
            stack[-1].append(value)
    if len(stack) != 1 or len(stack[0]) != 1:
        return None
    result = stack[0][0]
    return result


def _shape_of(value) -> list[int] | None:
    """The shape of a nested list, or None if it is ragged or holds non-numbers."""
    if not isinstance(value, list):
        return []
    inner = [_shape_of(v) for v in value]
    if not inner:
        return [0]
    if any(s is None or s != inner[0] for s in inner):
        return None
    return [len(value), *inner[0]]


def _flat(value) -> list:
    return [x for v in value for x in _flat(v)] if isinstance(value, list) else [value]


def _as_answer(answer, t: str):
    """A learner's answer (typed text, or a Python, NumPy or torch value) for spec type t."""
    if isinstance(answer, str):
        if t == "number":
            return parse_number(answer)
        nested = parse_nested(answer)
        if nested is None and t == "shape":
            nested = parse_nested(f"({answer})")
        return nested
    if t == "number":
        try:
            return float(answer)
        except (TypeError, ValueError):
            return None
    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None
    return array.tolist()


def _compare(answer, spec: dict, kind: str, exercise: str) -> str | None:
    """The problem with ``answer``, in words, or None if it is right (as exercises.js)."""
    salt, t = f"{SALT}:{exercise}", spec["t"]
    value = _as_answer(answer, t)
    if t == "shape":
        dims = _flat(value) if isinstance(value, list) else None
        if not dims or _shape_of(value) != [len(dims)] or any(not d.is_integer() for d in dims):
            return f"not yet: the answer should be {kind}, like (1, 2, 3, 4)."
        if len(dims) != spec["n"]:
            return f"not yet: a shape with {len(dims)} entries; this one has {spec['n']}."
        wrong = [
            i
            for i, d in enumerate(dims)
            if _digest(f"{salt}#{i}", f"i:{int(d)}") != spec["dims"][i]
        ]
        return f"not yet: dimension(s) {wrong} are off." if wrong else None
    if t == "array":
        shape = _shape_of(value) if isinstance(value, list) else None
        if not shape:
            return f"not yet: the answer should be {kind} of numbers."
        text = "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"
        if _digest(salt, f"shape:{'x'.join(map(str, shape))}") != spec["shape"]:
            return f"not yet: your array has shape {text}; the output has a different shape."
        cells = _flat(value)
        wrong = sum(
            not _number_matches(v, c, f"{salt}#{i}")
            for i, (v, c) in enumerate(zip(cells, spec["cells"]))
        )
        return f"not yet: {wrong} of {len(cells)} cells are wrong." if wrong else None
    if value is None:
        return f"not yet: the answer should be {kind}."
    if _number_matches(value, spec, salt):
        return None
    shown = answer.strip() if isinstance(answer, str) else answer
    return f"not yet: {shown} is not the answer."


def exercises() -> list[str]:
    """The ids ``check`` knows."""
    return sorted(_ANSWERS)


def check(exercise: str, answer, part: int | None = None) -> Verdict | AnswerBox:
    """Check an answer to the exercise named ``exercise``.

    An exercise in parts shows one box per part; in Python, ``answer`` is then a list
    with one answer per part, or ``part=i`` checks the answer to part ``i`` (from 0)
    alone. ``answer`` may be a number, a fraction as text (``"25/36"``), a tuple or
    ``torch.Size``, a NumPy array or a tensor, or any of these as Python, NumPy or
    PyTorch print them. With ``answer=None`` (the cells' starting point), returns an
    ``AnswerBox`` that checks an answer typed into the page instead.

    Raises
    ------
    ValueError
        If no exercise has that id (the message lists the ids).
    """
    if exercise not in _ANSWERS:
        raise ValueError(f"check: no exercise {exercise!r}; the exercises are {exercises()}")
    kind, compute, hint = _ANSWERS[exercise]
    spec = answer_spec(exercise, compute())
    if answer is None:
        return AnswerBox(exercise, kind, spec, hint)
    if spec["t"] != "parts":
        problem = _compare(answer, spec, kind, exercise)
        message = f"{problem} Hint: {hint}" if problem else "right."
        return Verdict(exercise, problem is None, message)
    n = len(spec["parts"])
    if part is not None:
        if not (isinstance(part, int) and 0 <= part < n):
            raise ValueError(f"check: part={part!r} must be an int from 0 to {n - 1}")
        problem = _compare(answer, spec["parts"][part], kind[part], f"{exercise}/{part}")
        message = f"{problem} Hint: {hint}" if problem else "right."
        return Verdict(f"{exercise}, part {part + 1}", problem is None, message)
    if isinstance(answer, str) or len(answer) != n:
        return Verdict(exercise, False, f"not yet: give {n} answers, one per part. Hint: {hint}")
    verdicts = [check(exercise, a, part=i) for i, a in enumerate(answer)]
    words = "; ".join(
        f"part {i + 1}: {v.message.removesuffix('.')}" for i, v in enumerate(verdicts)
    )
    return Verdict(exercise, all(verdicts), "right." if all(verdicts) else words)
