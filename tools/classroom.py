"""Pack the book's notebooks for a class: a student zip and an instructor zip.

    make classroom        # builds the book if needed; writes _build/classroom/*.zip

Both packs are made from notebooks generated afresh from the chapters and the book
build's computed values, never from whatever is in `notebooks/` (which a learner may
have run, edited or saved with outputs): no outputs, no widget state, no answers.

- `pooling-book-student.zip`: the student notebooks (exercises and self-checks, no
  solutions), the lab as nbgrader's release version (its metadata, its locked test
  cells, no solution), pooltools as a wheel, and a `requirements.txt` that installs
  everything the notebooks import at the versions the book was built with (CPU-only
  PyTorch on Linux).
- `pooling-book-instructor.zip`: the same, plus the instructor notebooks (worked
  solutions collapsed under each exercise) and the lab as an nbgrader course
  (`course/source/lab/`, `course/nbgrader_config.py`), with nbgrader in its
  requirements and a README that walks through grading on one laptop.

The zips are the same bytes for the same inputs (fixed dates, sorted entries).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

import nbformat
from packaging.requirements import Requirement

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebooks
from build_wheel import build_wheel

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "_build" / "classroom"
LAB = "lab_build_pooling.ipynb"
# What the notebooks import (and the Lab to run them in); pinned with all they depend on.
LEARNER_PACKAGES = ("numpy", "matplotlib", "torch", "scikit-learn", "hypothesis", "ipywidgets",
                    "anywidget", "ipykernel", "jupyterlab")  # fmt: skip
TORCH_INDEX = "https://download.pytorch.org/whl/cpu"
DATE = (2026, 1, 1, 0, 0, 0)

STUDENT_README = """# Pooling in CNNs: the notebooks

One notebook per chapter, and a lab. Set up once, in a terminal, in this folder
(Python 3.11 or newer):

    python3 -m venv .venv
    .venv/bin/pip install -r requirements.txt      # Windows: .venv\\Scripts\\pip
    .venv/bin/jupyter lab notebooks

`requirements.txt` installs pooltools from the wheel in this folder and everything the
notebooks use, at the versions the book was tested with. On Linux it takes the small
CPU-only PyTorch from PyTorch's own index; nothing here needs a GPU.

In each notebook: Run > Run All Cells, then read from the top. Each exercise has a
self-check: type your answer in its box and press Enter. It says right, or not yet with
a hint; it never shows the answer. The explorers are live widgets, in step with Python,
drawn when their cell runs; if one shows "Error displaying widget: model not found" or
nothing, run its cell again.

The lab (`notebooks/lab_build_pooling.ipynb`): write the four functions where it says
`raise NotImplementedError()`, and run the checks under each one; each check is one
rule (plain windows, stride and padding, ceil mode, ties, the divisor) and one point.
Hand in the notebook file as your teacher asks.
"""

INSTRUCTOR_README = """# Pooling in CNNs: the instructor's pack

- `notebooks/`: the student edition, to hand out (no solution text in them). The lab
  there is nbgrader's release version: hand out `pooling-book-student.zip` as it is.
- `instructor/`: the same notebooks, each worked solution in a collapsed block under
  its exercise.
- `course/`: the lab as an nbgrader course. `course/source/lab/lab_build_pooling.ipynb`
  is nbgrader's source notebook: four solution cells, and one autograded, locked test
  cell per rule of each function (15 points).

## Grading the lab on one laptop, no server

Set up once, in this folder (Python 3.11 or newer):

    python3 -m venv .venv
    .venv/bin/pip install -r requirements.txt      # with nbgrader
    . .venv/bin/activate                          # Windows: .venv\\Scripts\\activate
    cd course

1. The roster, one line per student (an id, then optional names):

       nbgrader db student add alice --first-name Alice --last-name Ng
       nbgrader db student add bob

2. The assignment, once: `nbgrader generate_assignment lab` (writes `release/lab/`,
   the same notebook as in the student pack; it also records the lab in
   `gradebook.db`).

3. Collect the submissions without any exchange: put each student's notebook at
   `submitted/<student id>/lab/lab_build_pooling.ipynb`, for example

       mkdir -p submitted/alice/lab
       cp ~/Downloads/alice_lab_build_pooling.ipynb submitted/alice/lab/lab_build_pooling.ipynb

4. `nbgrader autograde lab` runs every submission and records its points
   (`--student alice` for one).
5. `nbgrader generate_feedback lab` writes `feedback/<id>/lab/lab_build_pooling.html`
   for each student: their code, each test with its report and points. Its math is
   typeset offline by the MathJax in `course/mathjax/` (a feedback file moved out of
   `course/feedback/` shows its math as LaTeX source).
6. `nbgrader export` writes `grades.csv`.

The book's tests run these steps on the packs themselves: the release lab filled in
with the source's solutions scores 15/15; one whose max-pooling gradient lets the last
maximum win ties loses exactly the one ties point.
"""

NBGRADER_CONFIG = """import os

import nbgrader

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "pooling"
c.ExecutePreprocessor.timeout = 300
# Feedback typesets its math with the MathJax in this pack (mathjax/), not from a CDN:
# templates/feedback/mathjax.html.j2 comes before nbgrader's own feedback template.
here = os.path.dirname(os.path.abspath(__file__))
formgrader = os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader")
c.HTMLExporter.extra_template_basedirs = [
    os.path.join(here, "templates"),
    os.path.join(formgrader, "templates"),
]
"""

# feedback/<student>/lab/<notebook>.html -> course/mathjax/
MATHJAX_TEMPLATE = """{%- macro mathjax(url="") -%}
<script>
window.MathJax = {tex: {inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], processEscapes: true}};
</script>
<script src="../../../mathjax/tex-svg-full.js" id="MathJax-script"></script>
{%- endmacro %}
"""
MATHJAX = ROOT / "vendor" / "mathjax" / "es5" / "tex-svg-full.js"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(names) -> list[str]:
    """``names`` and everything they need (as installed here), by normalised name."""
    seen, todo = [], [_norm(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.append(name)
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue
        for text in requires:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(_norm(req.name))
    return sorted(seen)


def requirements(wheel: str, extra: tuple[str, ...] = ()) -> str:
    """A pack's requirements.txt: everything pinned, CPU-only torch on Linux, the wheel."""
    pinned, lines = notebooks.pins(), []
    for name in closure((*LEARNER_PACKAGES, *extra)):
        if name == "torch":
            continue
        version = pinned.get(name) or metadata.version(name)
        lines.append(f"{name}=={version}")
    torch = pinned["torch"]
    return "\n".join(
        [
            "# Everything the notebooks import, at the versions the book was built with.",
            "# On Linux, PyTorch comes from its CPU-only index (no multi-GB CUDA download);",
            "# on macOS and Windows PyPI's wheel is the CPU build already.",
            f"--extra-index-url {TORCH_INDEX}",
            f'torch=={torch}+cpu ; sys_platform == "linux"',
            f'torch=={torch} ; sys_platform != "linux"',
            *lines,
            f"./{wheel}[explore,lab]",
            "",
        ]
    )


def release_lab(source: Path, folder: Path) -> bytes:
    """nbgrader's release version of the lab source notebook (as the student gets it)."""
    course = folder / "course"
    (course / "source" / "lab").mkdir(parents=True)
    shutil.copy(source, course / "source" / "lab" / LAB)
    (course / "nbgrader_config.py").write_text(NBGRADER_CONFIG)
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"  # for `alembic`
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", "lab", "--force",
         "--log-level=WARN"],
        cwd=course, check=True, env={**os.environ, "PATH": path},
    )  # fmt: skip
    return (course / "release" / "lab" / LAB).read_bytes()


def clean_bytes(path: Path) -> bytes:
    """A notebook with no outputs, execution counts or widget state."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    return (nbformat.writes(nb) + "\n").encode()


def pack(target: Path, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name])


def main() -> None:
    if not notebooks.EXECUTED.exists():
        sys.exit("classroom: the book is not built yet: run `make book` first")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        student_dir, instructor_dir = tmp / "student", tmp / "instructor"
        notebooks.make_all(student_dir, instructor_out=instructor_dir, site=None)
        student = {p.name: clean_bytes(p) for p in sorted(student_dir.glob("*.ipynb"))}
        instructor = {p.name: clean_bytes(p) for p in sorted(instructor_dir.glob("*.ipynb"))}
        student[LAB] = release_lab(instructor_dir / LAB, tmp / "release")
        whl = build_wheel(tmp / "dist")
        common = {f"notebooks/{name}": data for name, data in student.items()}
        common[whl.name] = whl.read_bytes()
        common["requirements.txt"] = requirements(whl.name).encode()
        pack(OUT / "pooling-book-student.zip", {**common, "README.md": STUDENT_README.encode()})
        extra = {f"instructor/{name}": data for name, data in instructor.items()}
        extra[f"course/source/lab/{LAB}"] = instructor[LAB]
        extra["course/nbgrader_config.py"] = NBGRADER_CONFIG.encode()
        extra["course/templates/feedback/mathjax.html.j2"] = MATHJAX_TEMPLATE.encode()
        extra["course/mathjax/tex-svg-full.js"] = MATHJAX.read_bytes()
        extra["requirements.txt"] = requirements(whl.name, ("nbgrader",)).encode()
        extra["README.md"] = INSTRUCTOR_README.encode()
        extra["STUDENT-README.md"] = STUDENT_README.encode()
        pack(OUT / "pooling-book-instructor.zip", {**common, **extra})
    for name in ("pooling-book-student.zip", "pooling-book-instructor.zip"):
        size = (OUT / name).stat().st_size / 1e6
        print(f"classroom: {(OUT / name).relative_to(ROOT)} ({size:.1f} MB)")


if __name__ == "__main__":
    main()
