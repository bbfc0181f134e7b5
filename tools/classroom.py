"""Pack the book's notebooks for a class: a student zip and an instructor zip.

    make classroom        # after make book; writes _build/classroom/*.zip

- `pooling-book-student.zip`: the student notebooks (exercises and self-checks, no
  solutions; the lab with its functions to write), pooltools as a wheel, and a
  requirements file, so `pip install -r requirements.txt` sets up a learner's machine.
- `pooling-book-instructor.zip`: the same, plus the instructor notebooks (worked
  solutions collapsed under each exercise) and the lab as an nbgrader course: its source
  notebook in `course/source/lab/` and an `nbgrader_config.py`, ready for
  `nbgrader generate_assignment lab` and `nbgrader autograde lab`.

The zips are the same bytes for the same inputs (fixed dates, sorted entries).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "_build" / "classroom"
# What the notebooks import, at the versions the book was built and tested with.
LEARNER_PACKAGES = ("numpy", "matplotlib", "torch", "scikit-learn", "hypothesis", "jupyterlab")
DATE = (2026, 1, 1, 0, 0, 0)

STUDENT_README = """# Pooling in CNNs: the notebooks

One notebook per chapter, and a lab. Set up once, in a terminal, in this folder:

    python3 -m venv .venv
    .venv/bin/pip install -r requirements.txt      # Windows: .venv\\Scripts\\pip
    .venv/bin/jupyter lab notebooks

(`requirements.txt` installs pooltools from the wheel in this folder. On Linux, for the
small CPU-only PyTorch, first run `.venv/bin/pip install torch --index-url
https://download.pytorch.org/whl/cpu`.)

In each notebook: Run > Run All Cells, then read from the top. Each exercise has a
self-check: type your answer in its box, or replace `None` in the cell with your answer
and run it. It says right, or not yet with a hint; it never shows the answer.
The explorers are live widgets, in step with Python, drawn when their cell runs; if
one shows "Error displaying widget: model not found" or nothing, run its cell again.

The lab (`notebooks/lab_build_pooling.ipynb`): write the four functions where it says
`raise NotImplementedError()`, and run the check under each one.
"""

INSTRUCTOR_README = """# Pooling in CNNs: the instructor's pack

- `notebooks/`: the student edition, to hand out (no solution text in them).
- `instructor/`: the same notebooks, each worked solution in a collapsed block under its
  exercise.
- `course/`: the lab as an nbgrader course. `course/source/lab/lab_build_pooling.ipynb`
  is nbgrader's source notebook: four solution cells and four autograded test cells,
  one point each. In `course/`:

      nbgrader generate_assignment lab          # release/lab/: the version for students
      nbgrader collect lab                      # or put submissions in submitted/<id>/lab/
      nbgrader autograde lab                    # grades into gradebook.db
      nbgrader export                           # grades.csv

  The tests of the book run exactly this on a right and a wrong submission (4/4, 3/4).
- `requirements.txt` (add `nbgrader`, listed there, for grading) and the pooltools wheel.

The student's setup is in STUDENT-README.md.
"""


def pinned(names) -> list[str]:
    """The project's pins (requirements.txt) for these packages."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = re.match(r"([A-Za-z0-9_.-]+)==", line)
        if match:
            pins[match[1].lower().replace("_", "-")] = line.strip()
    return [pins[n] for n in names]


def wheel(folder: Path) -> Path:
    """pooltools as a wheel, built from a copy (the build leaves nothing in the checkout)."""
    source = folder / "source"
    shutil.copytree(
        ROOT / "pooltools", source / "pooltools", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(folder), str(source)],
        check=True,
    )  # fmt: skip
    return next(folder.glob("pooltools-*.whl"))


def pack(target: Path, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name])


def main() -> None:
    student = sorted(NOTEBOOKS.glob("*.ipynb"))
    instructor = sorted((NOTEBOOKS / "instructor").glob("*.ipynb"))
    if not student or len(student) != len(instructor):
        sys.exit("classroom: the notebooks are not made yet: run `make book` first")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        whl = wheel(Path(tmp))
        common = {f"notebooks/{p.name}": p.read_bytes() for p in student}
        common[whl.name] = whl.read_bytes()
        requirements = [*pinned(LEARNER_PACKAGES), f"./{whl.name}"]
        common["requirements.txt"] = ("\n".join(requirements) + "\n").encode()
        pack(OUT / "pooling-book-student.zip", {**common, "README.md": STUDENT_README.encode()})
        lab = NOTEBOOKS / "instructor" / "lab_build_pooling.ipynb"
        extra = {f"instructor/{p.name}": p.read_bytes() for p in instructor}
        extra["course/source/lab/lab_build_pooling.ipynb"] = lab.read_bytes()
        extra["course/nbgrader_config.py"] = (
            b"c = get_config()\nc.CourseDirectory.course_id = 'pooling'\n"
            b"c.ExecutePreprocessor.timeout = 300\n"
        )
        grading = [*requirements[:-1], *pinned(["nbgrader"]), requirements[-1]]
        extra["requirements.txt"] = ("\n".join(grading) + "\n").encode()
        extra["README.md"] = INSTRUCTOR_README.encode()
        extra["STUDENT-README.md"] = STUDENT_README.encode()
        pack(OUT / "pooling-book-instructor.zip", {**common, **extra})
    for name in ("pooling-book-student.zip", "pooling-book-instructor.zip"):
        size = (OUT / name).stat().st_size / 1e6
        print(f"classroom: {(OUT / name).relative_to(ROOT)} ({size:.1f} MB)")


if __name__ == "__main__":
    main()
