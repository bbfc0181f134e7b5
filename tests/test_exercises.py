"""Self-checks: right answers pass, wrong ones get a hint that never gives the answer away;
what a box says about an answer's form reads as English for every kind in the bank; and
the chapters' boxes and the bank's entries match, one box per part of an exercise."""

import json
import re
import shutil
import subprocess

import numpy as np
import pytest
import torch

from booksite import ROOT
from pooltools.exercises import _ANSWERS, _compare, answer_spec, check, exercises
from pooltools.exercises.checks import _example_of


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
    assert "should be a 2x2 array." in check("max-4x4", "nine").message
    assert "you gave 2 entries; the answer has 4" in check("max-shape", (4, 3)).message
    assert "should be a number." in check("shape-224", "many").message
    assert "should be a pair (left, right), like (1, 2)." in check("shape-tf-same", "x").message
    assert "dimension 3 is off" in check("max-shape", (4, 3, 32, 25)).message
    assert "dimensions 2 and 3 are off" in check("max-shape", (4, 3, 31, 25)).message
    assert "1 of 4 cells is wrong" in check("max-4x4", [[9, 7], [6, 8]]).message
    assert "2 of 4 cells are wrong" in check("max-4x4", [[9, 7], [5, 8]]).message
    assert "1 of 2 entries is wrong" in check("shift-max-pair-a", [5, 1]).message


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
        assert set(spec) == {"kind", "example", "answer", "hint"}
        for key, value in leaves(spec["answer"]):
            if key in ("h", "dims", "shape"):
                assert re.fullmatch(r"[0-9a-f]{16}", value), (exercise, key, value)
            elif key == "t":
                assert value in ("number", "shape", "array")
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
        value = compute()
        spec, example = answer_spec(exercise, value), _example_of(value, kind)
        value = value.tolist() if isinstance(value, np.ndarray) else value
        for text in [*TYPED, str(value)]:
            cases.append([exercise, kind, example, spec, text,
                          _compare(text, spec, kind, example, exercise)])  # fmt: skip
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    script = (
        "global.window = {}; require(process.argv[1]); const out = [];"
        "for (const [id, kind, example, spec, text] of require(process.argv[2]))"
        "  out.push(window.pooltoolsCheck.compare(text, spec, kind, example, id));"
        "console.log(JSON.stringify(out));"
    )
    source = ROOT / "pooltools" / "exercises" / "static" / "exercises.js"
    result = subprocess.run(
        ["node", "-e", script, source, tmp_path / "cases.json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    page = json.loads(result.stdout)
    differ = [(c[0], c[4], c[5], p) for c, p in zip(cases, page) if c[5] != p]
    assert not differ, differ[:5]
    assert sum(p is None for p in page) >= len(exercises())  # each one's answer is right


# ---- what the boxes say about an answer's form -----------------------------------------

# Each kind of answer, the phrase that describes it, as a pattern over the answer's form:
# a number; a tuple (a shape, or a named pair); a list or a list of lists of given size.
KINDS = {
    "number": r"a number",
    "tuple": r"a shape tuple|a pair \(\w+, \w+\)",
    "list": r"a list of {0} numbers|a list of cell indices",
    "grid": r"a {0}x{1} array|a list of {0} \(\w+, \w+\) pairs",
}


def form_of(expected) -> tuple[str, tuple]:
    if isinstance(expected, tuple):
        return "tuple", ()
    if isinstance(expected, np.ndarray):
        return ("list", "grid")[expected.ndim - 1], expected.shape
    return "number", ()


def sentences(exercise) -> list[str]:
    """Everything a box and check() say about the answer's form, without the hints."""
    _, compute, hint = _ANSWERS[exercise]
    expected = compute()
    box = check(exercise, None)
    label = re.search(r"<label>(.*?) <input", box._repr_html_())[1]
    said = [label.replace("&#x27;", "'"), repr(box)]
    guesses = ["nine", "[[1, 2, 3]]", "(1, 2, 3)", "[1, 2, 3]", "1.5"]
    if isinstance(expected, np.ndarray):  # one cell wrong, then all of them
        first = expected.copy().ravel()
        first[0] += 1
        guesses += [first.reshape(expected.shape), expected + 1]
    elif isinstance(expected, tuple):
        guesses += [(expected[0] + 1, *expected[1:]), tuple(v + 1 for v in expected)]
    said += [check(exercise, guess).message.removesuffix(f" Hint: {hint}") for guess in guesses]
    return said


@pytest.mark.parametrize("exercise", exercises())
def test_each_kind_says_what_its_answer_is(exercise):
    kind, compute, _ = _ANSWERS[exercise]
    form, shape = form_of(compute())
    assert re.fullmatch(KINDS[form].format(*shape), kind), (exercise, kind, form, shape)
    article = "an" if kind.split()[1][0] in "aeiou" else "a"
    assert kind.split()[0] == article, kind


@pytest.mark.parametrize("exercise", exercises())
def test_what_the_boxes_say_about_an_answer_reads_correctly(exercise):
    kind, compute, _ = _ANSWERS[exercise]
    example = _example_of(compute(), kind)
    said = sentences(exercise)
    for text in said:
        assert not re.search(r"\b([A-Za-z]+) of \1\b", text), text  # "numbers of numbers"
        assert not re.search(r"\b([A-Za-z]+)\s+\1\b", text, re.I), f"a doubled word: {text}"
        assert not re.search(r"\b1 of \d+ \w+ are\b|\b([02-9]|\d\d+) of \d+ \w+ is\b", text), text
        assert "(s)" not in text, text
    should = [t for t in said if "should be" in t]
    assert should, said
    for text in should:  # the bank's phrase, as it is, and an example only of a tuple
        assert text.endswith((f"should be {kind}.", f"should be {kind}, like {example}.")), text
    assert said[0] in (f"Your answer ({kind})", f"Part ({exercise[-1]}): your answer ({kind})")


@pytest.mark.parametrize("exercise", exercises())
def test_the_example_in_a_box_has_the_answers_form_and_is_not_the_answer(exercise):
    kind, compute, _ = _ANSWERS[exercise]
    example = _example_of(compute(), kind)
    verdict = check(exercise, example)
    assert not verdict.ok, (exercise, example)
    assert "should be" not in verdict.message, (exercise, example, verdict.message)
    assert f'placeholder="{example}"' in check(exercise, None)._repr_html_()


# ---- the chapters' boxes and the bank ----------------------------------------------------

CHAPTERS = sorted((ROOT / "chapters").glob("[01][0-9]_*.md"))
EXERCISE = re.compile(r"^(`{3,})\{exercise\}\n:label: (\S+)\n(.*?)^\1[ \t]*$", re.M | re.S)
SOLUTION = r"^(`{{3,}})\{{solution\}} {0}\n(.*?)^\1[ \t]*$"
BOX = re.compile(r'^check\("([\w-]+)", None\)', re.M)


def exercises_in(chapter) -> list[tuple[str, str, list[str], str]]:
    """Each exercise of a chapter: its label, its statement, the ids of the boxes that
    follow it (before its solution), and its solution."""
    source = chapter.read_text()
    found = []
    for match in EXERCISE.finditer(source):
        label, statement = match[2], match[3]
        solution = re.compile(SOLUTION.format(re.escape(label)), re.M | re.S)
        answer = solution.search(source, match.end())
        assert answer, f"{chapter.name}: no solution to {label}"
        boxes = BOX.findall(source, match.end(), answer.start())
        found.append((label, statement, boxes, answer[2]))
    return found


def test_every_box_in_the_chapters_is_in_the_bank_and_every_bank_entry_has_a_box():
    used = [
        box for chapter in CHAPTERS for _, _, boxes, _ in exercises_in(chapter) for box in boxes
    ]
    everywhere = [b for chapter in CHAPTERS for b in BOX.findall(chapter.read_text())]
    assert sorted(used) == sorted(everywhere), "a check(..., None) outside an exercise"
    assert len(used) == len(set(used)), "an id with two boxes"
    assert set(used) - set(exercises()) == set(), "boxes with no bank entry"
    assert set(exercises()) - set(used) == set(), "bank entries with no box"
    order = [e for e in _ANSWERS if e in used]
    assert order == used, "the bank's entries are not in the chapters' order"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_an_exercise_asking_several_questions_has_a_box_for_each_part(chapter):
    """An exercise with more than one box is in parts (a), (b), ...: its statement and its
    solution name each part, and its boxes are id-a, id-b, ... in that order."""
    for label, statement, boxes, solution in exercises_in(chapter):
        parts = [re.fullmatch(r"(.+)-([a-z])", box) for box in boxes]
        if len(boxes) < 2:
            assert not any(parts), f"{label}: one box for part {boxes}"
            continue
        assert all(parts), (label, boxes)
        letters = "".join(p[2] for p in parts)
        assert len({p[1] for p in parts}) == 1, (label, boxes)
        assert letters == "abcdefgh"[: len(boxes)], (label, boxes)
        for letter in letters:
            assert f"({letter})" in statement, f"{label}: part ({letter}) not in the statement"
            assert f"({letter})" in solution, f"{label}: part ({letter}) not in the solution"
        assert f"({chr(ord(letters[-1]) + 1)})" not in statement, f"{label}: a part with no box"


def test_an_exercise_in_parts_has_a_labelled_box_per_part():
    for part, answer in (("a", "[5, 3]"), ("b", "[5 1]")):
        page = check(f"shift-max-pair-{part}", None)._repr_html_()
        assert page.count("<input") == 1
        assert f"Part ({part}): your answer (a list of 2 numbers)" in page
        assert check(f"shift-max-pair-{part}", answer)
    assert not check("grad-sum-a", 9)  # the answer to (b) is not the answer to (a)
    assert check("grad-sum-b", 9)
