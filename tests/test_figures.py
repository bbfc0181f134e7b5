"""The figure script is deterministic, and every figure the book uses is one it makes."""

import filecmp
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def make(out: Path) -> list[Path]:
    script = ROOT / "figures" / "make_figures.py"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, str(script), "--out", str(out)], check=True, capture_output=True, env=env
    )
    return sorted(out.glob("*.png"))


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> list[Path]:
    """One run of the figure script, for every test here."""
    return make(tmp_path_factory.mktemp("figures"))


def test_figures_are_the_same_bytes_on_every_run(made, tmp_path):
    first, second = made, make(tmp_path)
    assert [p.name for p in first] == [p.name for p in second]
    assert first, "no figures made"
    for a, b in zip(first, second):
        assert filecmp.cmp(a, b, shallow=False), f"{a.name} differs between runs"


def test_every_figure_the_book_uses_is_generated(made):
    made = {p.name for p in made}
    used = set()
    for source in (ROOT / "chapters").glob("*.md"):
        used |= set(re.findall(r"figures/([\w-]+\.png)", source.read_text()))
    assert used, "the book uses no figures"
    assert used <= made, f"used but not generated: {used - made}"


def test_every_figure_has_a_dark_twin_and_lettering_a_phone_can_read(made):
    """Each figure the book uses is also drawn for a dark page, and records its smallest
    lettering, which stays >= 11 px when a 375 px phone shows it in the book's 327 px
    column (tests/test_figures_browser.py measures it in the pages)."""
    from PIL import Image

    made = {p.name: p for p in made}
    used = set()
    for source in (ROOT / "chapters").glob("*.md"):
        used |= set(re.findall(r"figures/([\w-]+)\.png", source.read_text()))
    for name in sorted(used):
        light, dark = made[f"{name}.png"], made.get(f"{name}-dark.png")
        assert dark, f"{name}: no dark variant"
        assert not filecmp.cmp(light, dark, shallow=False), f"{name}: dark is the light one"
        sizes = []
        for path in (light, dark):
            with Image.open(path) as image:
                px, width = float(image.text["min-font-px"]), image.width
                sizes.append(image.size)
            assert px * min(width, 327) / width >= 11, f"{path.name}: {px} px at {width} px"
        assert sizes[0] == sizes[1], f"{name}: sizes differ"
