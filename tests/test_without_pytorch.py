"""The chapters that use PyTorch only to compare with it run without it, as the first cell
promises: every cell that reads PyTorch, or what such a cell would have made, is skipped
(tools/notebook_setup.py's input transformer), every other cell runs, and every answer box
is there.

A quick check beside the learner's Run All in JupyterLab (tests/test_learner.py): each
student notebook's code cells go through the transformer in a fresh interpreter in which
``import torch`` fails, and are run there.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import notebooks  # tools/notebooks.py
from booksite import ROOT

pytestmark = pytest.mark.book

DRIVER = r"""
import contextlib, io, json, sys
import matplotlib
matplotlib.use("Agg")


sys.modules["torch"] = None  # as on a machine without PyTorch: import fails, find_spec is None
setup = open(sys.argv[1]).read()
setup = setup[: setup.index("install, options, needs = [], [], []")]  # the definitions
tools = {}
exec(compile(setup, "notebook_setup.py", "exec"), tools)
nb = json.load(open(sys.argv[2]))
names, scope, ran, skipped, exercises = set(), {"__name__": "__main__"}, 0, 0, 0
for n, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
    code = "".join(cell["source"])
    if "SetupNeeded" in code:
        continue  # the first cell: what it installs is tested by the learner's run
    lines = tools["without_pytorch"](code.splitlines(True), names)
    if lines[0].startswith("print('Skipped"):
        skipped += 1
        exercises += "check(" in code  # an answer box a learner could not use
        continue
    code = "".join(l for l in lines if not l.lstrip().startswith(("%", "!")))
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(code, f"code cell {n}", "exec"), scope)
    except Exception as error:
        sys.exit(f"code cell {n} failed without PyTorch: {type(error).__name__}: {error}\n{code}")
    ran += 1
print(ran, skipped, exercises)
"""


@pytest.mark.parametrize("chapter", sorted(notebooks.PYTORCH_OPTIONAL))
def test_a_chapter_that_only_compares_with_pytorch_runs_without_it(chapter):
    notebook = ROOT / "notebooks" / f"{chapter}.ipynb"
    if not notebook.exists():
        pytest.fail(f"no {notebook.name}: run `make book` first (make test does)")
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, ROOT / "tools" / "notebook_setup.py", notebook],
        capture_output=True, text=True, cwd=notebook.parent, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    ran, skipped, exercises = map(int, result.stdout.split()[-3:])
    assert skipped >= 1, f"{notebook.name}: no cell skipped, yet it uses PyTorch"
    assert ran >= 1, f"{notebook.name}: no cell ran"
    assert not exercises, f"{notebook.name}: {exercises} answer boxes skipped"
