"""Self-checks: right answers pass, wrong ones get a hint that never gives the answer away."""

import numpy as np
import pytest

from pooltools.exercises import _ANSWERS, check, exercises


@pytest.mark.parametrize("exercise", exercises())
def test_the_right_answer_passes_and_a_wrong_one_does_not_reveal_it(exercise):
    expected = _ANSWERS[exercise][1]()
    assert check(exercise, expected).ok
    if isinstance(expected, tuple):
        wrong = tuple(v + 1 for v in expected)
    else:
        wrong = np.asarray(expected, dtype=float) + 1
    wrong = wrong.tolist() if isinstance(wrong, np.ndarray) else wrong
    verdict = check(exercise, wrong)
    assert not verdict.ok
    assert repr(verdict).startswith("✗")
    answer_text = str(expected if not isinstance(expected, np.ndarray) else expected.tolist())
    assert answer_text not in verdict.message.replace(str(wrong), "")  # it may echo the guess


def test_wrong_shapes_and_types_are_explained():
    assert "shape" in check("max-4x4", np.zeros((3, 3))).message
    assert "should be a 2x2 array" in check("max-4x4", "nine").message
    assert "entries" in check("max-shape", (4, 3)).message
    assert "should be a number" in check("shape-224", "many").message


def test_no_answer_gives_a_box_that_checks_in_the_page():
    box = check("shape-224", None)
    assert not box
    assert "replace None with your answer" in repr(box)
    page = box._repr_html_()
    assert 'data-pooltools-check="shape-224"' in page
    assert "pooltoolsCheck.start" in page


def test_unknown_exercise_lists_the_ids():
    with pytest.raises(ValueError, match="no exercise 'nope'; the exercises are"):
        check("nope", 1)
