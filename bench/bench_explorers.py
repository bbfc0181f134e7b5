"""Redraw latency of the explorers: median milliseconds from a control change to a new view.

    .venv/bin/python bench/bench_explorers.py [--changes 40]

Each explorer is put on one page and driven in Debian's Chromium; the explorers time
their own redraw (``data-render-ms``). Target: well under 100 ms for the small grids.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from pooltools import explore

EXPLORERS = {
    "window": (explore.window_explorer(), "kernel", [2, 3, 4]),
    "gradient": (explore.gradient_explorer(), "kernel", [2, 3, 4]),
    "shape": (explore.shape_lab(length=32), "kernel", [2, 3, 4]),
    "adaptive": (explore.adaptive_bins_explorer(input_size=40), "bins", [3, 7, 11]),
    "features": (explore.feature_maps(), "kernel", [2, 4, 8]),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=40, help="control changes per explorer")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_file = Path(tmp) / "explorers.html"
        body = "".join(e._repr_html_() for e, _, _ in EXPLORERS.values())
        page_file.write_text(f"<!doctype html><meta charset=utf-8><body>{body}</body>")
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.goto(page_file.as_uri())
        print("| explorer | median redraw ms | max ms |\n|---|---|---|")
        for kind, (_, control, values) in EXPLORERS.items():
            root = page.locator(f"[data-pooltools-explorer={kind}]")
            times = []
            for i in range(args.changes):
                target = root.locator(f"[name={control}]")
                value = str(values[i % len(values)])
                if target.evaluate("e => e.tagName") == "SELECT":
                    target.select_option(value)
                else:
                    target.fill(value)
                times.append(float(root.get_attribute("data-render-ms")))
            print(f"| {kind} | {statistics.median(times):.2f} | {max(times):.2f} |")
        browser.close()


if __name__ == "__main__":
    main()
