"""Every page of the book as its readers get it, in Debian's Chromium: one load per page
and view (a 1280 px desktop in light and in dark mode, a 375 x 812 phone), every check of
that view made on it.

On the desktop, for every page:
- as a reader sees it: no console or page errors, no failed request and no request
  outside the site, all math typeset, every image loaded and described, no ipywidgets
  control (it would do nothing without a kernel), every animation player steps, worked
  solutions collapsed, every explorer redraws when a control changes; a full-page
  screenshot goes to _build/screenshots/ (``-dark`` for dark mode);
- accessible: axe-core finds no WCAG 2.1 A/AA violation in our content. axe-core comes
  from the npm registry at a pinned, checksummed version (tools/fetch_assets.py, into
  tests/vendor/; the site never serves it). What the theme draws (its header, sidebars,
  search and colour-mode buttons, footer) is the theme's: those regions are left out,
  and the README lists what the theme leaves open;
- legible: every text in every explorer and answer box has WCAG AA contrast (4.5:1; 3:1
  for large text), measured on what the browser paints, SVG text included, which axe
  leaves out (tests/explorer_text.py);
- in light mode, every answer box gives, word for word, the verdict ``check()`` gives in
  a notebook: the right answer typed and submitted with Enter, a wrong one with the button.

On the phone, for every page, loaded in light mode: it does not scroll sideways (prose
included; code, tables and math scroll in their own boxes); no explorer or answer box
scrolls sideways or renders text under 11 px; each figure shows exactly one image, the one
drawn for the mode, described by its alt text, lettering at least 11 px as shown (read
from the PNG's ``min-font-px`` text chunk, which figures/make_figures.py and
pooltools.viz.show record), no wider than the screen; then, in dark mode by the theme's
button, each figure again shows exactly the one image drawn for dark mode, with its
lettering and width checked.
"""

from __future__ import annotations

import base64
import io
import json
import os
from urllib.parse import unquote, urlsplit

import numpy as np
import pytest
from explorer_text import ROOTS, show, texts
from PIL import Image

from booksite import CHROMIUM, HTML, ROOT, open_page, toc_pages
from pooltools.exercises import _ANSWERS, check
from pooltools.exercises.checks import _box_label

pytestmark = pytest.mark.browser
SHOTS = HTML.parent / "screenshots"  # beside the build the tests look at
PHONE = {"width": 375, "height": 812}
SMALLEST_PX = 11
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# the theme's own chrome (pydata-sphinx-theme / sphinx-book-theme), not our markup
THEME = [
    ".bd-header",
    ".bd-sidebar-primary",
    ".bd-sidebar-secondary",
    ".bd-header-article",
    ".bd-footer",
    ".bd-footer-article",
    ".prev-next-area",
    ".search-button__wrapper",
    "#pst-skip-link",
    ".skip-link",
]
MODES = ["light", "dark"]


@pytest.fixture(scope="module", autouse=True)
def axe():
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make assets` (make book and make test do)")


# --- the desktop: as a reader sees it -------------------------------------------------


def reader_problems(page, path: str) -> list[str]:
    """Math, images, dead controls, animation players and collapsed solutions."""
    problems = []
    page.wait_for_function(
        "() => !window.MathJax || window.MathJax.startup?.promise", timeout=10000
    )
    page.evaluate("() => window.MathJax?.startup?.promise")
    math = page.evaluate(
        "() => ({marked: document.querySelectorAll('.math').length,"
        " typeset: document.querySelectorAll('mjx-container.MathJax').length,"
        " errors: document.querySelectorAll('mjx-merror').length})"
    )
    if math["errors"] or math["typeset"] < math["marked"]:
        problems.append(f"math not typeset: {math}")
    images = page.evaluate(
        "() => [...document.querySelectorAll('article img')].map(i =>"
        " ({src: i.src, ok: i.complete && i.naturalWidth > 0, alt: (i.alt || '').trim()}))"
    )
    problems += [f"image did not load: {i['src']}" for i in images if not i["ok"]]
    problems += [f"image without alt text: {i['src']}" for i in images if not i["alt"]]
    widgets = page.locator(".jupyter-widgets, .widget-slider, .widget-dropdown, .widget-button")
    if widgets.count() or "application/vnd.jupyter.widget-view+json" in page.content():
        problems.append(f"{widgets.count()} dead ipywidgets controls")
    for player in page.locator(".animation").all():  # matplotlib's to_jshtml players
        frame = player.locator("input[type=range]")
        before = frame.input_value()
        player.locator("button[title*='Next' i], button[onclick*='next_frame']").first.click()
        if frame.input_value() == before:
            problems.append("an animation player did not step")
    for solution in page.locator(".solution.dropdown").all():
        if solution.locator("section, p").last.is_visible():
            problems.append("a worked solution is open")
    return problems


def explorers_react(page) -> list[str]:
    """Every explorer redraws when its first select or number field changes."""
    dead = []
    for explorer in page.locator("[data-pooltools-explorer]").all():
        before = explorer.locator(".pt-view").inner_html()
        control = explorer.locator("select, input[type=number]").first
        if control.evaluate("e => e.tagName") == "SELECT":  # pick another option
            control.select_option(index=control.evaluate("e => (e.selectedIndex + 1) % e.length"))
        else:
            control.fill(str(int(control.input_value()) + 1))
        if explorer.locator(".pt-view").inner_html() == before:
            dead.append(f"the {explorer.get_attribute('data-pooltools-explorer')} explorer is dead")
    return dead


# --- the desktop: accessible and legible -----------------------------------------------


def axe_violations(page) -> list[dict]:
    page.add_script_tag(content=AXE.read_text())
    return page.evaluate(
        """async ([tags, theme]) => {
          const context = {include: [document], exclude: theme.map(s => [s])};
          // violations only: axe skips gathering what passed (a third of its time)
          const result = await axe.run(context, {runOnly: {type: 'tag', values: tags},
                                                 resultTypes: ['violations']});
          return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '')
                               .replace(/\\s+/g, ' ').slice(0, 240)),
          }));
        }""",
        [TAGS, THEME],
    )


# an answer box's verdicts appear only once answered: one of each is shown to be measured
VERDICTS = """() => document.querySelectorAll('.pt-check').forEach((box, i) => {
  if (i) return;
  for (const [cls, text] of [['pt-right', '✓ right'], ['pt-wrong', '✗ not yet: a hint']]) {
    const v = document.createElement('div');
    v.className = 'pt-verdict ' + cls;
    v.dataset.measured = '';
    v.textContent = text;
    box.appendChild(v);
  }
})"""


def low_contrast(page) -> list[str]:
    page.evaluate(VERDICTS)
    measured = texts(page)
    page.evaluate(
        "() => document.querySelectorAll('.pt-verdict[data-measured]').forEach(v => v.remove())"
    )
    low = sorted(
        (r for r in measured if r["ratio"] < (3 if r["large"] else 4.5)), key=lambda r: r["ratio"]
    )
    return [f"{len(low)} texts under AA contrast\n" + show(low)] if low else []


# --- the desktop: answer boxes ----------------------------------------------------------


def as_typed(value) -> str:
    """How a learner would type an answer into the box."""
    if isinstance(value, tuple):
        return "(" + ", ".join(str(int(v)) for v in value) + ")"
    if isinstance(value, np.ndarray):
        return json.dumps(value.tolist())
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def wrong(value):
    if isinstance(value, tuple):
        return tuple(int(v) + 1 for v in value)
    return np.asarray(value, dtype=float) + 1 if isinstance(value, np.ndarray) else value + 1


def answer_box_problems(page, path: str) -> list[str]:
    boxes = page.locator("[data-pooltools-check]").all()
    numbered = path.startswith("chapters/") and path[9:11].isdigit()
    if numbered and len(boxes) < 3:
        return [f"{len(boxes)} answer boxes"]
    if not boxes:
        return []
    if "✗" in page.locator("article").inner_text():
        return ["a stale ✗ output"]
    problems = []
    for box in boxes:
        exercise = box.get_attribute("data-pooltools-check")
        kind, compute, _ = _ANSWERS[exercise]
        if box.locator("label").inner_text().strip() != _box_label(exercise, kind):
            problems.append(f"{exercise}: the box's label is not what check() says")
        expected = compute()
        box.locator("input").fill(as_typed(expected))
        box.locator("input").press("Enter")  # keyboard: Enter submits
        said = box.locator(".pt-verdict").inner_text()
        if said != repr(check(exercise, expected)):
            problems.append(f"{exercise}: the right answer gets {said!r}")
    last = boxes[-1]
    exercise = last.get_attribute("data-pooltools-check")
    guess = wrong(_ANSWERS[exercise][1]())
    last.locator("input").fill(as_typed(guess))
    last.locator("button").click()
    verdict = last.locator(".pt-verdict").inner_text()
    guess = guess.tolist() if isinstance(guess, np.ndarray) else guess
    if not isinstance(guess, list | tuple) and float(guess).is_integer():
        guess = int(guess)  # what the learner typed, as check() echoes it
    if verdict != repr(check(exercise, guess)) or not verdict.startswith("✗"):
        problems.append(f"{exercise}: a wrong answer gets {verdict!r}")
    return problems


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", toc_pages())
def test_page_on_a_desktop(browser, base_url, path, mode):
    page, problems = open_page(browser, base_url + path, mode)
    try:
        found = {"reader": reader_problems(page, path)}
        SHOTS.mkdir(parents=True, exist_ok=True)
        shot = path.replace("/", "__") + ("" if mode == "light" else "-dark") + ".jpg"
        # JPEG: to look at, not to compare; it took half the CPU of a PNG of a whole page
        page.screenshot(path=str(SHOTS / shot), full_page=True, type="jpeg", quality=80)
        violations = axe_violations(page)
        found["accessibility"] = [
            f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:8])
            for v in violations
        ]
        found["contrast"] = low_contrast(page)
        found["explorers"] = explorers_react(page)
        if mode == "light":
            found["answer boxes"] = answer_box_problems(page, path)
        found["browser"] = problems
    finally:
        page.context.close()
    report = "\n".join(f"[{what}] {p}" for what, ps in found.items() for p in ps)
    assert not report, f"{path} in {mode} mode at 1280 px:\n{report}"


def test_screenshots_are_kept_for_people_to_look_at():
    if not os.path.exists(CHROMIUM):
        pytest.skip("no Chromium")
    shots = list(SHOTS.glob("*.jpg"))
    assert len(shots) >= len(toc_pages()), f"only {len(shots)} screenshots in {SHOTS}"


# --- the phone ------------------------------------------------------------------------

# the page: its width, and the first elements of the prose past the screen's edge
PAGE_WIDTH = """() => {
  const W = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll(".bd-article *")]
    .filter(e => e.getBoundingClientRect().right > W + 1)
    .filter(e => !e.closest("pre, .highlight, .table-wrapper, mjx-container, table"))
    .slice(0, 3).map(e => e.tagName.toLowerCase() + ": " + e.textContent.slice(0, 60));
  return [document.documentElement.scrollWidth, W, wide];
}"""

# every card, and every box around it that scrolls sideways, by how far its content is
# wider than it; and every card that reaches past the page's right edge
OVERFLOW = """(roots) => {
  const wide = [];
  const name = e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined
    ? "." + String(e.className).trim().split(/\\s+/).join(".") : "");
  const seen = new Set();
  for (const root of document.querySelectorAll(roots)) {
    if (!root.getClientRects().length) continue;
    const kind = root.dataset.pooltoolsExplorer || "answer box";
    for (let e = root; e && e !== document.documentElement; e = e.parentElement) {
      if (seen.has(e)) break;
      seen.add(e);
      const x = getComputedStyle(e).overflowX;
      const scrolls = e === root || x === "auto" || x === "scroll";
      if (scrolls && e.scrollWidth > e.clientWidth + 1) {
        wide.push(kind + ": " + name(e) + " " + e.scrollWidth + " px in " + e.clientWidth + " px");
      }
    }
  }
  const page = document.documentElement.clientWidth;
  for (const root of document.querySelectorAll(roots)) {
    const right = Math.round(root.getBoundingClientRect().right);
    if (root.getClientRects().length && right > page + 1) {
      const kind = root.dataset.pooltoolsExplorer || "answer box";
      wide.push(kind + ": reaches " + right + " px in a page of " + page + " px");
    }
  }
  return wide;
}"""

# each <figure> of the article that holds an image, outside the explorers (whose views
# are drawn by their own module): its images, as the page lays them out
FIGURES = """() => [...document.querySelectorAll('article figure')]
  .filter(f => f.querySelector('img') && !f.closest('[data-pooltools-explorer], .pt-host'))
  .map(f => ({
  caption: (f.querySelector('figcaption')?.innerText || '').trim().slice(0, 60),
  right: f.getBoundingClientRect().right,
  scrollWidth: f.scrollWidth, clientWidth: f.clientWidth,
  images: [...f.querySelectorAll('img')].map(i => ({
    src: i.currentSrc || i.src, alt: (i.alt || '').trim(), classes: i.className,
    visible: i.checkVisibility() && i.getBoundingClientRect().width > 0,
    loaded: i.complete && i.naturalWidth > 0,
    width: i.getBoundingClientRect().width, right: i.getBoundingClientRect().right,
    naturalWidth: i.naturalWidth,
  })),
}))"""


def png_text(src: str) -> dict[str, str]:
    """The text chunks of the PNG an <img> shows: a data: URI, or a file of the site."""
    if src.startswith("data:"):
        data = base64.b64decode(src.split(",", 1)[1])
    else:
        data = (HTML / unquote(urlsplit(src).path).lstrip("/")).read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.text)


def figure_problems(figures, viewport: int, mode: str) -> list[str]:
    problems = []
    for n, figure in enumerate(figures, 1):
        where = f"figure {n} ({figure['caption']!r})"
        shown = [i for i in figure["images"] if i["visible"]]
        if len(shown) != 1:
            problems.append(f"{where}: {len(shown)} visible images, not 1")
            continue
        image = shown[0]
        if not image["loaded"]:
            problems.append(f"{where}: did not load: {image['src'][:80]}")
            continue
        if len(image["alt"]) < 20:
            problems.append(f"{where}: no real alt text")
        if f"only-{mode}" not in image["classes"].split():
            problems.append(f"{where}: shows an image not drawn for {mode} mode")
        from_site = not image["src"].startswith("data:")
        if mode == "dark" and from_site and not urlsplit(image["src"]).path.endswith("-dark.png"):
            problems.append(f"{where}: dark mode shows {image['src']}")
        text = png_text(image["src"])
        if "min-font-px" not in text:
            problems.append(f"{where}: the PNG does not record its smallest lettering")
            continue
        lettering = float(text["min-font-px"]) * image["width"] / image["naturalWidth"]
        if lettering < SMALLEST_PX:
            problems.append(f"{where}: lettering {lettering:.1f} px < {SMALLEST_PX} px")
        if max(figure["right"], image["right"]) > viewport + 0.5 or (
            figure["scrollWidth"] > figure["clientWidth"] + 1
        ):
            problems.append(f"{where}: wider than the {viewport} px screen")
    return problems


def switch_to(page, mode: str) -> None:
    """Click the theme's colour-mode button, as a reader does, until the page is in mode."""
    for _ in range(3):  # the button cycles light, dark, auto
        if page.evaluate("document.documentElement.dataset.theme") == mode:
            return
        page.evaluate("() => document.querySelector('.theme-switch-button').click()")
    raise AssertionError(f"the theme's colour-mode button never reached {mode} mode")


# One load per page on the phone, in light mode, then dark mode by the theme's button: the
# layout, the explorers' lettering and the console are the same in both modes (the page
# loaded in dark mode is checked on the desktop), so only which image each figure shows is
# checked again in dark mode.
@pytest.mark.parametrize("path", toc_pages())
def test_page_on_a_phone(browser, base_url, path):
    mode = "light"
    page, problems = open_page(browser, base_url + path, mode, viewport=PHONE)
    try:
        width, screen, wide = page.evaluate(PAGE_WIDTH)
        found = {
            "page": [f"{width} px wide on a {screen} px screen: {wide}"] if width > screen else []
        }
        cards = page.evaluate(OVERFLOW, ROOTS)
        small = sorted((r for r in texts(page) if r["px"] < SMALLEST_PX), key=lambda r: r["px"])
        found["explorers"] = ["scrolls sideways:\n  " + "\n  ".join(cards)] if cards else []
        if small:
            found["explorers"].append(f"{len(small)} texts under {SMALLEST_PX} px:\n" + show(small))
        found["figures"] = figure_problems(page.evaluate(FIGURES), screen, mode)
        switch_to(page, "dark")
        found["figures in dark mode"] = figure_problems(page.evaluate(FIGURES), screen, "dark")
        found["browser"] = problems
    finally:
        page.context.close()
    report = "\n".join(f"[{what}] {p}" for what, ps in found.items() for p in ps)
    assert not report, f"{path} at 375 px, loaded in light mode:\n{report}"
