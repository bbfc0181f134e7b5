"""Self-checks: an answer given in Python is checked at once (a ``Verdict``); with no
answer, an ``AnswerBox`` puts a box in the page or notebook that checks what is typed
into it, in the browser, against salted hashes of the answer (``static/exercises.js``).
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from dataclasses import dataclass

import numpy as np

from ..explore.assets import asset
from .bank import _ANSWERS


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
    example: str
    spec: dict
    hint: str

    def __repr__(self) -> str:
        return f"{self.exercise}: replace None with your answer ({self.kind})."

    def __bool__(self) -> bool:
        return False

    def _repr_html_(self) -> str:
        spec = {"kind": self.kind, "example": self.example, "answer": self.spec, "hint": self.hint}
        verdict = f"pt-verdict-{self.exercise}"
        return (
            # data-lm-suppress-shortcuts: keys typed here are not JupyterLab commands
            f'<div class="pt-check" data-lm-suppress-shortcuts="true" '
            f'data-pooltools-check="{self.exercise}" '
            f'data-check="{html.escape(json.dumps(spec), quote=True)}">'
            f"<style>{asset('exercises/static/exercises.css')}</style>"
            f"<form><label>{html.escape(_box_label(self.exercise, self.kind))} "
            f'<input type="text" name="answer" autocomplete="off" '
            f'placeholder="{html.escape(self.example)}" aria-describedby="{verdict}"></label> '
            '<button type="submit">Check</button>'
            f'<div class="pt-verdict" id="{verdict}" aria-live="polite"></div></form>'
            f"<script>{asset('exercises/static/exercises.js')}\n"
            "pooltoolsCheck.start(document.currentScript.parentElement);</script></div>"
        )


# ---- what an answer looks like --------------------------------------------------------
#
# An entry's kind (bank.py) is a whole noun phrase, used as it is: "a number", "a shape
# tuple", "a pair (left, right)", "a 2x2 array", "a list of 7 numbers". The box's label
# and the messages put it in a sentence; nothing is appended to it. An exercise in parts
# has one entry, and one box, per part: its ids end in -a, -b, ... and the box says which
# part it answers.


def _part_of(exercise: str) -> str | None:
    """The part an exercise id answers ("a" for "grad-sum-a"), or None."""
    match = re.fullmatch(r".+-([a-z])", exercise)
    return match[1] if match else None


def _box_label(exercise: str, kind: str) -> str:
    """The label of an exercise's answer box: "Your answer (a number)"."""
    part = _part_of(exercise)
    return f"Part ({part}): your answer ({kind})" if part else f"Your answer ({kind})"


def _example_of(expected, kind: str) -> str:
    """What an answer looks like (a number, a tuple, a list or a list of lists), for the
    box's placeholder and the message on a shape that does not parse; never the answer."""
    if isinstance(expected, tuple):
        return "(1, 2)" if kind.startswith("a pair") else "(1, 2, 3, 4)"
    if isinstance(expected, np.ndarray) and expected.ndim == 1:
        return "[1, 2]"
    if isinstance(expected, np.ndarray):
        return "[[1, 2], [3, 4]]"
    return "42"


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


def _compare(answer, spec: dict, kind: str, example: str, exercise: str) -> str | None:
    """The problem with ``answer``, in words, or None if it is right (as exercises.js)."""
    salt, t = f"{SALT}:{exercise}", spec["t"]
    value = _as_answer(answer, t)
    if t == "shape":
        dims = _flat(value) if isinstance(value, list) else None
        if not dims or _shape_of(value) != [len(dims)] or any(not d.is_integer() for d in dims):
            return f"not yet: the answer should be {kind}, like {example}."
        if len(dims) != spec["n"]:
            return f"not yet: you gave {len(dims)} entries; the answer has {spec['n']}."
        wrong = [
            i
            for i, d in enumerate(dims)
            if _digest(f"{salt}#{i}", f"i:{int(d)}") != spec["dims"][i]
        ]
        if not wrong:
            return None
        if len(wrong) == 1:
            return f"not yet: dimension {wrong[0]} is off."
        listed = ", ".join(map(str, wrong[:-1])) + f" and {wrong[-1]}"
        return f"not yet: dimensions {listed} are off."
    if t == "array":
        shape = _shape_of(value) if isinstance(value, list) else None
        if not shape:
            return f"not yet: the answer should be {kind}."
        text = "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"
        if _digest(salt, f"shape:{'x'.join(map(str, shape))}") != spec["shape"]:
            return f"not yet: yours has shape {text}; the answer has a different shape."
        cells = _flat(value)
        wrong = sum(
            not _number_matches(v, c, f"{salt}#{i}")
            for i, (v, c) in enumerate(zip(cells, spec["cells"]))
        )
        if not wrong:
            return None
        noun, verb = "entries" if len(shape) == 1 else "cells", "is" if wrong == 1 else "are"
        return f"not yet: {wrong} of {len(cells)} {noun} {verb} wrong."
    if value is None:
        return f"not yet: the answer should be {kind}."
    if _number_matches(value, spec, salt):
        return None
    shown = answer.strip() if isinstance(answer, str) else answer
    return f"not yet: {shown} is not the answer."


def exercises() -> list[str]:
    """The ids ``check`` knows."""
    return sorted(_ANSWERS)


def check(exercise: str, answer) -> Verdict | AnswerBox:
    """Check an answer to the exercise named ``exercise``.

    ``answer`` may be a number, a fraction as text (``"25/36"``), a tuple or
    ``torch.Size``, a NumPy array or a tensor, or any of these as Python, NumPy or
    PyTorch print them. With ``answer=None`` (the cells' starting point), returns an
    ``AnswerBox`` that checks an answer typed into the page instead. An exercise in parts
    has an id, and a box, for each part: ``check("grad-sum-a", ...)``,
    ``check("grad-sum-b", ...)``.

    Raises
    ------
    ValueError
        If no exercise has that id (the message lists the ids).
    """
    if exercise not in _ANSWERS:
        raise ValueError(f"check: no exercise {exercise!r}; the exercises are {exercises()}")
    kind, compute, hint = _ANSWERS[exercise]
    expected = compute()
    spec, example = answer_spec(exercise, expected), _example_of(expected, kind)
    if answer is None:
        return AnswerBox(exercise, kind, example, spec, hint)
    problem = _compare(answer, spec, kind, example, exercise)
    message = f"{problem} Hint: {hint}" if problem else "right."
    return Verdict(exercise, problem is None, message)
