"""The lab as a graded assignment: nbgrader's own generate_assignment and autograde.

The instructor edition of the lab is nbgrader's source notebook. A course folder is made
in a temporary directory; nbgrader releases the assignment (no solution left in it),
then grades three submissions: one with right answers (15 of 15 points, one per rule of
each function); one whose max pooling backward lets the last maximum win ties: it loses
that function's ties point only (14 of 15); and one whose four answers are one line each
that calls pooltools' own pooling: right values, but no loops, so 0 of 15.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import notebooks  # tools/notebooks.py
from booksite import ROOT
from pooltools.exercises.implementation_check import OP_RULES

NBGRADER = Path(sys.executable).parent / "nbgrader"
LAB = ROOT / "chapters" / "lab_build_pooling.md"
NAME = "lab_build_pooling.ipynb"
# Four answers that call the library instead of looping (each agrees with pooltools).
BORROWED = {
    "max_pool2d": "return pooltools.max_pool2d(x[None], kernel_size, stride, padding, "
    "ceil_mode=ceil_mode)[0]",
    "avg_pool2d": "return pooltools.avg_pool2d(x[None], kernel_size, stride, padding, "
    "ceil_mode, count_include_pad)[0]",
    "max_pool2d_backward": "return pooltools.max_pool2d_backward(grad_output[None], x[None], "
    "kernel_size, stride, padding, ceil_mode=ceil_mode)[0]",
    "avg_pool2d_backward": "return pooltools.avg_pool2d_backward(grad_output[None], x[None], "
    "kernel_size, stride, padding, ceil_mode, count_include_pad)[0]",
}


def nbgrader(course: Path, *args: str) -> None:
    env = {**os.environ, "HOME": str(course), "JUPYTER_CONFIG_DIR": str(course / ".jupyter")}
    env["PATH"] = f"{NBGRADER.parent}{os.pathsep}{env.get('PATH', '')}"  # it runs alembic
    result = subprocess.run(
        [str(NBGRADER), *args], cwd=course, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stderr[-3000:]}"


def submission(release, source, bug: tuple[str, str] | None = None, borrowed: bool = False):
    """The released notebook with each solution cell filled in, as a student hands it in:
    the source's solution (with ``bug`` replaced in max pooling's backward), or, if
    ``borrowed``, a one-line call to pooltools in place of ``raise NotImplementedError()``."""
    answers = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    handed_in = nbformat.from_dict(release)
    for cell in handed_in.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers and borrowed:
            assert cell.source.count("raise NotImplementedError()") == 1
            cell.source = cell.source.replace("raise NotImplementedError()", BORROWED[grade_id])
        elif grade_id in answers:
            lines = answers[grade_id].splitlines()
            cell.source = "\n".join(line for line in lines if "### " not in line)
            if bug and grade_id == "max_pool2d_backward":
                assert bug[0] in cell.source
                cell.source = cell.source.replace(*bug)
    return handed_in


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.course_id = 'pooling'\n"
        "c.ExecutePreprocessor.timeout = 300\n"
    )
    source = notebooks.convert(
        LAB, None, "instructor", {}, notebooks.load_titles(), notebooks.load_bibliography()
    )
    (course / "source" / "lab").mkdir(parents=True)
    nbformat.write(source, course / "source" / "lab" / NAME)
    nbgrader(course, "generate_assignment", "lab", "--force")
    release = nbformat.read(course / "release" / "lab" / NAME, as_version=4)
    bugs = {"right": None, "wrong": ("x[r, c] > best", "x[r, c] >= best"), "borrowed": None}
    for student, bug in bugs.items():
        folder = course / "submitted" / student / "lab"
        folder.mkdir(parents=True)
        handed_in = submission(release, source, bug, borrowed=student == "borrowed")
        nbformat.write(handed_in, folder / NAME)
        nbgrader(course, "db", "student", "add", student)
    nbgrader(course, "autograde", "lab", "--force")
    return course


def test_the_released_assignment_has_no_solution(course):
    text = (course / "release" / "lab" / NAME).read_text()
    assert "BEGIN SOLUTION" not in text
    assert "pooltools.pool_output_size(H, k, s, p" not in text
    release = nbformat.reads(text, as_version=4)
    code = [c for c in release.cells if c.cell_type == "code"]
    assert sum("raise NotImplementedError()" in c.source for c in code) == 4


def test_autograde_gives_full_marks_to_right_answers_and_finds_the_tie_bug(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        right = gradebook.find_submission("lab", "right")
        wrong = gradebook.find_submission("lab", "wrong")
        assert (right.score, right.max_score) == (15, 15)
        assert (wrong.score, wrong.max_score) == (14, 15)
        failed = [
            g.name
            for g in gradebook.find_submission_notebook(NAME[:-6], "lab", "wrong").grades
            if g.score == 0
        ]
    assert failed == ["test_max_pool2d_backward_ties"]


def test_autograde_gives_0_to_answers_that_call_the_librarys_pooling(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        borrowed = gradebook.find_submission("lab", "borrowed")
        assert (borrowed.score, borrowed.max_score) == (0, 15)
    graded = nbformat.read(course / "autograded" / "borrowed" / "lab" / NAME, as_version=4)
    reports = [
        "".join(o.get("text", "") for o in c.outputs)
        for c in graded.cells
        if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"
    ]
    assert len(reports) == 15
    for op in BORROWED:
        said = f"it called {op} from pooltools, a routine that pools or makes the windows"
        assert sum(said in r for r in reports) == len(OP_RULES[op]), op
