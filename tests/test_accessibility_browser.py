"""Every page as every reader gets it: axe-core finds no WCAG 2.1 A/AA violation in our
content, in light and in dark mode.

axe-core comes from the npm registry at a pinned, checksummed version
(tools/fetch_assets.py, into tests/vendor/; the site never serves it) and is injected
into each page by Playwright. What the theme draws (its header, sidebars, search and
colour-mode buttons, footer) is the theme's: those regions are left out, and the README
lists what the theme leaves open.
"""

from __future__ import annotations

import pytest

from booksite import ROOT, open_in, toc_pages

pytestmark = pytest.mark.browser
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


@pytest.fixture(scope="module", autouse=True)
def axe():
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make assets` (make book and make test do)")


def axe_violations(page) -> list[dict]:
    page.add_script_tag(content=AXE.read_text())
    return page.evaluate(
        """async ([tags, theme]) => {
          const context = {include: [document], exclude: theme.map(s => [s])};
          const result = await axe.run(context, {runOnly: {type: 'tag', values: tags}});
          return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '')
                               .replace(/\\s+/g, ' ').slice(0, 240)),
          }));
        }""",
        [TAGS, THEME],
    )


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("name", toc_pages())
def test_no_accessibility_violation_in_our_content(browser, base_url, name, mode):
    context, page = open_in(browser, base_url + name, mode)
    try:
        violations = axe_violations(page)
    finally:
        context.close()
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:8])
        for v in violations
    )
    assert not violations, f"{name} in {mode} mode:\n{report}"
