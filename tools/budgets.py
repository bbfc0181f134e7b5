"""Print the site's budgets: clean build time, cached rebuild time, bytes per page.

    make budgets

Budgets: a clean build under 5 minutes on 2 cores, each chapter's execution in it under
60 s (timed as the build runs it, two chapters at a time), a cached rebuild under 30 s, no
page over 3 MB (its HTML and the images and downloads it alone uses; the theme, MathJax
and other shared assets under _static/ are not counted).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timed import TIMINGS, rows

from build_wheel import build_wheel

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
BUILD = [
    str(Path(sys.executable).parent / "jupyter-book"),
    "build",
    str(ROOT),
    "-W",
    "-n",
    "--keep-going",
]


def timed_build(label: str) -> float:
    print(f"{label} ...", flush=True)
    start = time.perf_counter()
    if not list((ROOT / "_build" / "dist").glob("pooltools-*.whl")):
        build_wheel(ROOT / "_build" / "dist")  # the site serves it (html_static_path)
    subprocess.run(BUILD, check=True, capture_output=True)
    return time.perf_counter() - start


def page_bytes(page: Path) -> int:
    html = page.read_text()
    total = len(html.encode())
    for ref in set(re.findall(r'(?:src|href)="([^"#?]+)', html)):
        if ref.startswith("data:"):  # inline: counted with the HTML
            continue
        target = (page.parent / ref).resolve()
        if target.is_file() and "_static" not in target.parts and target.suffix != ".html":
            total += target.stat().st_size
    return total


def main() -> None:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    clean = timed_build("clean build (every notebook executed)")
    # each chapter's execution in the clean build, as _ext/parallel_execution.py logged it
    logged = rows(TIMINGS / "book.tsv")
    executed = {name: float(s) for name, s, what in logged if what == "executed"}
    cached = timed_build("cached rebuild (nothing changed)")
    pages = sorted(
        p for p in HTML.rglob("*.html") if p.name not in {"genindex.html", "search.html"}
    )
    sizes = {p.relative_to(HTML).as_posix(): page_bytes(p) for p in pages}
    print("\n| budget | measured | limit |\n|---|---|---|")
    print(f"| clean build | {clean:.0f} s | 300 s |")
    for name, seconds in sorted(executed.items(), key=lambda item: -item[1]):
        print(f"| {name} executes | {seconds:.0f} s | 60 s |")
    print(f"| cached rebuild | {cached:.1f} s | 30 s |")
    largest = max(sizes, key=sizes.get)
    print(f"| largest page ({largest}) | {sizes[largest] / 1e6:.2f} MB | 3 MB |\n")
    for name, size in sizes.items():
        print(f"{size / 1e3:9.1f} kB  {name}")
    over = [n for n, s in sizes.items() if s > 3e6]
    slow = [name for name, seconds in executed.items() if seconds > 60]
    ok = clean < 300 and cached < 30 and not over and not slow
    print("\nall budgets met" if ok else f"\nOVER BUDGET: {over + slow or ''}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
