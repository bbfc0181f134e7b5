"""The built book in a real browser: Debian's Chromium driven by Playwright.

For every page of the table of contents: no console or page errors, no failed request
and no request outside the site, all math typeset, every image loaded and described,
every animation player steps, every explorer reacts to its controls, and no ipywidgets
control. A full-page screenshot of each page goes to _build/screenshots/.
"""

from __future__ import annotations

import os
import shutil

import pytest

from booksite import HTML, toc_pages

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
SHOTS = HTML.parent / "screenshots"  # beside the build the tests look at


def open_page(browser, url):
    """Load a page, recording every problem a reader's browser would meet."""
    problems = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
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
    return page, problems


@pytest.mark.parametrize("path", toc_pages())
def test_page_as_a_reader_sees_it(browser, base_url, path):
    page, problems = open_page(browser, base_url + path)
    try:
        # math: MathJax has typeset every formula Sphinx marked
        page.wait_for_function(
            "() => !window.MathJax || window.MathJax.startup?.promise", timeout=10000
        )
        page.evaluate("() => window.MathJax?.startup?.promise")
        math = page.evaluate(
            "() => ({marked: document.querySelectorAll('.math').length,"
            " typeset: document.querySelectorAll('mjx-container.MathJax').length,"
            " errors: document.querySelectorAll('mjx-merror').length})"
        )
        assert math["errors"] == 0, f"{path}: {math}"
        assert math["typeset"] >= math["marked"], f"{path}: math not typeset: {math}"
        # images: loaded, with alt text
        images = page.evaluate(
            "() => [...document.querySelectorAll('article img')].map(i =>"
            " ({src: i.src, ok: i.complete && i.naturalWidth > 0, alt: (i.alt || '').trim()}))"
        )
        for image in images:
            assert image["ok"], f"{path}: image did not load: {image['src']}"
            assert image["alt"], f"{path}: image without alt text: {image['src']}"
        # no ipywidgets control: it would do nothing without a kernel
        widgets = page.locator(".jupyter-widgets, .widget-slider, .widget-dropdown, .widget-button")
        assert widgets.count() == 0, f"{path}: {widgets.count()} dead ipywidgets controls"
        assert "application/vnd.jupyter.widget-view+json" not in page.content()
        # animation players (matplotlib to_jshtml) step when pressed
        for player in page.locator(".animation").all():
            frame = player.locator("input[type=range]")
            before = frame.input_value()
            player.locator("button[title*='Next' i], button[onclick*='next_frame']").first.click()
            assert frame.input_value() != before, f"{path}: an animation player did not step"
        # worked solutions start collapsed
        for solution in page.locator(".solution.dropdown").all():
            assert not solution.locator("section, p").last.is_visible(), f"{path}: open solution"
        # every explorer redraws when a control changes
        for explorer in page.locator("[data-pooltools-explorer]").all():
            before = explorer.locator(".pt-view").inner_html()
            control = explorer.locator("select, input[type=number]").first
            if control.evaluate("e => e.tagName") == "SELECT":  # pick another option
                control.select_option(
                    index=control.evaluate("e => (e.selectedIndex + 1) % e.length")
                )
            else:
                control.fill(str(int(control.input_value()) + 1))
            assert explorer.locator(".pt-view").inner_html() != before, f"{path}: explorer is dead"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / (path.replace("/", "__") + ".png")), full_page=True)
        assert not problems, f"{path}:\n" + "\n".join(problems)
    finally:
        page.close()


def test_screenshots_are_kept_for_people_to_look_at():
    if not shutil.which("chromium") and not os.path.exists(CHROMIUM):
        pytest.skip("no Chromium")
    shots = list(SHOTS.glob("*.png"))
    assert len(shots) >= len(toc_pages()), f"only {len(shots)} screenshots in {SHOTS}"
