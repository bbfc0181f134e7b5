"""The built book as a reader gets it: its pages, served on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# BOOK_HTML points the tests at another build (for example a private one under /tmp).
HTML = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html"))
# Debian's headless shell: Chromium's own engine (Blink, V8) without the desktop browser
# around it, the build Playwright itself runs headless tests in. Against the full
# /usr/bin/chromium (new headless mode) it took 24-36 % less CPU over the page and explorer
# tests, for the same checks (README, "Tests"). TEST_CHROMIUM picks another binary.
CHROMIUM = os.environ.get("TEST_CHROMIUM", "/usr/bin/chromium-headless-shell")


def toc_pages() -> list[str]:
    """Every page of the table of contents, as a path in the built site."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part["chapters"]]
    return [f + ".html" for f in files]


def record_time(name: str, seconds: float, what: str = "") -> None:
    """A row for `make test`'s timing table (tools/timed.py): what a slow step cost."""
    timings = HTML.parent / "timings"
    timings.mkdir(parents=True, exist_ok=True)
    with (timings / "tests.tsv").open("a") as log:
        log.write(f"{name}\t{seconds:.1f}\t{what}\n")


class Server:
    """A static file server for the built site (or ``directory``), in a thread, on a free
    local port."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or HTML

    def __enter__(self) -> str:
        handler = functools.partial(_QuietHandler, directory=str(self.directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def open_in(browser, url, mode, viewport=None):
    """A page of the built site in the book's light or dark mode (the theme remembers the
    reader's choice), once every explorer has drawn: (context, page); close the context."""
    context = browser.new_context(
        color_scheme=mode, viewport=viewport or {"width": 1280, "height": 900}
    )
    context.add_init_script(f"localStorage.setItem('mode', '{mode}');")
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.pt-host')].every("
        "h => h.querySelector('[data-pooltools-explorer][data-output]'))",
        timeout=15000,
    )
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    return context, page


def open_page(browser, url, mode=None, viewport=None):
    """Load a page, recording every problem a reader's browser would meet: (page,
    problems). Close it with ``page.context.close()``. With ``mode``, the page is in the
    book's light or dark mode (the theme remembers the reader's choice)."""
    problems = []
    if mode:
        context = browser.new_context(
            color_scheme=mode, viewport=viewport or {"width": 1280, "height": 900}
        )
        context.add_init_script(f"localStorage.setItem('mode', '{mode}');")
        page = context.new_page()
    else:
        page = browser.new_page(viewport=viewport or {"width": 1280, "height": 900})
    origin = url.split("/", 3)[:3]
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url} {r.failure}"))

    def check_request(request):
        # data: and blob: URLs are the page's own memory (an explorer imports its module
        # from a blob), never the network
        if request.url.split("/", 3)[:3] != origin and not request.url.startswith(
            ("data:", "blob:")
        ):
            problems.append(f"request outside the site: {request.url}")

    page.on("request", check_request)
    page.goto(url, wait_until="networkidle")
    # every explorer's module is imported (from a blob) and has drawn once
    page.wait_for_function(
        "() => [...document.querySelectorAll('.pt-host')].every("
        "h => h.querySelector('[data-pooltools-explorer][data-output]'))",
        timeout=15000,
    )
    if mode:
        assert page.evaluate("document.documentElement.dataset.theme") == mode
    return page, problems
