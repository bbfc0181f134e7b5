"""The answer boxes in the static book: the same verdicts as check(), with no kernel.

For every chapter: one box gets a right answer (typed and submitted with Enter) and one
a wrong answer (submitted with the button); each verdict must be, word for word, what
``pooltools.exercises.check`` says in a notebook.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from booksite import toc_pages
from pooltools.exercises import _ANSWERS, check
from test_browser import base_url, browser, open_page  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
CHAPTERS = [p for p in toc_pages() if p.startswith("chapters/") and p[9:11].isdigit()]


def as_typed(value) -> str:
    """How a learner would type an answer into the box."""
    if isinstance(value, tuple) and isinstance(value[0], np.ndarray):
        return as_typed(value[0])  # an exercise in parts: the first part's box
    if isinstance(value, tuple):
        return "(" + ", ".join(str(int(v)) for v in value) + ")"
    if isinstance(value, np.ndarray):
        return json.dumps(value.tolist())
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def wrong(value):
    if isinstance(value, tuple) and isinstance(value[0], np.ndarray):
        return wrong(value[0])
    if isinstance(value, tuple):
        return tuple(int(v) + 1 for v in value)
    return np.asarray(value, dtype=float) + 1 if isinstance(value, np.ndarray) else value + 1


def in_python(exercise, answer):
    """check() of what was typed into the (first) box: part 0 of an exercise in parts."""
    if isinstance(_ANSWERS[exercise][0], tuple):
        if isinstance(answer, tuple):
            answer = answer[0]
        return check(exercise, answer, part=0)
    return check(exercise, answer)


@pytest.mark.parametrize("path", CHAPTERS)
def test_answer_boxes_say_what_check_says(browser, base_url, path):  # noqa: F811
    page, problems = open_page(browser, base_url + path)
    try:
        boxes = page.locator("[data-pooltools-check]").all()
        assert len(boxes) >= 3, f"{path}: {len(boxes)} answer boxes"
        assert "✗" not in page.locator("article").inner_text(), f"{path}: a stale ✗ output"
        first, last = boxes[0], boxes[-1]
        exercise = first.get_attribute("data-pooltools-check")
        expected = _ANSWERS[exercise][1]()
        first.locator("input").first.fill(as_typed(expected))
        first.locator("input").first.press("Enter")  # keyboard: Enter submits
        assert first.locator(".pt-verdict").first.inner_text() == repr(
            in_python(exercise, expected)
        )
        exercise = last.get_attribute("data-pooltools-check")
        guess = wrong(_ANSWERS[exercise][1]())
        last.locator("input").first.fill(as_typed(guess))
        last.locator("button").first.click()
        verdict = last.locator(".pt-verdict").first.inner_text()
        guess = guess.tolist() if isinstance(guess, np.ndarray) else guess
        if not isinstance(guess, list | tuple) and float(guess).is_integer():
            guess = int(guess)  # what the learner typed, as check() echoes it
        assert verdict == repr(in_python(exercise, guess)), path
        assert verdict.startswith("✗")
        assert not problems, "\n".join(problems)
    finally:
        page.close()
