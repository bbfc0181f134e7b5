"""Self-checks: right answers pass, wrong ones get a hint that never gives the answer away."""

import json
import re
import shutil
import subprocess

import numpy as np
import pytest
import torch

from booksite import ROOT
from pooltools.exercises import _ANSWERS, _compare, answer_spec, check, exercises


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
    assert "replace None with your answer" in repr(box)  # the notebook's plain-text form
    page = box._repr_html_()
    assert 'data-pooltools-check="shape-224"' in page
    assert "pooltoolsCheck.start" in page


def test_unknown_exercise_lists_the_ids():
    with pytest.raises(ValueError, match="no exercise 'nope'; the exercises are"):
        check("nope", 1)


def test_answers_are_taken_as_people_type_and_print_them():
    assert check("avg-corner", "4/9")  # the worked solution writes it so
    assert check("avg-corner", " 0.444 ")
    assert not check("avg-corner", "0.45")
    assert check("max-4x4", "[[9 7]\n [6 9]]")  # NumPy's print
    assert check("max-4x4", "array([[9., 7.],\n       [6., 9.]])")
    assert check("max-4x4", "tensor([[9., 7.],\n        [6., 9.]])")
    assert check("max-4x4", torch.tensor([[9.0, 7.0], [6.0, 9.0]]))
    assert check("max-shape", "torch.Size([4, 3, 32, 24])")
    assert check("max-shape", torch.zeros(4, 3, 32, 24).shape)
    assert check("max-shape", "4, 3, 32, 24")
    assert check("shape-224", "tensor(112)")
    assert not check("shape-224", "1/0")


def leaves(value, key=None):
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in leaves(v, k)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in leaves(v, key)]
    return [(key, value)]


def test_a_page_holds_no_answer_only_salted_digests():
    for exercise in exercises():
        page = check(exercise, None)._repr_html_()
        spec = json.loads(page.split('data-check="')[1].split('"')[0].replace("&quot;", '"'))
        assert set(spec) == {"kind", "answer", "hint"}
        for key, value in leaves(spec["answer"]):
            if key in ("h", "dims", "shape"):
                assert re.fullmatch(r"[0-9a-f]{16}", value), (exercise, key, value)
            elif key == "t":
                assert value in ("number", "shape", "array", "parts")
            else:  # a shape's length (its kind says it) and a number's power of ten
                assert key in ("n", "e"), (exercise, key)
                assert value is None or isinstance(value, int)


TYPED = ["112", "111", "4/9", "0.444", "0.45", "[[9 7] [6 9]]", "tensor([[9., 7.],\n [6., 9.]])",
         "[[9,7],[6,8]]", "torch.Size([4, 3, 32, 24])", "(4, 3, 32)", "4, 3, 32, 24", "nine", "",
         "[[1,2],[3]]", "25/36", "1/0", "np.float64(0.5)", "(256, 128, 3, 3)",
         "[[0, 3], [1, 4], [3, 6], [6, 10]]", "[[0 3]\n [2 5]\n [5 8]\n [7 10]]"]  # fmt: skip


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run exercises.js")
def test_the_page_gives_the_same_verdict_as_python(tmp_path):
    cases = []
    for exercise in exercises():
        kind, compute, _ = _ANSWERS[exercise]
        spec = answer_spec(exercise, compute())
        parts = [(exercise, kind, spec, compute())]
        if spec["t"] == "parts":  # each part is checked on its own, in its own box
            parts = [(f"{exercise}/{i}", kind[i], spec["parts"][i], compute()[i].tolist())
                     for i in range(len(kind))]  # fmt: skip
        for name, kind, spec, value in parts:
            for text in [*TYPED, str(value)]:
                cases.append([name, kind, spec, text, _compare(text, spec, kind, name)])
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    script = (
        "global.window = {}; require(process.argv[1]); const out = [];"
        "for (const [id, kind, spec, text] of require(process.argv[2]))"
        "  out.push(window.pooltoolsCheck.compare(text, spec, kind, id));"
        "console.log(JSON.stringify(out));"
    )
    source = ROOT / "pooltools" / "exercises" / "static" / "exercises.js"
    result = subprocess.run(
        ["node", "-e", script, source, tmp_path / "cases.json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    page = json.loads(result.stdout)
    differ = [(c[0], c[3], c[4], p) for c, p in zip(cases, page) if c[4] != p]
    assert not differ, differ[:5]
    assert sum(p is None for p in page) >= len(exercises())  # each one's answer is right


def test_an_exercise_in_parts_has_one_box_per_part():
    page = check("shift-max-pair", None)._repr_html_()
    assert page.count("<input") == 2
    assert "Part 1, before the shift" in page
    assert check("shift-max-pair", ["[5, 3]", "[5 1]"])
    assert check("shift-max-pair", "[5, 1]", part=1)
    verdict = check("shift-max-pair", [[5, 3], [5, 2]])
    assert "part 1: right; part 2: not yet: 1 of 2 cells are wrong" in verdict.message
    with pytest.raises(ValueError, match="part=2 must be an int from 0 to 1"):
        check("shift-max-pair", "[5, 1]", part=2)
