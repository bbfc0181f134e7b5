"""What learners and teachers take away, tried outside the repository, as they get it.

Each test makes a clean venv in a temporary folder with the machine's own ``python3``
(never the project's ``.venv``), follows the README's steps exactly, and runs the
notebooks with that venv's kernel:

- the student pack: unzip, ``pip install -r requirements.txt``, run every chapter's set-up;
- the instructor pack: its venv releases the lab and grades three hand-ins with nbgrader
  (right answers, a tie bug, answers that call pooltools' own pooling);
- (a notebook downloaded from the served book, on a learner's machine with only
  JupyterLab, is tests/test_learner.py's).

The packs are made once (``make classroom``'s tools/classroom.py) and what is in them is
checked first. The venvs install packages from the local package cache (most of a minute
each) and run notebooks: together a few minutes. This machine reaches no PyTorch index, so
pip is told not to retry one (``PIP_RETRIES=0``), and the packs' installs skip compiling
bytecode (Python compiles what a notebook imports when it first imports it): the steps
are the README's, only faster to fail over and to unpack.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

import notebooks  # tools/notebooks.py
from booksite import ROOT, record_time
from pooltools.exercises.implementation_check import OP_RULES

pytestmark = pytest.mark.book
LAB = "lab_build_pooling.ipynb"


def clean_env(**extra: str) -> dict[str, str]:
    """The environment a user's terminal has: nothing of the project's venv or Jupyter."""
    # PYTHONDONTWRITEBYTECODE is a sandbox's, not a user's: a user's Python caches bytecode
    project = ("VIRTUAL_ENV", "PYTHONPATH", "JUPYTER_PATH", "JUPYTER_CONFIG_DIR")
    project += ("PYTHONDONTWRITEBYTECODE",)
    env = {k: v for k, v in os.environ.items() if k not in project}
    venv_bin = str(ROOT / ".venv" / "bin")
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != venv_bin)
    return {**env, "PIP_RETRIES": "0", **extra}


def run(args, cwd: Path, env=None, timeout=900) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env or clean_env(), capture_output=True,
        text=True, timeout=timeout,
    )  # fmt: skip
    assert result.returncode == 0, f"{' '.join(map(str, args))}:\n{result.stderr[-4000:]}"
    return result


def python3() -> str:
    found = shutil.which("python3", path=clean_env()["PATH"])
    assert found, "no python3 outside the project's venv"
    return found


def pip_install(venv: Path, folder: Path, who: str, *args, compile: bool = True) -> None:
    """``pip install ARGS`` in ``venv``, as the user's steps say; its time goes in the table.
    ``compile=False``: no bytecode written ahead (a third of a pack's install time; pip reads
    ``PIP_NO_COMPILE`` inverted: "0" is ``--no-compile``)."""
    start = time.monotonic()
    env = clean_env() if compile else clean_env(PIP_NO_COMPILE="0")
    run([venv / "bin" / "pip", "install", *args], cwd=folder, env=env)
    record_time(f"clean venv: {who}", time.monotonic() - start, "pip install " + " ".join(args))


def make_venv(folder: Path) -> Path:
    run([python3(), "-m", "venv", folder / ".venv"], cwd=folder)
    return folder / ".venv"


def outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def assert_no_answers(nb, name: str) -> None:
    """Answer boxes carry salted digests only: no key or value that is an answer."""
    for output in outputs(nb):
        page = output.get("data", {}).get("text/html", "")
        for spec in re.findall(r'data-check="([^"]*)"', page):
            spec = json.loads(spec.replace("&quot;", '"').replace("&#x27;", "'"))
            assert set(spec) == {"kind", "example", "answer", "hint"}, (name, spec)
            assert "expected" not in json.dumps(spec)


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    """``make classroom``'s two zips, made once for every test of this file."""
    if not notebooks.EXECUTED.exists():
        pytest.fail("the book is not built: run `make book` first (make test does)")
    out = tmp_path_factory.mktemp("packs")
    # A notebook someone previewed and saved in notebooks/ must not reach the packs.
    stale = ROOT / "notebooks" / "02_max_pooling.ipynb"
    before = stale.read_bytes() if stale.exists() else None
    if before is not None:
        stale.write_text(before.decode().replace("Max pooling", "STALE EDIT", 1))
    try:
        subprocess.run([sys.executable, ROOT / "tools" / "classroom.py", "--out", out], check=True)
    finally:
        if before is not None:
            stale.write_bytes(before)
    return {name: out / f"pooling-book-{name}.zip" for name in ("student", "instructor")}


# --- what is in the packs ---------------------------------------------------------------


def test_the_student_pack_has_pristine_notebooks_and_no_solutions(packs):
    pack = zipfile.ZipFile(packs["student"])
    names = pack.namelist()
    chapters = sorted(f"{p.stem}.ipynb" for p in notebooks.chapter_sources())
    assert sorted(n[10:] for n in names if n.startswith("notebooks/")) == chapters
    assert not [n for n in names if n.startswith(("instructor/", "course/"))]
    for name in names:
        if name.endswith(".ipynb"):
            text = pack.read(name).decode()
            assert "<details>" not in text
            assert "BEGIN SOLUTION" not in text
            assert "STALE EDIT" not in text
            nb = json.loads(text)
            assert not [c for c in nb["cells"] if c.get("outputs")], name
            assert "widgets" not in nb["metadata"]


def test_the_requirements_pin_everything_and_take_cpu_only_torch_on_linux(packs):
    for path in packs.values():
        pack = zipfile.ZipFile(path)
        lines = pack.read("requirements.txt").decode().splitlines()
        assert "--extra-index-url https://download.pytorch.org/whl/cpu" in lines
        assert 'torch==2.13.0+cpu ; sys_platform == "linux"' in lines
        assert 'torch==2.13.0 ; sys_platform != "linux"' in lines
        packages = [line for line in lines if line and not line.startswith(("#", "-", "./"))]
        assert all("==" in line for line in packages)
        for needed in ("numpy==", "matplotlib==", "anywidget==", "scikit-learn==", "hypothesis=="):
            assert any(line.startswith(needed) for line in packages), needed
        (wheel,) = [n for n in pack.namelist() if n.endswith(".whl")]
        assert f"./{wheel}[explore,lab]" in lines
    instructor = zipfile.ZipFile(packs["instructor"]).read("requirements.txt").decode()
    assert any(line.startswith("nbgrader==") for line in instructor.splitlines())


def test_the_instructor_pack_has_solutions_and_the_nbgrader_course(packs):
    pack = zipfile.ZipFile(packs["instructor"])
    names = set(pack.namelist())
    assert "course/source/lab/lab_build_pooling.ipynb" in names
    assert "course/nbgrader_config.py" in names
    lab = pack.read("course/source/lab/lab_build_pooling.ipynb").decode()
    assert lab.count("BEGIN SOLUTION") == 4
    assert any(n.startswith("instructor/0") for n in names)


def test_the_instructor_pack_has_every_figure_as_svg_with_its_caption_and_alt_text(packs):
    """issue 32: a teacher's own slides. Every figure of the built chapters (one light
    image each on the site) is in figures/ as SVG and PNG, listed with its caption and
    alt text; the SVG is well formed, keeps its lettering as text and carries no date."""
    import xml.etree.ElementTree as ET

    pack = zipfile.ZipFile(packs["instructor"])
    names = set(pack.namelist())
    site = sum(
        (ROOT / "_build" / "html" / "chapters" / f"{p.stem}.html")
        .read_text()
        .count('class="only-light"')
        for p in notebooks.chapter_sources()
        if p.stem[:2].isdigit()
    )
    svgs = sorted(n for n in names if n.startswith("figures/") and n.endswith(".svg"))
    assert len(svgs) == site, f"{len(svgs)} SVG figures for the site's {site}"
    index = pack.read("figures/README.md").decode()
    for svg in svgs:
        name = svg[len("figures/") : -len(".svg")]
        assert f"figures/{name}.png" in names
        text = pack.read(svg).decode()
        root = ET.fromstring(text)
        assert root.tag.endswith("svg"), svg
        assert "<text" in text, f"{svg}: its lettering is not text"
        assert "<dc:date>" not in text, f"{svg} records a date"
        entry = index.split(f"## {name}\n", 1)[1].split("## ", 1)[0]
        assert "- Caption: " in entry
        assert len(entry.split("- Alt text: ", 1)[1].strip()) > 40, f"{name}: no alt text"
    assert not [n for n in zipfile.ZipFile(packs["student"]).namelist() if n.startswith("figures/")]


# --- the packs at work, in clean venvs ----------------------------------------------------


@pytest.fixture(scope="module")
def student_pack(packs, tmp_path_factory):
    """The student pack unzipped and set up exactly as its README says."""
    folder = tmp_path_factory.mktemp("student")
    zipfile.ZipFile(packs["student"]).extractall(folder)
    readme = (folder / "README.md").read_text()
    assert "python3 -m venv .venv" in readme
    assert ".venv/bin/pip install -r requirements.txt" in readme
    venv = make_venv(folder)
    pip_install(venv, folder, "student pack", "-r", "requirements.txt", compile=False)
    return folder, venv


# Each notebook's set-up cells, one notebook after another in one IPython (an interpreter
# per notebook cost a second of start-up and a torch import each): every notebook starts
# from an empty namespace in its own folder, its output marked with its name on both
# streams.
SET_UPS = """
def main():
    import json, os, sys
    shell = get_ipython()
    for name, folder, source in json.load(open(SET_UPS_JSON)):
        shell.reset()  # nothing of the notebook before
        os.chdir(folder)
        for stream in (sys.stdout, sys.stderr):
            print(f"=== {name}", file=stream, flush=True)
        shell.run_cell(source)
main()
"""


def run_set_ups(venv: Path, set_ups: list[tuple[str, Path, str]], folder: Path):
    """Run each (name, folder, source) in the venv's IPython, as above: what each printed,
    {name: stdout}, {name: stderr}."""
    (folder / "set_ups.json").write_text(json.dumps([(n, str(f), s) for n, f, s in set_ups]))
    script = SET_UPS.replace("SET_UPS_JSON", repr(str(folder / "set_ups.json")))
    ran = run([venv / "bin" / "ipython", "--quick", "--no-banner", "-c", script], cwd=folder)
    return by_notebook(ran.stdout), by_notebook(ran.stderr)


def by_notebook(text: str) -> dict[str, str]:
    parts = text.split("=== ")[1:]
    return dict(part.split("\n", 1) if "\n" in part else (part, "") for part in parts)


def test_the_student_packs_venv_holds_all_that_every_notebook_imports(student_pack, tmp_path):
    """Each notebook's own set-up, run in the pack's venv outside the checkout: its first
    cell finds every module the notebook imports and installs nothing, and its set-up
    cell's imports work. (Every chapter of the student edition runs top to bottom outside
    the checkout in tests/test_learner.py; the pack's pins are the ones the book build ran
    every chapter with.)"""
    folder, venv = student_pack
    found = sorted((folder / "notebooks").glob("*.ipynb"))
    assert len(found) == 13
    set_ups = []
    for notebook in found:
        nb = nbformat.read(notebook, as_version=4)
        assert_no_answers(nb, notebook.name)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        where = "\nimport sys; print('KERNEL-PREFIX', sys.prefix)"
        set_ups.append((notebook.name, tmp_path, "\n".join(code[:2]) + where))
    said, errors = run_set_ups(venv, set_ups, tmp_path)
    assert sorted(said) == sorted(errors) == [n.name for n in found], said
    for name, out in said.items():
        assert "Installing" not in out, (name, out)
        assert f"KERNEL-PREFIX {venv}" in out, (name, out)
        assert "Error" not in out + errors[name], (name, out, errors[name])


RENDER_EXPLORERS = """
import pathlib, sys
import pooltools, pooltools.explore as e
assert pathlib.Path(pooltools.__file__).is_relative_to(sys.prefix), pooltools.__file__
made = [e.window_explorer(), e.gradient_explorer(), e.shape_lab(), e.adaptive_bins_explorer(),
        e.feature_maps(), e.downsample_explorer(), e.shift_explorer(),
        e.architecture_trace({"tiny": [
            {"layer": "input", "kind": "input", "shape": [3, 8, 8]},
            {"layer": "pool", "kind": "pooling", "shape": [3, 4, 4], "stride": 2}]}),
        e.family_explorer(), e.transpose_explorer()]
from pooltools.exercises import check
boxes = check("shape-224", None)._repr_html_()
page = "<!doctype html><meta charset=utf-8>" + "".join(w._repr_html_() for w in made) + boxes
pathlib.Path(sys.argv[1]).write_text(page)
"""


def test_the_wheel_in_the_student_pack_renders_every_explorer(student_pack, browser, tmp_path):
    """The installed wheel carries every script and style: each explorer draws from it in
    a browser, and an answer box answers, with no error on the page."""
    _, venv = student_pack
    page_file = tmp_path / "explorers.html"
    run([venv / "bin" / "python", "-c", RENDER_EXPLORERS, page_file], cwd=tmp_path)
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(page_file.as_uri())
    page.wait_for_function("document.querySelectorAll('[data-pooltools-explorer]').length >= 10")
    drawn = page.eval_on_selector_all(
        "[data-pooltools-explorer] .pt-view",
        "views => views.map(v => [v.closest('[data-pooltools-explorer]').dataset"
        ".pooltoolsExplorer, v.innerHTML.length])",
    )
    kinds = ["window", "gradient", "shape", "adaptive", "features", "downsample", "shift"]
    assert sorted(k for k, _ in drawn) == sorted([*kinds, "trace", "family", "transpose"])
    assert all(n > 0 for _, n in drawn), drawn
    page.fill("[data-pooltools-check] input", "112")
    page.click("[data-pooltools-check] button")
    page.wait_for_function("document.querySelector('.pt-verdict').textContent.includes('right')")
    assert not errors, errors
    page.close()


def assert_released(path: Path) -> None:
    """nbgrader's release of the lab: 15 locked points, four functions left to write, no
    solution and no output."""
    text = path.read_text()
    lab = nbformat.reads(text, as_version=4)
    graded = [c.metadata["nbgrader"] for c in lab.cells if "nbgrader" in c.metadata]
    assert sum(m.get("points", 0) for m in graded if m["grade"]) == 15
    assert all(m["locked"] for m in graded if m["grade"])
    assert "BEGIN SOLUTION" not in text
    assert "pooltools.pool_output_size(H, k, s, p" not in text  # a line of the solution
    code = [c.source for c in lab.cells if c.cell_type == "code"]
    assert sum("raise NotImplementedError()" in source for source in code) == 4
    assert not [o for o in outputs(lab)]


def test_the_student_packs_lab_is_nbgraders_release(student_pack):
    assert_released(student_pack[0] / "notebooks" / LAB)


# Four one-line answers that call pooltools instead of looping: each agrees with pooltools.
BORROWED = {
    "max_pool2d": "pooltools.max_pool2d(x[None], kernel_size, stride, padding, "
    "ceil_mode=ceil_mode)[0]",
    "avg_pool2d": "pooltools.avg_pool2d(x[None], kernel_size, stride, padding, ceil_mode, "
    "count_include_pad)[0]",
    "max_pool2d_backward": "pooltools.max_pool2d_backward(grad_output[None], x[None], "
    "kernel_size, stride, padding, ceil_mode=ceil_mode)[0]",
    "avg_pool2d_backward": "pooltools.avg_pool2d_backward(grad_output[None], x[None], "
    "kernel_size, stride, padding, ceil_mode, count_include_pad)[0]",
}


def filled_in(release, source, bug=None):
    """The release lab with each solution cell written as the source's, as handed in
    (``bug="borrowed"``: each a one-line call to pooltools instead)."""
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells
               if c.metadata.get("nbgrader", {}).get("solution")}  # fmt: skip
    handed_in = nbformat.from_dict(release)
    for cell in handed_in.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers and bug == "borrowed":
            assert cell.source.count("raise NotImplementedError()") == 1
            line = f"return {BORROWED[grade_id]}"
            cell.source = cell.source.replace("raise NotImplementedError()", line)
        elif grade_id in answers:
            cell.source = "\n".join(l for l in answers[grade_id].splitlines() if "### " not in l)
            if bug and grade_id == "max_pool2d_backward":
                assert bug[0] in cell.source
                cell.source = cell.source.replace(*bug)
    return handed_in


def test_the_instructor_pack_grades_the_student_packs_lab(packs, student_pack, tmp_path):
    folder = tmp_path / "instructor"
    zipfile.ZipFile(packs["instructor"]).extractall(folder)
    readme = (folder / "README.md").read_text()
    for step in ("nbgrader db student add", "nbgrader generate_assignment lab",
                 "submitted/<student id>/lab/lab_build_pooling.ipynb", "nbgrader autograde lab",
                 "nbgrader generate_feedback lab", "nbgrader export",
                 "lab_build_pooling (1).ipynb", "requirements-pypi.txt"):  # fmt: skip
        assert step in readme, step
    venv = make_venv(folder)
    pip_install(venv, folder, "instructor pack", "-r", "requirements.txt", compile=False)
    course = folder / "course"
    env = clean_env(PATH=f"{venv / 'bin'}{os.pathsep}{clean_env()['PATH']}", HOME=str(folder))
    nbgrader = venv / "bin" / "nbgrader"
    source = nbformat.read(course / "source" / "lab" / LAB, as_version=4)
    release = nbformat.read(student_pack[0] / "notebooks" / LAB, as_version=4)
    students = {"right": None, "ties": ("x[r, c] > best", "x[r, c] >= best"),
                "borrowed": "borrowed"}  # fmt: skip
    for student in students:  # the README's steps, in its order
        run([nbgrader, "db", "student", "add", student], cwd=course, env=env)
    run([nbgrader, "generate_assignment", "lab"], cwd=course, env=env)
    assert_released(course / "release" / "lab" / LAB)
    for student, bug in students.items():
        handed_in = course / "submitted" / student / "lab" / LAB
        handed_in.parent.mkdir(parents=True)
        nbformat.write(filled_in(release, source, bug), handed_in)
    # A browser's second download of the same file is not graded: the pack says so.
    shutil.copy(handed_in, handed_in.with_name("lab_build_pooling (1).ipynb"))
    said = run([nbgrader, "autograde", "lab"], cwd=course, env=env).stderr
    assert "submitted/borrowed/lab/lab_build_pooling (1).ipynb will not be graded" in said
    run([nbgrader, "generate_feedback", "lab"], cwd=course, env=env)
    run([nbgrader, "export"], cwd=course, env=env)
    grades = (course / "grades.csv").read_text().splitlines()
    header = grades[0].split(",")
    scores = {}
    for line in grades[1:]:
        row = dict(zip(header, line.split(",")))
        scores[row["student_id"]] = (float(row["score"]), float(row["max_score"]))
    assert scores == {"right": (15.0, 15.0), "ties": (14.0, 15.0), "borrowed": (0.0, 15.0)}
    from nbgrader.api import Gradebook  # the course's own gradebook: which test failed

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        ties = gradebook.find_submission_notebook(LAB[:-6], "lab", "ties")
        assert [g.name for g in ties.grades if g.score == 0] == ["test_max_pool2d_backward_ties"]
    # each rule of each borrowed function says what it called
    graded = nbformat.read(course / "autograded" / "borrowed" / "lab" / LAB, as_version=4)
    code = [c for c in graded.cells if c.cell_type == "code"]
    tests = [c for c in code if c.metadata.get("nbgrader", {}).get("grade")]
    reports = ["".join(o.get("text", "") for o in c.outputs) for c in tests]
    assert len(reports) == 15
    for op in BORROWED:
        said = f"it called {op} from pooltools, a routine that pools or makes the windows"
        assert sum(said in r for r in reports) == len(OP_RULES[op]), op
    feedback = (course / "feedback" / "ties" / "lab" / LAB.replace(".ipynb", ".html")).read_text()
    assert "ties" in feedback
    # The contents list names each test, not "Test cell" fifteen times.
    assert '<a href="#test_max_pool2d_backward_ties"><code>test_max_pool2d_backward_ties' in (
        feedback
    )
    assert ">Test cell</a>" not in feedback
    borrowed = course / "feedback" / "borrowed" / "lab" / LAB.replace(".ipynb", ".html")
    assert "it called max_pool2d from pooltools" in borrowed.read_text()
    assert 'src="../../../mathjax/tex-svg-full.js"' in feedback  # math offline
    assert "cdnjs" not in feedback
    assert (course / "mathjax" / "tex-svg-full.js").exists()
