"""make classroom: two zips a teacher can hand out and grade with, pooltools inside.

What is in them; tests/test_takeaway.py installs and runs them in clean venvs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

import notebooks  # tools/notebooks.py
from booksite import ROOT

pytestmark = pytest.mark.book  # packs what `make book` computed


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    if not notebooks.EXECUTED.exists():
        pytest.fail("the book is not built: run `make book` first (make test does)")
    out = tmp_path_factory.mktemp("classroom")  # its own: another worker may make packs too
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
    return {
        name: zipfile.ZipFile(out / f"pooling-book-{name}.zip")
        for name in ("student", "instructor")
    }


def test_the_student_pack_has_pristine_notebooks_and_no_solutions(packs):
    names = packs["student"].namelist()
    chapters = sorted(f"{p.stem}.ipynb" for p in notebooks.chapter_sources())
    assert sorted(n[10:] for n in names if n.startswith("notebooks/")) == chapters
    assert not [n for n in names if n.startswith(("instructor/", "course/"))]
    for name in names:
        if name.endswith(".ipynb"):
            text = packs["student"].read(name).decode()
            assert "<details>" not in text
            assert "BEGIN SOLUTION" not in text
            assert "STALE EDIT" not in text
            nb = json.loads(text)
            assert not [c for c in nb["cells"] if c.get("outputs")], name
            assert "widgets" not in nb["metadata"]


def test_the_requirements_pin_everything_and_take_cpu_only_torch_on_linux(packs):
    for pack in packs.values():
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
    assert any(line.startswith("nbgrader==") for line in
               packs["instructor"].read("requirements.txt").decode().splitlines())  # fmt: skip


def test_the_instructor_pack_has_solutions_and_the_nbgrader_course(packs):
    names = set(packs["instructor"].namelist())
    assert "course/source/lab/lab_build_pooling.ipynb" in names
    assert "course/nbgrader_config.py" in names
    lab = packs["instructor"].read("course/source/lab/lab_build_pooling.ipynb").decode()
    assert lab.count("BEGIN SOLUTION") == 4
    assert any(n.startswith("instructor/0") for n in names)
