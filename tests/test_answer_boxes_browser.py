"""The answer boxes in the static book: the same verdicts as check(), with no kernel.

For every chapter: every box gets its right answer (typed and submitted with Enter), so
each part of an exercise in parts is checked against its own answer, and the last box a
wrong answer (submitted with the button); each verdict must be, word for word, what
``pooltools.exercises.check`` says in a notebook, and each label what its box says there.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from booksite import toc_pages
from pooltools.exercises import _ANSWERS, check
from pooltools.exercises.checks import _box_label
from test_browser import open_page

pytestmark = pytest.mark.browser
CHAPTERS = [p for p in toc_pages() if p.startswith("chapters/") and p[9:11].isdigit()]


def as_typed(value) -> str:
    """How a learner would type an answer into the box."""
    if isinstance(value, tuple):
        return "(" + ", ".join(str(int(v)) for v in value) + ")"
    if isinstance(value, np.ndarray):
        return json.dumps(value.tolist())
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def wrong(value):
    if isinstance(value, tuple):
        return tuple(int(v) + 1 for v in value)
    return np.asarray(value, dtype=float) + 1 if isinstance(value, np.ndarray) else value + 1


@pytest.mark.parametrize("path", CHAPTERS)
def test_answer_boxes_say_what_check_says(browser, base_url, path):
    page, problems = open_page(browser, base_url + path)
    try:
        boxes = page.locator("[data-pooltools-check]").all()
        assert len(boxes) >= 3, f"{path}: {len(boxes)} answer boxes"
        assert "✗" not in page.locator("article").inner_text(), f"{path}: a stale ✗ output"
        for box in boxes:
            exercise = box.get_attribute("data-pooltools-check")
            kind, compute, _ = _ANSWERS[exercise]
            assert box.locator("label").inner_text().strip() == _box_label(exercise, kind)
            expected = compute()
            box.locator("input").fill(as_typed(expected))
            box.locator("input").press("Enter")  # keyboard: Enter submits
            assert box.locator(".pt-verdict").inner_text() == repr(check(exercise, expected))
        last = boxes[-1]
        exercise = last.get_attribute("data-pooltools-check")
        guess = wrong(_ANSWERS[exercise][1]())
        last.locator("input").fill(as_typed(guess))
        last.locator("button").click()
        verdict = last.locator(".pt-verdict").inner_text()
        guess = guess.tolist() if isinstance(guess, np.ndarray) else guess
        if not isinstance(guess, list | tuple) and float(guess).is_integer():
            guess = int(guess)  # what the learner typed, as check() echoes it
        assert verdict == repr(check(exercise, guess)), path
        assert verdict.startswith("✗")
        assert not problems, "\n".join(problems)
    finally:
        page.close()
