"""make classroom: two zips a teacher can hand out and grade with, pooltools inside."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile

import pytest

from booksite import ROOT

pytestmark = pytest.mark.book  # packs the notebooks `make book` wrote

OUT = ROOT / "_build" / "classroom"


@pytest.fixture(scope="module")
def packs():
    if not (ROOT / "notebooks" / "instructor").exists():
        pytest.fail("no notebooks: run `make book` first (make test does)")
    subprocess.run([sys.executable, str(ROOT / "tools" / "classroom.py")], check=True)
    return {
        name: zipfile.ZipFile(OUT / f"pooling-book-{name}.zip")
        for name in ("student", "instructor")
    }


def test_the_student_pack_has_the_notebooks_and_no_solutions(packs):
    names = packs["student"].namelist()
    chapters = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(n[10:] for n in names if n.startswith("notebooks/")) == chapters
    assert not [n for n in names if n.startswith(("instructor/", "course/"))]
    for name in names:
        if name.endswith(".ipynb"):
            text = packs["student"].read(name).decode()
            assert "<details>" not in text
            assert "BEGIN SOLUTION" not in text


def test_the_instructor_pack_has_solutions_and_the_nbgrader_course(packs):
    names = set(packs["instructor"].namelist())
    assert "course/source/lab/lab_build_pooling.ipynb" in names
    assert "course/nbgrader_config.py" in names
    lab = packs["instructor"].read("course/source/lab/lab_build_pooling.ipynb").decode()
    assert lab.count("BEGIN SOLUTION") == 4
    assert any(n.startswith("instructor/0") for n in names)
    assert "nbgrader==" in packs["instructor"].read("requirements.txt").decode()


def test_pooltools_installs_from_the_pack(packs, tmp_path):
    pack = packs["student"]
    (wheel,) = [n for n in pack.namelist() if n.endswith(".whl")]
    assert f"./{wheel}" in pack.read("requirements.txt").decode().splitlines()
    pack.extract(wheel, tmp_path)
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
         str(tmp_path / wheel)],
        check=True,
    )  # fmt: skip
    path = os.pathsep.join([str(target), sysconfig.get_paths()["purelib"]])
    code = "import pooltools, pooltools.explore as e; print(pooltools.__file__); e._asset('x.js')"
    code = code.replace("x.js", "explorers.js")  # the JS and CSS travel in the wheel
    out = subprocess.run(
        # -S: no .pth files, so the checkout's editable install cannot answer the import
        [sys.executable, "-S", "-c", code], cwd=tmp_path, env={"PYTHONPATH": path},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert out.startswith(str(target)), out
