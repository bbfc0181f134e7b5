"""Pack the book's notebooks for a class: a student zip and an instructor zip.

    make classroom        # builds the book if needed; writes _build/classroom/*.zip

Both packs are made from notebooks generated afresh from the chapters and the book
build's computed values, never from whatever is in `notebooks/` (which a learner may
have run, edited or saved with outputs): no outputs, no widget state, no answers.

- `pooling-book-student.zip`: the student notebooks (exercises and self-checks, no
  solutions), the lab as nbgrader's release version (its metadata, its locked test
  cells, no solution), pooltools as a wheel, and a `requirements.txt` that installs
  everything the notebooks import at the versions the book was built with (CPU-only
  PyTorch on Linux, from PyTorch's index; `requirements-pypi.txt` is the same from PyPI
  alone, for networks that reach only PyPI).
- `pooling-book-instructor.zip`: the same, plus the instructor notebooks (worked
  solutions collapsed under each exercise) and the lab as an nbgrader course
  (`course/source/lab/`, `course/nbgrader_config.py`), with nbgrader in its
  requirements and a README that walks through grading on one laptop.

The zips are the same bytes for the same inputs (sorted entries, each dated the last
commit, or SOURCE_DATE_EPOCH if it is set).
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
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

PIP_NOTE = """
If `pip install` keeps retrying `download.pytorch.org` (a school proxy, or a PyPI mirror
that does not reach PyTorch's index), stop it (Ctrl-C) and install from PyPI alone: the
same pins, with PyPI's PyTorch, which on Linux adds a few GB of CUDA libraries the
notebooks never use:

    .venv/bin/pip install -r requirements-pypi.txt

(`--retries 0` only makes pip give up on that index sooner: enough on macOS and Windows,
whose PyTorch comes from PyPI anyway, but not on Linux, where PyTorch's CPU-only build is
found only on PyTorch's index.)
"""

STUDENT_README = (
    """# Pooling in CNNs: the notebooks

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
Write the loops yourself: a function that calls a library's pooling (pooltools',
PyTorch's, NumPy's `sliding_window_view`, ...) fails every check. Hand in the notebook
file as your teacher asks, named `lab_build_pooling.ipynb`.
"""
    + PIP_NOTE
)

INSTRUCTOR_README = (
    """# Pooling in CNNs: the instructor's pack

- `notebooks/`: the student edition, to hand out (no solution text in them). The lab
  there is nbgrader's release version: hand out `pooling-book-student.zip` as it is.
- `instructor/`: the same notebooks, each worked solution in a collapsed block under
  its exercise.
- `figures/`: every figure of the chapters as SVG (for your own slides) and PNG, with
  its chapter, caption and alt text in `figures/README.md`.
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

   The name must be exactly `lab_build_pooling.ipynb`. nbgrader grades no other: for a
   `lab_build_pooling (1).ipynb` (a browser's second download) it says "Skipping
   unknown notebook" and "No notebooks found, did you forget to run 'nbgrader
   generate_assignment'?", and the student scores 0. Every nbgrader command in
   `course/` warns about such a file first and prints the `mv` that renames it.

4. `nbgrader autograde lab` runs every submission and records its points
   (`--student alice` for one). `nbgrader_config.py` silences the warnings SQLAlchemy
   (nbgrader's database library) gives about nbgrader's own code; any such `SAWarning`
   you still see, and "Kernel is running over TCP without encryption", are harmless.
5. `nbgrader generate_feedback lab` writes `feedback/<id>/lab/lab_build_pooling.html`
   for each student: their code, each test with its report and points. Its contents
   list at the top names each test, `test_<function>_<rule>` with its score; click one
   to jump to it. A failed test shows the check's report under it: what went wrong,
   the smallest case, what pooltools gives and what the function gave. The math is
   typeset offline by the MathJax in `course/mathjax/` (a feedback file moved out of
   `course/feedback/` shows its math as LaTeX source).
6. `nbgrader export` writes `grades.csv`.

The book's tests run these steps on the packs themselves: the release lab filled in
with the source's solutions scores 15/15; one whose max-pooling gradient lets the last
maximum win ties loses exactly the one ties point; one whose four functions call a
library's pooling scores 0.

## What the 15 tests check, and what they do not

Each test is one rule of one function, one point: `check_implementation(fn, op,
rule=...)` tries the function on up to 150 generated cases of that rule (plain windows;
stride and padding; ceil mode; ties, for max pooling's gradient; `count_include_pad`,
for average pooling) and passes if it agrees with pooltools on all of them.

- Checked: the values and shape on every case tried, and that the function pooled with
  its own code: one that calls a routine that pools or makes the windows fails every
  test it is tried in, whatever it returns, and its report names the routine. That is
  any pooltools function but `pool_output_size` (the wheel does not carry the book's
  loop versions, `pooltools.naive`), PyTorch's pooling (`F.max_pool2d`,
  `nn.MaxPool2d`, ...), `unfold` and `as_strided`, NumPy's `sliding_window_view` and
  `as_strided`, `scipy.ndimage` and scikit-image's `block_reduce` and
  `view_as_windows`, under any name, since the calls are watched while the function
  runs.
- Not checked: how the code is written (slicing a window and calling `.max()` on it is
  allowed; so is code copied from somewhere else), its speed, the optional vectorised
  part, and the self-checks in the chapters. The tests run inside the student's
  notebook, so a student who rebinds `check_implementation` (or pooltools) in their
  own cells can fool them: the feedback shows each solution cell; read the code of
  any that surprises you.

If your network reaches only PyPI, see the note on `requirements-pypi.txt` below.
"""
    + PIP_NOTE
)

NBGRADER_CONFIG = """import glob
import os
import sys
import warnings

import nbgrader

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "pooling"
c.ExecutePreprocessor.timeout = 300
# Feedback typesets its math with the MathJax in this pack (mathjax/), not from a CDN,
# and its contents list names each test: templates/feedback/ comes before nbgrader's own.
here = os.path.dirname(os.path.abspath(__file__))
formgrader = os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader")
c.HTMLExporter.extra_template_basedirs = [
    os.path.join(here, "templates"),
    os.path.join(formgrader, "templates"),
]

# SQLAlchemy warns about nbgrader's own use of its sessions while grading: harmless.
warnings.filterwarnings(
    "ignore", message=r"Object of type <\\w+> not in session", module="nbgrader"
)

# nbgrader grades submitted/<id>/lab/lab_build_pooling.ipynb and nothing else: a file
# saved as "lab_build_pooling (1).ipynb" would score 0 with a misleading message. (nbgrader
# reads this file more than once per command: the check runs once.)
if "POOLING_NAMES_CHECKED" not in os.environ:
    os.environ["POOLING_NAMES_CHECKED"] = "yes"
    for found in sorted(glob.glob(os.path.join(here, "submitted", "*", "lab", "*.ipynb"))):
        name = os.path.relpath(found, here)
        if os.path.basename(found) != "lab_build_pooling.ipynb":
            right = os.path.join(os.path.dirname(name), "lab_build_pooling.ipynb")
            print(f"WARNING: {name} will not be graded (nbgrader grades only "
                  f"lab_build_pooling.ipynb); rename it: mv '{name}' {right}", file=sys.stderr)
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
FEEDBACK = "server_extensions/formgrader/templates/feedback/index.html.j2"
TEST_LINK = '<a href="#{{ cell.metadata.nbgrader.grade_id }}">'


def feedback_template() -> str:
    """nbgrader's feedback page, its contents list naming each test (not "Test cell")."""
    import nbgrader

    page = (Path(nbgrader.__file__).parent / FEEDBACK).read_text()
    if page.count(f"{TEST_LINK}Test cell</a>") != 1:
        sys.exit(f"classroom: nbgrader's {FEEDBACK} changed: no 'Test cell' link to rename")
    name = "<code>{{ cell.metadata.nbgrader.grade_id }}</code>"
    return page.replace(f"{TEST_LINK}Test cell</a>", f"{TEST_LINK}{name}</a>")


def zip_date() -> tuple[int, int, int, int, int, int]:
    """The date of every file in the packs: SOURCE_DATE_EPOCH, or the last commit's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        git = ["git", "log", "-1", "--format=%ct"]
        epoch = subprocess.run(git, cwd=ROOT, capture_output=True, text=True).stdout.strip()
    if not epoch:  # not a git checkout: the newest chapter
        epoch = max(p.stat().st_mtime for p in notebooks.chapter_sources())
    return time.gmtime(max(int(float(epoch)), 315532800))[:6]  # zip dates start in 1980


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


def requirements(wheel: str, extra: tuple[str, ...] = (), torch_index: bool = True) -> str:
    """A pack's requirements.txt: everything pinned, CPU-only torch on Linux, the wheel.

    With ``torch_index=False``, requirements-pypi.txt: the same from PyPI alone (PyPI's
    torch, with CUDA on Linux), for networks that cannot reach PyTorch's index.
    """
    pinned, lines = notebooks.pins(), []
    for name in closure((*LEARNER_PACKAGES, *extra)):
        if name == "torch":
            continue
        version = pinned.get(name) or metadata.version(name)
        lines.append(f"{name}=={version}")
    torch = pinned["torch"]
    head = [
        "# Everything the notebooks import, at the versions the book was built with.",
        "# On Linux, PyTorch comes from its CPU-only index (no multi-GB CUDA download);",
        "# on macOS and Windows PyPI's wheel is the CPU build already.",
        f"--extra-index-url {TORCH_INDEX}",
        f'torch=={torch}+cpu ; sys_platform == "linux"',
        f'torch=={torch} ; sys_platform != "linux"',
    ]
    if not torch_index:
        head = [
            "# requirements.txt from PyPI alone, for networks that do not reach PyTorch's",
            "# index: PyPI's PyTorch, which on Linux adds CUDA libraries the notebooks never use.",
            f"torch=={torch}",
        ]
    return "\n".join([*head, *lines, f"./{wheel}[explore,lab]", ""])


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
    date = zip_date()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name])


FIGURE = re.compile(
    r"```\{figure\} \.\./figures/(?P<name>[\w-]+)\.png\n:alt: (?P<alt>[^\n]*)\n(?::[^\n]*\n)*\n"
    r"(?P<caption>.*?)\n```",
    re.S,
)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def executed_cells(source: Path) -> list:
    """The chapter's cells with the outputs the book build computed (its execution cache:
    the notebooks myst-nb writes beside the pages carry none)."""
    from jupyter_cache import get_cache

    cache = get_cache(ROOT / "_build" / ".jupyter_cache")
    try:
        record = cache.get_cached_project_nb(str(source.resolve()))
    except KeyError:
        record = None
    if record is None:
        sys.exit(f"classroom: {source.name} has no executed copy: run `make book` first")
    return cache.get_cache_bundle(record.pk).nb.cells


def figures() -> tuple[dict[str, bytes], str]:
    """Every figure of the chapters, the light version as SVG and PNG, and an index of
    them with each one's chapter, caption and alt text: figures/ of the instructor pack.
    The figures/ files come from make_figures.py; those code cells draw come from the
    executed chapters, where pooltools.viz.show left the SVG in the output's metadata."""
    files, rows = {}, []
    for source in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.md")):
        chapter = source.stem
        for m in FIGURE.finditer(source.read_text(encoding="utf-8")):
            name, svg = m["name"], ROOT / "figures" / f"{m['name']}.svg"
            if not svg.exists():
                sys.exit(f"classroom: no {svg.relative_to(ROOT)}: run `make figures`")
            files[f"figures/{name}.svg"] = svg.read_bytes()
            files[f"figures/{name}.png"] = (ROOT / "figures" / f"{name}.png").read_bytes()
            rows.append((name, chapter, _one_line(m["caption"]), _one_line(m["alt"])))
        n = 0
        for cell in executed_cells(source):
            caption = cell.metadata.get("mystnb", {}).get("figure", {}).get("caption", "")
            for output in cell.get("outputs", []):
                drawn = output.get("metadata", {}).get("text/html", {}).get("pooltools")
                if not drawn or not drawn.get("svg"):
                    continue
                n += 1
                name = f"{chapter}-{n}"
                files[f"figures/{name}.svg"] = drawn["svg"].encode()
                png = output["data"].get("image/png", "")
                files[f"figures/{name}.png"] = base64.b64decode(png)
                rows.append((name, chapter, _one_line(caption), _one_line(drawn["alt"])))
    index = [
        "# The book's figures\n",
        "Every figure of the chapters as SVG (its lettering is text: edit it in your slides)",
        "and as the PNG the book shows, in the light version. For each: the chapter, its",
        "caption and the alt text that describes it to a reader who cannot see it; keep the",
        "alt text with the figure when you use it.\n",
    ]
    for name, chapter, caption, alt in rows:
        index += [f"## {name}\n", f"- Files: `{name}.svg`, `{name}.png`", f"- Chapter: {chapter}"]
        index += [f"- Caption: {caption or '(none)'}", f"- Alt text: {alt}\n"]
    return files, "\n".join(index)


def main(out: Path = OUT) -> None:
    if not notebooks.EXECUTED.exists():
        sys.exit("classroom: the book is not built yet: run `make book` first")
    out.mkdir(parents=True, exist_ok=True)
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
        common["requirements-pypi.txt"] = requirements(whl.name, torch_index=False).encode()
        pack(out / "pooling-book-student.zip", {**common, "README.md": STUDENT_README.encode()})
        extra = {f"instructor/{name}": data for name, data in instructor.items()}
        extra[f"course/source/lab/{LAB}"] = instructor[LAB]
        extra["course/nbgrader_config.py"] = NBGRADER_CONFIG.encode()
        extra["course/templates/feedback/mathjax.html.j2"] = MATHJAX_TEMPLATE.encode()
        extra["course/templates/feedback/index.html.j2"] = feedback_template().encode()
        extra["course/mathjax/tex-svg-full.js"] = MATHJAX.read_bytes()
        extra["requirements.txt"] = requirements(whl.name, ("nbgrader",)).encode()
        extra["requirements-pypi.txt"] = requirements(whl.name, ("nbgrader",), False).encode()
        drawn, index = figures()
        extra.update(drawn)
        extra["figures/README.md"] = index.encode()
        extra["README.md"] = INSTRUCTOR_README.encode()
        extra["STUDENT-README.md"] = STUDENT_README.encode()
        pack(out / "pooling-book-instructor.zip", {**common, **extra})
    for name in ("pooling-book-student.zip", "pooling-book-instructor.zip"):
        size = (out / name).stat().st_size / 1e6
        print(f"classroom: {out / name} ({size:.1f} MB)")


if __name__ == "__main__":
    # `--out DIR`: elsewhere than _build/classroom (the tests, each in its own folder)
    main(Path(sys.argv[2]) if sys.argv[1:2] == ["--out"] else OUT)
