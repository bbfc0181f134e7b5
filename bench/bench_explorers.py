"""Redraw latency of the explorers: milliseconds from a control change to a new view.

    .venv/bin/python bench/bench_explorers.py [--changes 40] [--warmup 3]

Every explorer's ``text/html`` (what the static book shows) is put on one page and driven
in Debian's Chromium. Two times per change: "draw" is the explorer's own timing
(``data-render-ms``: compute, build and patch or replace the view); "+ layout" adds the
browser's style and layout of the new view, forced at once (painting is not counted).
Before timing, each explorer takes ``--warmup`` changes (one round of its values by
default) that are not counted, so the table shows redraws once the page is warm;
``--warmup 0`` includes the first changes after loading, slower while the JavaScript
engine compiles the code.
Target: under 16 ms (one frame at 60 Hz) for the largest configuration, the gradient
explorer on a 12x12 input with upstream "all ones"; well under 100 ms for the others.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

from pooltools import explore


def largest():
    """The gradient explorer at its largest: 12x12 input, stride 1, every window's gradient."""
    x = np.random.default_rng(0).integers(0, 10, (12, 12))
    widget = explore.gradient_explorer(x, kernel_size=3, stride=1, padding=1)
    widget.upstream = "all ones"
    return widget


# name: (widget, its kind, the control changed, the values it takes in turn;
# "next" presses the stepper's next button instead)
EXPLORERS = {
    "window (kernel 2-4)": (explore.window_explorer(), "window", "kernel", [2, 3, 4]),
    "window (next cell)": (
        explore.window_explorer(kernel_size=3, stride=1, padding=1),
        "window",
        "next",
        [None],
    ),
    "gradient (kernel 2-4)": (explore.gradient_explorer(), "gradient", "kernel", [2, 3, 4]),
    "gradient 12x12, all ones (kernel 2-4)": (largest(), "gradient", "kernel", [2, 3, 4]),
    "shape (kernel 2-4)": (explore.shape_lab(length=32), "shape", "kernel", [2, 3, 4]),
    "adaptive (bins)": (
        explore.adaptive_bins_explorer(input_size=40),
        "adaptive",
        "bins",
        [3, 7, 11],
    ),
    "features (kernel)": (explore.feature_maps(), "features", "kernel", [2, 4, 8]),
}

# One change in the page: set the control (or press next), then force style and layout.
CHANGE = """([index, control, value]) => {
    const root = document.querySelectorAll("[data-pooltools-explorer]")[index];
    const t0 = performance.now();
    if (control === "next") root.querySelector("button[data-step=next]").click();
    else {
        const e = root.querySelector(`[name=${control}]`);
        e.value = value;
        e.dispatchEvent(new Event("input", {bubbles: true}));
    }
    root.getBoundingClientRect();
    void document.body.offsetHeight;
    return [parseFloat(root.dataset.renderMs), performance.now() - t0];
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=40, help="control changes per explorer")
    parser.add_argument(
        "--warmup", type=int, default=3, help="changes per explorer before timing (not counted)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_file = Path(tmp) / "explorers.html"
        body = "".join(w._repr_mimebundle_()[0]["text/html"] for w, *_ in EXPLORERS.values())
        page_file.write_text(
            f"<!doctype html><meta charset=utf-8><body style='max-width:900px'>{body}</body>"
        )
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(page_file.as_uri())
        page.wait_for_function(
            f"""() => {{
                const roots = document.querySelectorAll("[data-pooltools-explorer]");
                return roots.length === {len(EXPLORERS)} &&
                    [...roots].every(r => r.hasAttribute("data-output"));
            }}""",
            timeout=15000,
        )
        print(
            "| explorer | median draw ms | worst draw ms | median + layout ms | worst + layout ms |"
        )
        print("|---|---|---|---|---|")
        for index, (name, (_, kind, control, values)) in enumerate(EXPLORERS.items()):
            root = page.locator("[data-pooltools-explorer]").nth(index)
            assert root.get_attribute("data-pooltools-explorer") == kind, name
            timings = [
                page.evaluate(CHANGE, [index, control, str(values[i % len(values)])])
                for i in range(args.warmup + args.changes)
            ]
            draw, total = zip(*timings[args.warmup :])
            assert root.locator(".pt-error").inner_text() == "", name
            print(
                f"| {name} | {statistics.median(draw):.2f} | {max(draw):.2f} "
                f"| {statistics.median(total):.2f} | {max(total):.2f} |"
            )
        browser.close()


if __name__ == "__main__":
    main()
