"""Build pooltools' wheel from a copy of the package, so nothing lands in the checkout.

    .venv/bin/python tools/build_wheel.py _build/dist     # or: make wheel

Used by `make book` (the site serves the wheel) and by tools/classroom.py (the packs
carry it). Old wheels in the folder are removed first: it holds one, the current one.

The wheel leaves out `pooltools/naive.py`: its loops are the lab's answers, and no
chapter imports them (the tests, run in a checkout, do).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_wheel(folder: Path) -> Path:
    """pooltools as a wheel in ``folder``; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("pooltools-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        shutil.copytree(
            ROOT / "pooltools",
            source / "pooltools",
            ignore=shutil.ignore_patterns("__pycache__", "naive.py"),
        )
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(ROOT / name, source)
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
             "--wheel-dir", str(folder), str(source)],
            check=True,
        )  # fmt: skip
    return next(folder.glob("pooltools-*.whl"))


if __name__ == "__main__":
    target = build_wheel(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "dist")
    print(f"wheel: {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
