"""The explorers and answer boxes on a phone (issue 20): at 375 x 812 CSS pixels nothing
scrolls sideways (not the card, not a scrolling box around it, and no card reaches past
the page's edge) and no text inside renders under 11 px (SVG text: its font-size times
the SVG's scale on screen); and no page of the book is wider than the phone.

One page load per chapter; the measuring is one ``page.evaluate`` each."""

from __future__ import annotations

import pytest
from explorer_text import CHAPTERS, ROOTS, show, texts

from booksite import open_in, toc_pages

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}
SMALLEST = 11  # px

# every card, and every box around it that scrolls sideways, by how far its content is
# wider than it; the page's own sideways scroll too
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
  // the page: no card reaches past its right edge (other content, a long line of code in
  // the prose, is the chapter's, not the explorers')
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


@pytest.mark.parametrize("path", CHAPTERS)
def test_no_explorer_scrolls_sideways_or_shrinks_its_text_on_a_phone(browser, base_url, path):
    context, page = open_in(browser, base_url + path, "light", viewport=PHONE)
    try:
        wide = page.evaluate(OVERFLOW, ROOTS)
        measured = texts(page)
    finally:
        context.close()
    if not measured:
        pytest.skip(f"{path} has no explorer and no answer box")
    small = sorted((r for r in measured if r["px"] < SMALLEST), key=lambda r: r["px"])
    problems = []
    if wide:
        problems.append("scrolls sideways:\n  " + "\n  ".join(wide))
    if small:
        problems.append(f"{len(small)} texts under {SMALLEST} px:\n" + show(small))
    assert not problems, f"{path} at 375 px: " + "\n".join(problems)


@pytest.mark.parametrize("name", toc_pages())
def test_no_page_scrolls_sideways_on_a_phone(browser, base_url, name):
    """The page itself, prose included (a long inline call or path in the text), fits a
    375 px screen; code blocks, tables and math scroll inside their own boxes."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(base_url + name, wait_until="networkidle")
        width, screen, wide = page.evaluate(
            """() => {
              const W = document.documentElement.clientWidth;
              const wide = [...document.querySelectorAll(".bd-article *")]
                .filter(e => e.getBoundingClientRect().right > W + 1)
                .filter(e => !e.closest("pre, .highlight, .table-wrapper, mjx-container, table"))
                .slice(0, 3).map(e => e.tagName.toLowerCase() + ": " + e.textContent.slice(0, 60));
              return [document.documentElement.scrollWidth, W, wide];
            }"""
        )
    finally:
        context.close()
    assert width <= screen, f"{name} is {width} px wide on a {screen} px screen: {wide}"
